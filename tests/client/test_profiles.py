"""What a member, a user and a role show of their profiles: guild avatar and banner,
accent colour, badges, primary guild, avatar decoration, role icons and gradient
colours; the same whether the member is a packed view of the cache or decoded."""

from __future__ import annotations

from typing import Any

import pytest

import tidecord
from tidecord import Colour
from tidecord.models import AvatarDecoration, Snowflake
from tidecord.sandbox import Sandbox, World

from .client_helpers import Connect

pytestmark = pytest.mark.timeout(30)

HASH = "0123456789abcdef0123456789abcdef"
CDN = "https://cdn.discordapp.com"


def profile_world() -> World:
    """alice has a full profile and a guild avatar and banner; bob has nothing set;
    the roles have an uploaded icon, an emoji, and gradient colours."""
    world = World.from_dict({
        "users": ["alice", "bob"],
        "guilds": [{"name": "Studio", "owner": "alice", "channels": [{"name": "general"}],
                    "bot_permissions": ["ban_members", "view_channel", "send_messages"],
                    "roles": [{"name": "Potter"}, {"name": "Painter", "color": 0xFF0000},
                              {"name": "Plain"}],
                    "members": [{"user": "alice", "roles": ["Painter", "Potter"]},
                                {"user": "bob", "roles": ["Plain"]}]}],
    })
    alice = world.users[0]
    alice.banner_hash = "a_" + HASH
    alice.accent_color_value = 0x123456
    alice.public_flags_value = (1 << 0) | (1 << 22)  # staff, active developer
    alice.primary_guild_data = {"identity_guild_id": "4242", "identity_enabled": True,
                                "tag": "ART", "badge": HASH}
    alice.avatar_decoration_data = AvatarDecoration(asset="a_deco", sku_id=Snowflake(77))
    alice.collectibles_data = {"nameplate": {
        "asset": "nameplates/garden/", "sku_id": "88", "label": "Garden",
        "palette": "forest", "expires_at": None}}
    guild = world.guilds[0]
    member = next(m for m in guild.members if m.user.username == "alice")
    member.guild_avatar_hash, member.guild_banner_hash = HASH, "b" * 32
    roles = {r.name: r for r in guild.roles}
    roles["Painter"].icon_hash = HASH
    roles["Painter"].colors = {"primary_color": 0xFF0000, "secondary_color": 0x00FF00,
                               "tertiary_color": 0x0000FF}
    roles["Potter"].unicode_emoji = "\N{AMPHORA}"
    return world


PROFILES = pytest.mark.sandbox(world=profile_world())


def _shown(member: Any) -> tuple[Any, ...]:
    return (member.guild_avatar, member.guild_banner, member.display_banner,
            member.accent_colour, member.accent_color, member.public_flags.value,
            member.system, member.primary_guild.id, member.primary_guild.tag,
            member.avatar_decoration, member.avatar_decoration_sku_id, member.display_icon,
            member.resolved_permissions, [repr(c) for c in member.collectibles])


@PROFILES
async def test_a_members_profile_reads_as_in_discord_py(sandbox: Sandbox,
                                                        connect: Connect) -> None:
    client = await connect(intents=tidecord.Intents.all())
    guild = client.guilds[0]
    alice = guild.get_member(sandbox.state.user("alice").id)
    gid, uid = guild.id, alice.id
    assert alice.guild_avatar == f"{CDN}/guilds/{gid}/users/{uid}/avatars/{HASH}.png?size=1024"
    assert alice.guild_banner.url == (
        f"{CDN}/guilds/{gid}/users/{uid}/banners/{'b' * 32}.png?size=1024")
    assert alice.display_banner == alice.guild_banner
    assert alice.accent_colour == alice.accent_color == Colour(0x123456)
    assert alice.public_flags.staff and alice.public_flags.active_developer
    assert not alice.public_flags.verified_bot and alice.system is False
    primary = alice.primary_guild
    assert (primary.id, primary.identity_enabled, primary.tag) == (4242, True, "ART")
    assert primary.badge == f"{CDN}/guild-tag-badges/4242/{HASH}.png?size=64"
    assert alice.avatar_decoration == f"{CDN}/avatar-decoration-presets/a_deco.png?size=96"
    assert alice.avatar_decoration_sku_id == 77
    painter = next(r for r in guild.roles if r.name == "Painter")
    # The highest role with an icon shows; Painter is above Potter.
    assert alice.display_icon == f"{CDN}/role-icons/{painter.id}/{HASH}.png?size=1024"
    assert alice.resolved_permissions is None  # only interactions carry it
    (plate,) = alice.collectibles
    assert (plate.type, plate.sku_id, plate.label, plate.palette, plate.expires_at) == (
        tidecord.CollectibleType.nameplate, 88, "Garden", tidecord.NameplatePalette.forest,
        None)
    assert plate.static == f"{CDN}/assets/collectibles/nameplates/garden/static.png"
    assert plate.animated.url.endswith("/nameplates/garden/asset.webm")
    # The decoded member Discord answers with reads the same as the packed view.
    fetched = await guild.fetch_member(uid)
    assert type(fetched) is tidecord.Member
    assert _shown(fetched) == _shown(alice)


@PROFILES
async def test_an_unset_profile_reads_as_nothing(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    bob = client.guilds[0].get_member(sandbox.state.user("bob").id)
    assert (bob.guild_avatar, bob.guild_banner, bob.display_banner) == (None, None, None)
    assert bob.accent_colour is None and bob.avatar_decoration is None
    assert bob.avatar_decoration_sku_id is None and bob.display_icon is None
    assert bob.public_flags.value == 0 and not bob.system and bob.collectibles == []
    assert (bob.primary_guild.id, bob.primary_guild.identity_enabled) == (None, False)
    assert bob.primary_guild.badge is None and bob.primary_guild.created_at is None
    user = await client.fetch_user(bob.id)
    assert user.accent_colour is None and user.public_flags == tidecord.PublicUserFlags()


@PROFILES
async def test_a_users_banner_shows_when_the_member_has_none(sandbox: Sandbox,
                                                             connect: Connect) -> None:
    client = await connect()
    alice = client.guilds[0].get_member(sandbox.state.user("alice").id)
    alice.guild_banner_hash = None
    assert alice.display_banner == f"{CDN}/banners/{alice.id}/a_{HASH}.gif?size=512"
    user = await client.fetch_user(alice.id)
    assert user.accent_colour == Colour(0x123456)
    assert user.avatar_decoration_sku_id == 77


@PROFILES
async def test_a_roles_icon_and_gradient(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    roles = {r.name: r for r in client.guilds[0].roles}
    painter, potter, plain = roles["Painter"], roles["Potter"], roles["Plain"]
    assert painter.display_icon == f"{CDN}/role-icons/{painter.id}/{HASH}.png?size=1024"
    assert potter.display_icon == "\N{AMPHORA}" and plain.display_icon is None
    assert painter.secondary_colour == painter.secondary_color == Colour(0x00FF00)
    assert painter.tertiary_colour == painter.tertiary_color == Colour(0x0000FF)
    assert plain.secondary_colour is None and plain.tertiary_color is None


@PROFILES
async def test_unban_lifts_a_members_ban(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    guild = client.guilds[0]
    bob = guild.get_member(sandbox.state.user("bob").id)
    await bob.ban(reason="spam")
    assert [e.user.id async for e in guild.bans()] == [bob.id]
    await bob.unban(reason="forgiven")
    assert [e async for e in guild.bans()] == []
