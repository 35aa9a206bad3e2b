"""A Translator on tidecord and on discord.py 2.7.1: which strings it is asked for at
sync (command, group, parameter and choice names and descriptions, with the object each
is about and the ``locale_str``'s extras), what is registered from its answers, and
``interaction.translate`` (its ``context.data`` the interaction's command)."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .hybrid_parity import Registered, Slash, transcripts

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def locales_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    _ = app_commands.locale_str
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)
    asked: list[str] = []

    class Pirate(app_commands.Translator):
        async def translate(self, string, locale, context):
            data = context.data
            about = getattr(data, "name", None) or getattr(data, "qualified_name", None)
            if locale is discord.Locale.french:
                asked.append(f"{context.location.name} {type(data).__name__} {about} "
                             f"{string.message!r} {string.extras}")
                return f"{string.message}-fr".lower() if string.extras.get("lower") else \
                    f"{string.message} (fr)"
            return None

    @bot.tree.command(name=_("greet", lower=True), description=_("Say hello"))
    @app_commands.describe(who=_("Who to greet"))
    @app_commands.rename(who=_("who", lower=True))
    @app_commands.choices(style=[app_commands.Choice(name=_("Loud"), value="loud"),
                                 app_commands.Choice(name="Soft", value="soft")])
    async def greet(interaction, who: str, style: str = "soft"):
        text = await interaction.translate(_("Hello"))
        other = await interaction.translate("Bye", locale=discord.Locale.french)
        await interaction.response.send_message(f"{text} {other} {who} {style}")

    group = app_commands.Group(name=_("settings", lower=True), description=_("Settings"))

    @group.command(name="volume", description="Volume")
    async def volume(interaction, level: int):
        await interaction.response.send_message(f"volume {level}")

    @bot.tree.context_menu(name=_("Wave"))
    async def wave(interaction, member: discord.Member):
        await interaction.response.send_message(f"waves at {member.name}")

    @bot.tree.command(description="What was asked")
    async def asked_for(interaction):
        await interaction.response.send_message("\n".join(sorted(set(asked))))

    async def setup_hook():
        bot.tree.add_command(group)
        await bot.tree.set_translator(Pirate())
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


STEPS = [
    Registered(),
    Slash("alice", "greet", {"who": "bob"}),
    Slash("alice", "asked_for"),
]


async def test_a_translator_is_asked_as_on_discord_py(sandbox_factory: Any) -> None:
    said = await transcripts(sandbox_factory, locales_bot, STEPS)
    assert said["tidecord"] == said["discord.py"]
    greet = next(c for c in said["tidecord"][0] if c["name"] == "greet")
    assert greet["name_localizations"] == {"fr": "greet-fr"}
    assert greet["options"][0]["name_localizations"] == {"fr": "who-fr"}
    assert greet["options"][1]["choices"][0]["name_localizations"] == {"fr": "Loud (fr)"}
    assert said["tidecord"][1][1]["original"]["content"] == "None Bye (fr) bob soft"
    asked = said["tidecord"][2][1]["original"]["content"].splitlines()
    assert "other Command greet 'Bye' {}" in asked
    assert "group_name Group settings 'settings' {'lower': True}" in asked
