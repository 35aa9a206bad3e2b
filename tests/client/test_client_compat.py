"""discord.py's everyday helpers and model behaviour, tested on their own."""

from __future__ import annotations

import asyncio
import datetime
import io
import random
from pathlib import Path

import pytest

import tidecord as discord
from tidecord.models import Emoji, Member, Role, User, convert
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect


def _role(rid: int, name: str) -> Role:
    return Role(id=rid, name=name, permissions=discord.Permissions(0))


def test_utils_get_and_find_read_attributes_and_nested_paths() -> None:
    mod, blue = _role(1, "Moderator"), _role(2, "Blue")
    blue.position = 3
    assert discord.utils.get([mod, blue], name="Blue") is blue
    assert discord.utils.get([mod, blue], name="Blue", position=0) is None
    with pytest.raises(AttributeError):  # a misspelt attribute shows, as in discord.py
        discord.utils.get([mod, blue], nope=1)
    member = Member(user=User(id=5, username="bob"))
    assert discord.utils.get([member], user__username="bob") is member
    assert discord.utils.find(lambda r: r.id > 1, [mod, blue]) is blue
    assert discord.utils.find(lambda r: False, [mod]) is None


def test_utils_times_and_text() -> None:
    now = discord.utils.utcnow()
    assert now.tzinfo is not None and abs(now.timestamp() - datetime.datetime.now().timestamp()) < 5
    when = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    assert discord.utils.format_dt(when) == "<t:1704067200>"
    assert discord.utils.format_dt(when, "R") == "<t:1704067200:R>"
    assert discord.utils.format_dt("2024-01-01T00:00:00.000000+00:00", "d") == "<t:1704067200:d>"
    assert discord.utils.format_dt(when, "x") == "<t:1704067200:x>"  # as discord.py writes it
    low = discord.utils.time_snowflake(when)
    assert discord.utils.snowflake_time(low) == when
    assert discord.utils.time_snowflake(when, high=True) == low + (1 << 22) - 1
    assert discord.utils.escape_markdown("*a* _b_ `c`") == "\\*a\\* \\_b\\_ \\`c\\`"
    assert discord.utils.escape_mentions("@everyone hi <@123456789012345678>") == (
        "@\u200beveryone hi <@\u200b123456789012345678>")
    url = discord.utils.oauth_url(42, permissions=discord.Permissions(send_messages=True))
    assert url.startswith("https://discord.com/oauth2/authorize?client_id=42&scope=bot")
    assert url.endswith("&permissions=2048")


async def test_utils_sleep_until_returns_result() -> None:
    soon = discord.utils.utcnow() + datetime.timedelta(milliseconds=20)
    assert await discord.utils.sleep_until(soon, "done") == "done"


def test_embed_takes_discord_py_keywords() -> None:
    when = datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.UTC)
    embed = discord.Embed(title="Hi", colour=discord.Colour.blue(), timestamp=when,
                          description=None)
    assert embed.color == 0x3498DB and embed.colour == discord.Colour.blue()
    assert embed.timestamp == when  # a datetime, as discord.py reads it
    assert (embed.url, embed.footer.text, embed.fields, embed.type) == (None, None, [], "rich")
    # discord.py's to_dict names the type and the flags, even when left as they were
    assert embed.to_dict() == {"title": "Hi", "color": 0x3498DB, "type": "rich", "flags": 0,
                               "timestamp": "2024-01-01T12:00:00+00:00"}
    assert discord.Embed(color=discord.Color.red(), title=3).to_dict() == {
        "title": "3", "color": 0xE74C3C, "type": "rich", "flags": 0}
    # decoding does not go through the keyword translation
    assert discord.models.decode(b'{"color": 5}', discord.Embed).color == 5
    with pytest.raises(TypeError, match="received str"):
        discord.Embed(colour="red")


def test_roles_hash_by_id_and_print_their_name() -> None:
    a, same = _role(1, "Blue"), _role(1, "Blue (renamed)")
    assert a == same and len({a, same, _role(2, "Green")}) == 2
    assert str(a) == "Blue" and f"{a}" == "Blue"


