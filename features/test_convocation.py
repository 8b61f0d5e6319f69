"""Scenarios of features/convocation/ (issue 20: convening a general assembly)."""

from pytest_bdd import scenarios

scenarios("convocation")
