"""tidecord's pytest plugin (entry point ``pytest11``): sandbox fixtures and strict mode.

It works in a user's project with no configuration of its own: unless the project
configures pytest-asyncio itself, async tests run on asyncio (``asyncio_mode =
auto``), and pytest-asyncio's warning about an unset
``asyncio_default_fixture_loop_scope`` is not shown (unset, each async fixture's
loop has the fixture's own scope, which is what tidecord's fixtures need). A
project that sets either option keeps its own choice.

The fixtures need pytest-asyncio (``pip install "tidecord[testing]"``); without
it, pytest still runs and a test asking for a sandbox fails saying what to install.
"""

from __future__ import annotations

import configparser
import importlib.util
import tomllib
import warnings
from typing import Any

import pytest

HAVE_PYTEST_ASYNCIO = importlib.util.find_spec("pytest_asyncio") is not None

if HAVE_PYTEST_ASYNCIO:
    pytest_plugins = ["tidecord.sandbox.fixtures", "tidecord.health.strict"]
else:
    pytest_plugins = ["tidecord.health.strict"]

    @pytest.fixture
    def sandbox() -> Any:
        """Stands in for the real fixture: says what to install."""
        pytest.fail('tidecord\'s sandbox fixtures need pytest-asyncio: '
                    'pip install "tidecord[testing]"', pytrace=False)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Run async tests on asyncio unless the project chose otherwise (before pytest-asyncio)."""
    if not HAVE_PYTEST_ASYNCIO:
        return
    chosen = _configured(config)
    if "asyncio_mode" not in chosen and getattr(config.option, "asyncio_mode", None) is None:
        config.option.asyncio_mode = "auto"
    if "asyncio_default_fixture_loop_scope" not in chosen:
        # Unset, a fixture's loop already has the fixture's own scope ("function" for
        # tidecord's): pytest-asyncio's warning asks only to say so. Said here.
        warnings.filterwarnings(
            "ignore", message='The configuration option "asyncio_default_fixture_loop_scope"',
            category=pytest.PytestDeprecationWarning)


def _configured(config: pytest.Config) -> set[str]:
    """The ini options the project's config file or ``-o`` sets (whatever their value)."""
    names = {item.partition("=")[0] for item in config.getoption("override_ini", None) or ()}
    path = config.inipath
    if path is None:
        return names
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        table = tomllib.loads(text).get("tool", {}).get("pytest", {})
        return names | set(table) | set(table.get("ini_options", {}))
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    for section in ("pytest", "tool:pytest"):
        if parser.has_section(section):
            names |= set(parser[section])
    return names