def test_partial_emoji_keys_and_reaction_emoji_compare_like_discord_py() -> None:
    roles = {discord.PartialEmoji(name="🔵"): 1, discord.PartialEmoji(name="x", id=99): 2}
    assert roles[Emoji(name="🔵")] == 1
    assert roles[Emoji(name="renamed", id=99, animated=True)] == 2
    assert Emoji(name="👍") == "👍" and Emoji(name="👍") != "👎"
    assert Emoji(name="x", id=99) != "x"
    custom = discord.PartialEmoji.from_str("<a:party:1234567890123>")  # ids of 13+ digits
    assert (custom.name, custom.id, custom.animated) == ("party", 1234567890123, True)
    assert custom.is_custom_emoji()
    assert custom.url.endswith("/emojis/1234567890123.webp?animated=true")
    assert discord.PartialEmoji.from_str("🔵").is_unicode_emoji()


def test_avatars_are_assets_with_url_and_still_strings() -> None:
    plain = User(id=1 << 22, username="a")
    assert plain.display_avatar.url == "https://cdn.discordapp.com/embed/avatars/1.png"
    assert plain.display_avatar == plain.default_avatar.url  # still usable as the URL
    custom = User(id=7, username="b", avatar_hash="a_abc")
    assert custom.display_avatar.url.startswith("https://cdn.discordapp.com/avatars/7/a_abc.gif")
    assert custom.display_avatar.key == "a_abc"
    member = Member(user=custom, guild_avatar_hash="def", _guild_id=9)
    assert member.display_avatar.url.startswith(
        "https://cdn.discordapp.com/guilds/9/users/7/avatars/def.png")
    assert Member(user=custom).display_avatar.url == custom.display_avatar.url


def test_channel_kinds_answer_isinstance_by_type() -> None:
    text, dm, thread = (discord.Channel(id=1, type=0), discord.Channel(id=2, type=1),
                        discord.Channel(id=3, type=11))
    assert isinstance(text, discord.TextChannel) and not isinstance(text, discord.DMChannel)
    assert isinstance(dm, discord.DMChannel) and not isinstance(dm, discord.TextChannel)
    assert isinstance(thread, discord.Thread) and isinstance(thread, discord.abc.GuildChannel)
    assert not isinstance(dm, discord.abc.GuildChannel)
    assert isinstance(dm, discord.abc.PrivateChannel)
    assert isinstance(User(id=1, username="a"), discord.abc.Messageable)
    assert not isinstance(discord.Channel(id=4, type=4), discord.abc.Messageable)
    assert isinstance(discord.Object(id=5), discord.abc.Snowflake)
    assert not isinstance("text", discord.TextChannel)


def test_client_loop_only_inside_a_running_loop() -> None:
    client = discord.Client(loop_watchdog=False)
    # A stand-in, as discord.py's: what is asked of it says why there is no loop yet.
    with pytest.raises(AttributeError, match="non-async contexts"):
        _ = client.loop.create_task


async def test_client_loop_is_the_running_loop() -> None:
    client = discord.Client(loop_watchdog=False)
    assert client.loop is asyncio.get_running_loop()


def test_colour_palette_and_parsing() -> None:
    assert discord.Colour.dark_blue() == 0x206694 and discord.Color.yellow() == 0xFEE75C
    assert discord.Colour.light_gray() == discord.Colour.light_grey()
    assert isinstance(discord.Colour.og_blurple(), discord.Colour)
    assert discord.Colour.from_str("#abc") == 0xAABBCC
    assert discord.Colour.from_str("0x102030") == 0x102030
    assert discord.Colour.from_str("rgb(1, 2, 3)") == 0x010203
    with pytest.raises(ValueError, match="invalid hex digit given"):
        discord.Colour.from_str("#12z")
    assert discord.Colour.random(seed=7) == discord.Colour.random(seed=7)
    assert 0 <= discord.Colour.random() <= 0xFFFFFF


def test_embed_editing_helpers() -> None:
    embed = discord.Embed(title="t").add_field(name="a", value=1).add_field(name="b", value=2)
    embed.set_author(name="me").set_footer(text="foot")
    copy = embed.copy()
    copy.set_field_at(0, name="A", value="one").remove_field(1).remove_author().remove_footer()
    assert [f.name for f in embed.fields] == ["a", "b"] and embed.author.name == "me"
    assert copy.to_dict() == {"title": "t", "type": "rich", "flags": 0, "fields": [
        {"name": "A", "value": "one", "inline": True}]}
    with pytest.raises(IndexError):
        discord.Embed().set_field_at(0, name="x", value="y")


