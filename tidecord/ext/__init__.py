"""discord.py's extensions: ``from tidecord.ext import commands, tasks``."""
