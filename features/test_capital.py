"""Scenarios of features/capital/ (issue 22: the members' capital register, wired to membership).

Their steps live in features/steps/capital_steps.py, imported here: step definitions are fixtures, visible to the
module that imports them (features/conftest.py imports the shared step modules the same way)."""

from pytest_bdd import scenarios

from features.steps.capital_steps import *  # noqa: F401,F403  (step definitions are fixtures)

scenarios("capital")
