"""Search (issue 18): members find the pole's proposals and decisions by words, secretaries find members."""
