"""Scenarios of features/proxies/."""

from pytest_bdd import scenarios

scenarios("proxies")
