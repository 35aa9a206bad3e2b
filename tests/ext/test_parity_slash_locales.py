"""A Translator on tidecord and on discord.py 2.7.1: which strings it is asked for at
sync (command, group, parameter and choice names and descriptions, with the object each
is about and the ``locale_str``'s extras), what is registered from its answers, and
``interaction.translate`` (its ``context.data`` the interaction's command)."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .hybrid_parity import Registered, Slash, transcripts
from .parity import LIBRARIES, parity_world, quick_limits, running

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
            if locale is not discord.Locale.french:
                return None
            where = context.location.name
            asked.append(f"{where} {type(data).__name__} {about} {string.message!r} "
                         f"{string.extras}")
            if string.extras.get("lower"):
                return f"{string.message}-fr"
            if where.endswith("_name") and where != "choice_name":
                return f"{string.message.lower()}_fr"
            return f"{string.message} (fr)"

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
    assert greet["options"][1]["name_localizations"] == {"fr": "style_fr"}
    assert greet["options"][1]["choices"][0]["name_localizations"] == {"fr": "Loud (fr)"}
    assert said["tidecord"][1][1]["original"]["content"] == "None Bye (fr) bob soft"
    asked = said["tidecord"][2][1]["original"]["content"].splitlines()
    assert "other Command greet 'Bye' {}" in asked
    assert "group_name Group settings 'settings' {'lower': True}" in asked


def careless_bot(discord: Any, commands: Any) -> Any:
    """A translator whose option names Discord cannot take (upper case, a space)."""
    app_commands = discord.app_commands
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)
    bot.sync_said = None

    class Shouting(app_commands.Translator):
        async def translate(self, string, locale, context):
            if locale is discord.Locale.german and context.location.name == "parameter_name":
                return f"{string.message.upper()} BITTE"
            return None

    @bot.tree.command(description="Say hello")
    async def greet(interaction, who: str):
        await interaction.response.send_message(f"hello {who}")

    async def setup_hook():
        await bot.tree.set_translator(Shouting())
        try:
            await bot.tree.sync()
        except discord.HTTPException as error:
            bot.sync_said = f"{type(error).__name__} {error.status} {error.code} {error.text}"
    bot.setup_hook = setup_hook
    return bot


async def test_names_discord_refuses_are_refused_at_sync(sandbox_factory: Any) -> None:
    said = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, careless_bot) as bot:
            said[library] = (bot.sync_said, len(sb.state.commands))
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == ("CommandSyncFailure 400 50035 Invalid Form Body\nIn "
                                "0.options.0.name_localizations.de: Command name is invalid", 0)
