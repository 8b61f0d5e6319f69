"""Scenarios of features/membres/ (the CSV import of members, through the web pages)."""

from pytest_bdd import scenarios

from features.steps.import_steps import *  # noqa: F401,F403  (step definitions are fixtures)

scenarios("membres")
