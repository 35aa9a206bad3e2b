"""tidecord's pytest plugin (entry point ``pytest11``): sandbox fixtures and strict mode."""

pytest_plugins = ["tidecord.sandbox.fixtures", "tidecord.health.strict"]
