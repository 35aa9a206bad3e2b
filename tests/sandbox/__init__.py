"""Specifications of the sandbox, as discord.py, hikari and raw clients see it."""
