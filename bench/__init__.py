"""Benchmarks: Collegia's figures next to the bare library and the raw store, in one run."""
