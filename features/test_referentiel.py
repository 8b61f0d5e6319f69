"""Scenarios of features/referentiel/ (issue 24: self-assessment campaigns with the PTCE référentiel, their results
per college, the secrecy of individual answers, regional networks joined by decision, and the strategy revision
drafted from a weak objective).

Their steps live in features/steps/referentiel_steps.py, imported here: step definitions are fixtures, visible to the
module that imports them (features/conftest.py imports the shared step modules the same way)."""

from pytest_bdd import scenarios

from features.steps.referentiel_steps import *  # noqa: F401,F403  (step definitions are fixtures)
from features.steps.network_site_steps import *  # noqa: F401,F403

scenarios("referentiel")
