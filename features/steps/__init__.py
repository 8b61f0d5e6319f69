"""Step definitions shared by every feature, imported into `features/conftest.py`."""
