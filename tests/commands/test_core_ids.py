"""Reading ids out of text: any 15 to 20 digits count, as in discord.py's converters."""

from __future__ import annotations

from tidecord.commands import resolve
from tidecord.commands.resolve import MessageIds

ID = "80351110224678912"
BIG = str((1 << 64) - 1)


def test_a_snowflake_is_15_to_20_digits() -> None:
    assert resolve.snowflake(ID) == int(ID)
    assert resolve.snowflake(BIG) == int(BIG)
    # Above 2**64 still an id (that names nothing), not a name: "99999999999999999999"
    # is looked up as discord.py looks it up, and an Object takes it.
    assert resolve.snowflake("9" * 20) == int("9" * 20)
    fullwidth = "".join(chr(0xFF10 + int(c)) for c in ID)
    for bad in ("", "12345", "1" * 14, "1" * 21,
                f"{ID}x", f" {ID}", "-80351110224678912", fullwidth):
        assert resolve.snowflake(bad) is None, bad


def test_mentions_of_each_kind() -> None:
    assert resolve.user_id(f"<@{ID}>") == resolve.user_id(f"<@!{ID}>") == int(ID)
    assert resolve.user_id(f"<@&{ID}>") is None and resolve.user_id(f"<#{ID}>") is None
    assert resolve.role_id(f"<@&{ID}>") == int(ID) and resolve.role_id(f"<@{ID}>") is None
    assert resolve.channel_id(f"<#{ID}>") == int(ID)
    for text in (ID, f"<@{ID}>", f"<@!{ID}>", f"<@&{ID}>", f"<#{ID}>"):
        assert resolve.object_id(text) == int(ID), text
    assert resolve.object_id(f"<@{ID}> extra") is None
    assert resolve.user_id(f"<@{'9' * 20}>") == int("9" * 20)  # above 2**64


def test_channel_links_and_custom_emoji() -> None:
    link = f"https://discord.com/channels/{ID}/{ID[:-1]}7"
    assert resolve.channel_id(link) == int(ID[:-1] + "7")
    assert resolve.channel_id(f"{link}/{ID}") == int(ID[:-1] + "7")
    assert resolve.channel_id(f"https://canary.discordapp.com/channels/@me/{ID}") == int(ID)
    assert resolve.channel_id("https://example.com/channels/1/2") is None
    assert resolve.emoji_id(f"<:party:{ID}>") == resolve.emoji_id(f"<a:party:{ID}>") == int(ID)
    assert resolve.emoji_id("<:bad name:123456789012345678>") is None


def test_message_ids_links_and_pairs() -> None:
    channel, message, guild = ID, ID[:-1] + "3", ID[:-1] + "5"
    assert resolve.message_ids(message) == MessageIds(..., None, int(message))
    assert resolve.message_ids(f"{channel}-{message}") == MessageIds(..., int(channel),
                                                                      int(message))
    assert resolve.message_ids(f"https://discord.com/channels/{guild}/{channel}/{message}") == \
        MessageIds(int(guild), int(channel), int(message))
    assert resolve.message_ids(f"https://ptb.discord.com/channels/@me/{channel}/{message}/") == \
        MessageIds(None, int(channel), int(message))
    assert resolve.message_ids(f"{'9' * 20}-{message}") == MessageIds(..., int("9" * 20),
                                                                      int(message))
    for bad in ("hello", f"{channel}-", f"{channel}-{message}-1", f"{'9' * 21}-{message}"):
        assert resolve.message_ids(bad) is None, bad


def test_colours_in_every_form_discord_py_reads() -> None:
    assert resolve.colour("#ff0000") == 0xFF0000
    assert resolve.colour("#f00") == 0xFF0000
    assert resolve.colour("0x00ff00") == resolve.colour("0x#00ff00") == 0x00FF00
    assert resolve.colour("rgb(0, 0, 255)") == 0x0000FF
    assert resolve.colour("RGB(100%, 0%, 50%)") == 0xFF0080
    assert resolve.colour("blue") == 0x3498DB and resolve.colour("Dark Teal") == 0x11806A
    for bad in ("ff0000", "#gg0000", "#1000000", "rgb(256, 0, 0)", "rgb(1, 2)", "from_rgb",
                "value", "not a colour", "", "0x", "rgb(101%, 0, 0)"):
        assert resolve.colour(bad) is None, bad


def test_partial_emoji_from_text() -> None:
    emoji = resolve.partial_emoji(f"<a:dance:{ID}>")
    assert emoji is not None and (emoji.name, emoji.id, emoji.animated) == ("dance", int(ID), True)
    assert resolve.partial_emoji("🙂") is None and resolve.partial_emoji(f":dance:{ID}") is None


def test_name_matching_as_discord_py() -> None:
    class P:
        def __init__(self, name: str, discriminator: str = "0", global_name: str | None = None,
                     nick: str | None = None) -> None:
            self.name, self.discriminator = name, discriminator
            self.global_name, self.nick = global_name, nick

    lookup, matches = resolve.name_matcher("bob#0")
    assert lookup == "bob" and matches(P("bob")) and not matches(P("bob", "1234"))
    lookup, matches = resolve.name_matcher("old#1234")
    assert lookup == "old" and matches(P("old", "1234"))
    lookup, matches = resolve.name_matcher("Bobby")
    assert lookup == "Bobby" and matches(P("bob", nick="Bobby")) and matches(P("x", "0", "Bobby"))
    assert not matches(P("bobby"))  # exact, not case-folded
    _, matches = resolve.name_matcher("a#b")  # not a discriminator: the whole text is the name
    assert matches(P("a#b"))
