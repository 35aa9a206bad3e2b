"""Imported by ``alpha``; a reload of ``alpha`` does not import it again."""

X = 1
