"""Regional networks of poles (issue 24): declared by the instance, joined by a pole's decision."""
