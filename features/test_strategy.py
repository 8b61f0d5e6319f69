"""Scenarios of features/strategy/."""

from pytest_bdd import scenarios

scenarios("strategy")
