"""Scenarios of features/voting/."""

from pytest_bdd import scenarios

scenarios("voting")