def test_role_and_member_extras() -> None:
    everyone, blue = _role(1, "@everyone"), _role(2, "Blue")
    blue.position, blue.color = 1, 0x206694
    assert everyone.is_default() and not blue.is_default()
    assert blue.colour == discord.Colour.dark_blue() and isinstance(blue.colour, discord.Colour)
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)
    member = Member(user=User(id=5, username="bob"), communication_disabled_until=soon.isoformat())
    assert member.is_timed_out()
    member.communication_disabled_until = None
    assert not member.is_timed_out()


def test_message_edited_at_and_raw_mentions() -> None:
    msg = discord.Message(id=1, channel_id=2, author=User(id=3, username="a"), timestamp="",
                          content="see <#123456789012345678> <@&223456789012345678>",
                          mention_roles=[9])
    # Read from the content, as discord.py reads them, not from who was pinged.
    assert msg.edited_at is None and msg.raw_role_mentions == [223456789012345678]
    assert msg.raw_channel_mentions == [123456789012345678]
    msg.edited_timestamp = "2024-01-01T00:00:00+00:00"
    assert msg.edited_at == datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


async def test_mentions_in_guild_messages_are_members(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    waiter = asyncio.create_task(client.wait_for("message", timeout=5))
    await asyncio.sleep(0)
    bob = sandbox.user("bob")
    await sandbox.send_message("alice", "general", f"hi <@{bob.id}>")
    message = await waiter
    (mentioned,) = message.mentions
    assert isinstance(mentioned, discord.Member)
    assert mentioned.guild is client.guilds[0] and mentioned.display_name == "Bob"
    assert mentioned.mentioned_in(message) and message.raw_mentions == [bob.id]


async def test_attachments_read_and_save(sandbox: Sandbox, connect: Connect,
                                         tmp_path: Path) -> None:
    client = await connect()
    waiter = asyncio.create_task(client.wait_for("message", timeout=5))
    await asyncio.sleep(0)
    await sandbox.send_message("alice", "general", "notes", files=[("SPOILER_n.txt", b"seeds")])
    (attachment,) = (await waiter).attachments
    assert attachment.is_spoiler()
    assert await attachment.read() == b"seeds"
    assert await attachment.save(tmp_path / "n.txt") == 5
    assert await asyncio.to_thread((tmp_path / "n.txt").read_bytes) == b"seeds"
    buffer = io.BytesIO()
    assert await attachment.save(buffer) == 5 and buffer.read() == b"seeds"


async def test_member_joined_at_is_a_datetime_as_in_discord_py(
    sandbox: Sandbox, connect: Connect
) -> None:
    client = await connect()
    alice = client.guilds[0].get_member(sandbox.user("alice").id)
    wire = sandbox.state.members[sandbox.guild.id][alice.id]
    assert isinstance(alice.joined_at, datetime.datetime)
    assert alice.joined_at == datetime.datetime.fromisoformat(wire.joined_at_iso)
    assert alice.joined_at.tzinfo is not None
    assert alice.premium_since is None
    # On the wire the field keeps Discord's name and text.
    assert b'"joined_at":"' in discord.models.encode(wire)


PERMISSION_GROUPS = ("general", "membership", "text", "voice", "stage", "stage_moderator",
                     "elevated", "events", "apps", "advanced", "all_channel")


def test_flags_have_discord_py_names_groups_and_operators() -> None:
    import discord as dpy  # the real discord.py 2.7.1, installed for the tests

    for kind in ("Permissions", "Intents", "MessageFlags", "ChannelFlags"):
        ours, theirs = getattr(discord, kind), getattr(dpy, kind)
        assert ours.VALID_FLAGS == theirs.VALID_FLAGS, kind
        # Listed as discord.py lists them: its order, each flag once (no alias).
        value = 0x5A5A5A5A5A
        assert list(ours._from_value(value)) == list(theirs._from_value(value)), kind
    silent = discord.MessageFlags(silent=True)
    assert silent.suppress_notifications and silent.value == 4096
    assert silent == discord.MessageFlags(suppress_notifications=True)
    for group in PERMISSION_GROUPS:
        assert getattr(discord.Permissions, group)().value == \
            getattr(dpy.Permissions, group)().value, group
    for value in (0, 8, 0x123456789, discord.Permissions.all().value):
        assert (~discord.Permissions(value)).value == (~dpy.Permissions(value)).value
    assert discord.Intents(messages=True, polls=True).value == \
        dpy.Intents(messages=True, polls=True).value
    perms = discord.Permissions(kick_members=True)
    perms.update(ban_members=True, kick_members=False)
    assert perms.value == discord.Permissions(ban_members=True).value
    perms.update(fly=True)  # an unknown name is ignored, as in discord.py
    with pytest.raises(TypeError, match="'fly' is not a valid permission name"):
        discord.Permissions(fly=True)
    small, big = discord.Permissions(send_messages=True), discord.Permissions.text()
    assert small < big and big > small and small <= small and not small < small
    assert small.is_strict_subset(big) and big.is_superset(small)
    assert (small ^ big).value == big.value & ~small.value
    overwritten = discord.Permissions(view_channel=True, send_messages=True)
    overwritten.handle_overwrite(allow=discord.Permissions(embed_links=True).value,
                                 deny=discord.Permissions(send_messages=True).value)
    assert overwritten.value == discord.Permissions(view_channel=True, embed_links=True).value


def test_permission_overwrites_read_and_pair_as_discord_py_does() -> None:
    import discord as real  # the real discord.py 2.7.1, installed for the tests

    rng = random.Random(11)
    names = sorted(real.PermissionOverwrite.VALID_NAMES)
    assert discord.PermissionOverwrite.VALID_NAMES == frozenset(names)
    for _ in range(300):
        allow, deny = rng.getrandbits(53), rng.getrandbits(53)
        ours = discord.PermissionOverwrite.from_pair(discord.Permissions(allow),
                                                     discord.Permissions(deny))
        theirs = real.PermissionOverwrite.from_pair(real.Permissions(allow),
                                                    real.Permissions(deny))
        assert dict(ours) == dict(theirs)
        assert [p.value for p in ours.pair()] == [p.value for p in theirs.pair()]
        # Any names, aliases among them, set to True, False or None.
        chosen = {name: rng.choice([True, False, None]) for name in rng.sample(names, 6)}
        ours, theirs = discord.PermissionOverwrite(**chosen), real.PermissionOverwrite(**chosen)
        assert dict(ours) == dict(theirs) and ours.is_empty() == theirs.is_empty()
        assert [p.value for p in ours.pair()] == [p.value for p in theirs.pair()]
        assert all(getattr(ours, name) == getattr(theirs, name) for name in names)


async def test_members_and_bans_past_a_thousand_come_a_page_at_a_time(
        sandbox_factory, connect: Connect) -> None:
    # 1,206 members, then 1,204 bans: every one comes once, by user id, in two pages
    # of at most 1,000; a limit stops the reading where it says, and reading back from
    # the last ban pages backwards.
    names = [f"person{i}" for i in range(1205)]
    sb = await sandbox_factory(world=World.from_dict({
        "users": names,
        "guilds": [{"name": "Big", "owner": names[0], "members": names,
                    "bot_permissions": ["view_channel", "send_messages", "ban_members"]}],
    }))
    gid = sb.guild.id
    client = await connect(sb=sb, intents=discord.Intents.all())
    guild = client.get_guild(gid)
    # Members by REST first (the bans below remove them): two pages, each newest first.
    made = client.http.requests_made
    fetched = [m.id async for m in guild.fetch_members(limit=None)]
    everyone = sorted(sb.state.members[gid])
    assert len(everyone) == 1206  # the 1,205 people and the bot
    assert fetched == everyone[:1000][::-1] + everyone[1000:][::-1]
    assert client.http.requests_made - made == 2
    banned = sorted(sb.user(name).id for name in names[1:])
    for uid in banned:
        sb.state.ban(gid, uid, reason=f"r{uid % 7}")
    made = client.http.requests_made
    every = [entry async for entry in guild.bans(limit=None)]
    assert [e.user.id for e in every] == banned
    assert all(e.reason == f"r{e.user.id % 7}" for e in every)
    assert client.http.requests_made - made == 2
    assert len([e async for e in guild.bans()]) == 1000  # discord.py's default limit
    limited = [e.user.id async for e in guild.bans(limit=1001)]
    assert limited == banned[:1001]
    back = [e.user.id async for e in guild.bans(before=discord.Object(banned[-1]), limit=1100)]
    assert back == banned[-1001:-1] + banned[-1101:-1001]  # each page ascending
    assert [e.user.id async for e in guild.bans(after=banned[-3])] == banned[-2:]


def test_enums_print_and_names_import_as_in_discord_py() -> None:
    import discord as dpy

    for kind in ("InteractionType", "InteractionResponseType", "ButtonStyle", "ComponentType",
                 "TextStyle", "AppCommandType", "AppCommandOptionType", "ActivityType",
                 "AuditLogAction", "AuditLogActionCategory", "WebhookType", "SeparatorSpacing",
                 "ExpireBehaviour"):
        for member in getattr(dpy, kind):
            ours = getattr(getattr(discord, kind), member.name)
            assert (str(ours), f"{ours}", int(ours)) == (str(member), f"{member}",
                                                         member.value), kind
    for action in dpy.AuditLogAction:  # the newer actions too, with what they are about
        ours = discord.AuditLogAction[action.name]
        assert (str(ours.category), ours.target_type) == (str(action.category),
                                                          action.target_type), action
    for name in ("AppCommandContext", "AppInstallationType", "MissingApplicationID",
                 "DeletedReferencedMessage"):
        assert getattr(discord, name).__name__ == getattr(dpy, name).__name__


def test_an_attachment_reads_left_out_fields_as_none() -> None:
    import discord as dpy

    sent = {"id": "1", "filename": "a.txt", "size": 3, "url": "https://x/a.txt",
            "proxy_url": "https://x/a.txt"}
    ours = convert(sent, discord.Attachment)
    import types

    theirs = dpy.Attachment(data=sent, state=types.SimpleNamespace(http=None))  # type: ignore[arg-type]
    for field in ("title", "description", "content_type", "height", "width", "ephemeral"):
        assert getattr(ours, field) == getattr(theirs, field), field
    # nothing invented on the way back (no nulls), and discord.py's id and spoiler
    assert (str(ours), ours.to_dict()) == ("https://x/a.txt", theirs.to_dict())


def test_more_utils_and_colours_as_in_discord_py() -> None:
    import discord as dpy

    for link in ("https://discord.gg/abc", "discord.com/invite/abc?event=123", "abc",
                 "https://discordapp.com/invite/x1?event=12&x=y"):
        assert discord.utils.resolve_invite(link) == dpy.utils.resolve_invite(link), link
    for link in ("https://discord.new/abcDEF", "discord.com/template/xyz", "plain"):
        assert discord.utils.resolve_template(link) == dpy.utils.resolve_template(link)
    for size in (8, 16, 100, 128, 4096, 8192):
        assert discord.utils.valid_icon_size(size) == dpy.utils.valid_icon_size(size)
    stamp = "2024-03-05T12:30:45.123000+00:00"
    assert discord.utils.parse_time(stamp) == dpy.utils.parse_time(stamp)
    assert discord.utils.parse_time(None) is None
    soon = discord.utils.utcnow() + datetime.timedelta(seconds=30)
    assert 28 < discord.utils.compute_timedelta(soon) <= 30
    assert discord.utils.compute_timedelta(soon - datetime.timedelta(hours=1)) == 0
    assert discord.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES == dpy.utils.DEFAULT_FILE_SIZE_LIMIT_BYTES

    def documented(x: int) -> int:
        """Documented."""
        return x

    @discord.utils.copy_doc(documented)
    def bare(x: int) -> int:
        return x
    assert bare.__doc__ == "Documented."
    for name in ("dark_theme", "light_theme", "ash_theme", "onyx_theme", "ash_embed",
                 "dark_embed", "onyx_embed", "light_embed"):
        assert getattr(discord.Colour, name)().value == getattr(dpy.Colour, name)().value, name
    assert discord.Colour(0x123456).to_rgb() == (0x12, 0x34, 0x56)
    for hsv in ((0.5, 0.5, 0.5), (0.1, 1.0, 0.9), (0.0, 0.0, 1.0)):
        assert discord.Colour.from_hsv(*hsv).value == dpy.Colour.from_hsv(*hsv).value, hsv
