"""Scenarios of features/assemblies/."""

from pytest_bdd import scenarios

scenarios("assemblies")
