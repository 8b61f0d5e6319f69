"""Issue 26: operations being written (see the module once filled)."""
