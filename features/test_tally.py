"""Scenarios of features/tally/."""

from pytest_bdd import scenarios

scenarios("tally")
