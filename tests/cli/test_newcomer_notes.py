"""`tidecord run`'s notes before starting are never said about a bot that is right.

A note about a misspelt event must not fire on an event that exists: every event a
discord.py 2 bot may handle, written as a method, with ``@client.event`` or as a
listener, passes without a note (see ``test_newcomer_mistakes.py`` for the slips).
"""

from __future__ import annotations

import tidecord
from tidecord.cli.advice import startup_notes
from tidecord.ext import commands

EVENTS = """
connect shard_connect disconnect shard_disconnect error ready shard_ready resumed
shard_resumed socket_event_type socket_raw_receive socket_raw_send automod_rule_create
automod_rule_update automod_rule_delete automod_action guild_channel_delete
guild_channel_create guild_channel_update guild_channel_pins_update
private_channel_update private_channel_pins_update typing raw_typing webhooks_update
entitlement_create entitlement_update entitlement_delete integration_create
integration_update guild_integrations_update raw_integration_delete interaction
member_join member_remove raw_member_remove member_update user_update member_ban
member_unban presence_update message message_edit message_delete bulk_message_delete
raw_message_edit raw_message_delete raw_bulk_message_delete poll_vote_add
poll_vote_remove raw_poll_vote_add raw_poll_vote_remove reaction_add reaction_remove
reaction_clear reaction_clear_emoji raw_reaction_add raw_reaction_remove
raw_reaction_clear raw_reaction_clear_emoji guild_available guild_unavailable
guild_join guild_remove guild_update guild_emojis_update guild_stickers_update
audit_log_entry_create invite_create invite_delete guild_role_create guild_role_delete
guild_role_update scheduled_event_create scheduled_event_delete scheduled_event_update
scheduled_event_user_add scheduled_event_user_remove soundboard_sound_create
soundboard_sound_delete soundboard_sound_update voice_channel_effect
stage_instance_create stage_instance_delete stage_instance_update subscription_create
subscription_update subscription_delete thread_create thread_join thread_update
thread_remove thread_delete thread_member_join thread_member_remove raw_thread_update
raw_thread_delete raw_thread_member_remove voice_state_update
raw_app_command_permissions_update app_command_completion command command_error
command_completion
""".split()


async def _handler(*args: object) -> None:
    pass


def _with_content() -> tidecord.Intents:
    intents = tidecord.Intents.default()
    intents.message_content = True
    return intents


def test_every_event_as_a_method_gets_no_note() -> None:
    methods = {f"on_{event}": _handler for event in EVENTS}
    bot_class = type("EveryEventBot", (tidecord.Client,), methods)

    assert startup_notes(bot_class(intents=_with_content())) == []


def test_every_event_as_a_listener_or_client_event_gets_no_note() -> None:
    bot = commands.Bot(command_prefix="!", intents=_with_content())
    client = tidecord.Client(intents=_with_content())
    for event in EVENTS:
        bot.add_listener(_handler, f"on_{event}")
        setattr(client, f"on_{event}", _handler)

    assert startup_notes(bot) == []
    assert startup_notes(client) == []


def test_a_prefix_bot_without_the_intent_is_left_to_its_own_warning() -> None:
    # commands.Bot's own on_message is tidecord's: the Bot warns at login itself.
    assert startup_notes(commands.Bot(command_prefix="!", intents=tidecord.Intents.default())) == []


def test_a_misspelt_listener_is_noted() -> None:
    bot = commands.Bot(command_prefix="!", intents=_with_content())
    bot.add_listener(_handler, "on_member_joined")

    assert startup_notes(bot) == [
        "tidecord: note: on_member_joined is not an event, so it is never called;"
        " did you mean on_member_join?"
    ]


SWALLOWED = (
    "tidecord: note: on_message replaces commands.Bot's own, which runs the commands, and"
    " never calls process_commands: end it with `await bot.process_commands(message)`, or"
    " make it a listener (@bot.listen()) so that commands still run"
)


def test_an_on_message_that_never_runs_the_commands_is_noted() -> None:
    bot = commands.Bot(command_prefix="!", intents=_with_content())

    @bot.event
    async def on_message(message: tidecord.Message) -> None:
        print(message.content)

    assert startup_notes(bot) == [SWALLOWED]


def test_a_subclass_that_forgets_them_is_noted_too() -> None:
    class Forgetful(commands.Bot):
        async def on_message(self, message: tidecord.Message) -> None:
            print(message.content)

    assert startup_notes(Forgetful(command_prefix="!", intents=_with_content())) == [SWALLOWED]


def test_an_on_message_that_runs_the_commands_is_not_noted() -> None:
    bot = commands.Bot(command_prefix="!", intents=_with_content())

    @bot.event
    async def on_message(message: tidecord.Message) -> None:
        if message.content:
            await bot.process_commands(message)

    class Polite(commands.Bot):
        async def on_message(self, message: tidecord.Message) -> None:
            await super().on_message(message)

    @bot.listen("on_message")
    async def also(message: tidecord.Message) -> None:  # a listener replaces nothing
        pass

    assert startup_notes(bot) == []
    assert startup_notes(Polite(command_prefix="!", intents=_with_content())) == []
