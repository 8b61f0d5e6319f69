"""Scenarios of features/elections/ (issue 21: elections to the board, mandates, the board's own decisions).

Their steps live in features/steps/election_steps.py, imported here: step definitions are fixtures, visible to the
module that imports them (features/conftest.py imports the shared step modules the same way)."""

from pytest_bdd import scenarios

from features.steps.election_steps import *  # noqa: F401,F403  (step definitions are fixtures)

scenarios("elections")
