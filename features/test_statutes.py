"""Scenarios of features/statutes/."""

from pytest_bdd import scenarios

scenarios("statutes")
