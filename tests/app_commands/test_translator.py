"""A Translator localises names and descriptions at sync, and interaction.translate()."""

from __future__ import annotations

import pytest

import tidecord
from tidecord import app_commands
from tidecord.app_commands import locale_str as _
from tidecord.sandbox import Sandbox

pytestmark = pytest.mark.timeout(30)

FRENCH = {"greet": "saluer", "Say hello": "Dire bonjour", "who": "qui",
          "Who to greet": "Qui saluer", "Loud": "Fort", "settings": "reglages",
          "Settings": "Réglages", "volume": "volume", "Volume": "Volume", "Hello!": "Bonjour !"}


class French(app_commands.Translator):
    def __init__(self) -> None:
        self.loaded = False
        self.where: set[str] = set()

    async def load(self) -> None:
        self.loaded = True

    async def translate(self, string: app_commands.locale_str, locale: tidecord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        self.where.add(context.location.name)
        if locale is tidecord.Locale.french:
            return FRENCH.get(string.message)
        return None


async def test_sync_registers_translations(sandbox: Sandbox) -> None:
    client = tidecord.Client(api_url=sandbox.api_url)
    tree = app_commands.CommandTree(client)

    @tree.command(name=_("greet"), description=_("Say hello"))
    @app_commands.describe(who=_("Who to greet"))
    @app_commands.choices(style=[app_commands.Choice(name=_("Loud"), value="loud")])
    async def greet(interaction: tidecord.Interaction, who: str, style: str) -> None:
        text = await interaction.translate(_("Hello!"))
        await interaction.response.send_message(text or "Hello!")

    group = app_commands.Group(name="settings", description="Settings")

    @group.command(name="volume", description="Volume")
    async def volume(interaction: tidecord.Interaction, level: int) -> None: ...

    tree.add_command(group)
    translator = French()
    await tree.set_translator(translator)
    assert translator.loaded and tree.translator is translator
    await client.login(sandbox.token)
    try:
        await tree.sync()
    finally:
        await client.close()
    stored = {c.name: c for c in sandbox.state.commands.values()}
    greet_cmd = stored["greet"]
    assert greet_cmd.name_localizations == {"fr": "saluer"}
    assert greet_cmd.description_localizations == {"fr": "Dire bonjour"}
    option = greet_cmd.options[0]
    assert (option.name_localizations, option.description_localizations) == (
        {"fr": "qui"}, {"fr": "Qui saluer"})
    assert greet_cmd.options[1].choices[0].name_localizations == {"fr": "Fort"}
    assert stored["settings"].name_localizations == {"fr": "reglages"}
    assert stored["settings"].options[0].name_localizations == {"fr": "volume"}
    assert {"command_name", "command_description", "parameter_name", "parameter_description",
            "choice_name", "group_name", "group_description"} <= translator.where


def test_locale_str_compares_by_message() -> None:
    assert _("hi", key="x") == _("hi") and str(_("hi")) == "hi"
    assert _("hi").extras == {} and _("hi", key="x").extras == {"key": "x"}
    assert {_("hi")} == {_("hi")}
    assert tidecord.Locale("fr") is tidecord.Locale.french and str(tidecord.Locale.french) == "fr"

