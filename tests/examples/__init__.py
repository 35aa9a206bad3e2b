"""Tests of the example bots (examples/)."""
