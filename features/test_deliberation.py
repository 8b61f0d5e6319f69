"""Scenarios of features/deliberation/ (issue 23: the discussion before the vote, members' amendments voted first,
the register keeping both texts).

Their steps live in features/steps/deliberation_steps.py, imported here: step definitions are fixtures, visible to
the module that imports them (features/conftest.py imports the shared step modules the same way)."""

from pytest_bdd import scenarios

from features.steps.deliberation_steps import *  # noqa: F401,F403  (step definitions are fixtures)

scenarios("deliberation")
