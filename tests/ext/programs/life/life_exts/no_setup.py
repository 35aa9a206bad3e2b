"""An extension without a setup function."""

PLANTS = ["fern"]
