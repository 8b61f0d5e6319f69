"""Scenarios of features/membership/."""

from pytest_bdd import scenarios

scenarios("membership")
