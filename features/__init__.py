"""Gherkin scenarios (in French) for the governance rules, run by pytest-bdd."""
