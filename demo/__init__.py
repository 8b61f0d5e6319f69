"""Demo data: a pole with two years of history (`demo.pole.load_demo`), loaded by `collegia demo`."""
