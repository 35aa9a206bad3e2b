"""The benchmark harness, run end to end on a tiny world."""
