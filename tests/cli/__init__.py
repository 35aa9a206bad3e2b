"""Tests of the `tidecord` command line."""
