"""tidecord's pure functions and value types against discord.py 2.7.1's on many seeded,
generated inputs: text full of markdown, mentions, links, zero-width characters and
emoji through ``utils``; invite and template links of every shape. Each case is what a
bot gets back (or the error it meets) from the same call on each library."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import Any

import discord
import discord.utils as theirs_utils
import pytest

import tidecord
from tidecord import utils as ours_utils

PIECES = [*"*_~|`>#-[]()\\ \n\t.:;,<>@!&/\"'", "\u200b", "\N{GRINNING FACE}", "\u00e9", "a",
          "x", "1", "https://", "http://", "steam://", "<@", "<#", "<@&", "@everyone", "@here",
          "123456789012345678", "discord.gg/", "](", "```", "||", "~~", "__", "**", ">>> ",
          "- ", "# ", "### ", "-# ", "1. ", "www.", ".com", "\r\n"]


def texts(seed: int, count: int, longest: int = 25) -> list[str]:
    """``count`` strings of up to ``longest`` pieces, the same ones on every run."""
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, longest)))
            for _ in range(count)]


def outcome(call: Callable[..., Any], *args: Any) -> Any:
    """What ``call(*args)`` returns, or the error it raises, as comparable data."""
    try:
        return call(*args)
    except Exception as error:  # the error is the outcome compared
        return f"{type(error).__name__}: {error}"


def differences(call: Callable[[Any, Any], Any], ours: Any, theirs: Any,
                inputs: list[Any]) -> list[tuple[Any, Any, Any]]:
    """The inputs on which ``call(ours, x)`` and ``call(theirs, x)`` differ, with both."""
    found = []
    for given in inputs:
        mine, reference = outcome(call, ours, given), outcome(call, theirs, given)
        if mine != reference:
            found.append((given, mine, reference))
    return found[:5]


TEXT_CALLS: dict[str, Callable[[Any, str], Any]] = {
    "escape_markdown": lambda u, s: [u.escape_markdown(s, as_needed=needed, ignore_links=links)
                                     for needed in (False, True) for links in (False, True)],
    "remove_markdown": lambda u, s: [u.remove_markdown(s, ignore_links=links)
                                     for links in (False, True)],
    "escape_mentions": lambda u, s: u.escape_mentions(s),
    "resolve_invite": lambda u, s: tuple(u.resolve_invite(s)),
    "resolve_template": lambda u, s: u.resolve_template(s),
}


@pytest.mark.parametrize("name", list(TEXT_CALLS))
def test_text_utils_on_generated_text(name: str) -> None:
    assert differences(TEXT_CALLS[name], ours_utils, theirs_utils, texts(1, 1500)) == []


def links(seed: int, count: int) -> list[str]:
    """Invite and template links of every shape: schemes, ``www.``, hosts, odd codes,
    queries (``?event=`` or not), fragments and trailing slashes or spaces."""
    rng = random.Random(seed)
    schemes = ["", "https://", "http://", "www.", "https://www."]
    hosts = ["discord.gg/", "discord.com/invite/", "discordapp.com/invite/", "discord.new/",
             "discord.com/template/", "discordapp.com/template/", "discord.gg", "discord.com/"]
    codes = ["abc", "a-b_C9", "", "a b", "abc/", "abc/def", "ab?c", "\u00e9", "a%20b",
             "\N{GRINNING FACE}"]
    tails = ["", "?event=5", "?event=x", "?a=1&event=7", "?event=", "/", " ", "\n", "#x"]
    made = []
    for _ in range(count):
        code = rng.choice(codes) + rng.choice(tails)
        made.append(code if rng.random() < 0.2 else rng.choice(schemes) + rng.choice(hosts) + code)
    return made


@pytest.mark.parametrize("name", ["resolve_invite", "resolve_template"])
def test_invite_and_template_links_resolve_as_in_discord_py(name: str) -> None:
    # Found here: a bare code of other characters ("a b", "", "é") resolved to itself
    # where discord.py raises ValueError; "www." links and text after a space were taken.
    assert differences(TEXT_CALLS[name], ours_utils, theirs_utils, links(2, 1500)) == []
    assert outcome(ours_utils.resolve_invite, "not a code") == \
        "ValueError: Invite contains characters that are not allowed"



def moments(seed: int, count: int) -> list[datetime.datetime]:
    """Aware and naive moments before, at and after Discord's epoch (2015), with
    microseconds, in several offsets."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        seconds = rng.choice([0, 1420070400, 1420070399.9995, 1e10, -5, 1420070400.0005,
                              rng.uniform(1.2e9, 2e9)])
        offset = rng.choice([None, 0, rng.randint(-12, 12)])
        zone = None if offset is None else datetime.timezone(datetime.timedelta(hours=offset))
        made.append(datetime.datetime.fromtimestamp(seconds, zone))
    return made


TIME_CALLS: dict[str, Callable[[Any, datetime.datetime], Any]] = {
    "time_snowflake": lambda u, when: (u.time_snowflake(when), u.time_snowflake(when, high=True)),
    "format_dt": lambda u, when: [u.format_dt(when)] + [u.format_dt(when, style) for style in
                                                         ("t", "T", "d", "D", "f", "F", "R", "")],
    "snowflake_time round trip": lambda u, when: u.snowflake_time(abs(u.time_snowflake(when))),
}


@pytest.mark.parametrize("name", list(TIME_CALLS))
def test_times_and_snowflakes_as_in_discord_py(name: str) -> None:
    # Found here: before 2015 time_snowflake rounded the negative milliseconds down
    # where discord.py truncates them toward zero (ids 4194304 apart).
    assert differences(TIME_CALLS[name], ours_utils, theirs_utils, moments(3, 400)) == []


def test_oauth_url_of_every_argument_as_in_discord_py() -> None:
    """Each argument given or left out (MISSING), on its own and together."""
    choices: dict[str, list[Callable[[Any], Any]]] = {
        "permissions": [lambda m: m.Permissions(8), lambda m: m.Permissions(0)],
        "guild": [lambda m: m.Object(5)],
        "redirect_uri": [lambda m: "https://e.com/a b?c=d&e", lambda m: ""],
        # Found here: scopes=None left the default scopes in where discord.py drops them.
        "scopes": [lambda m: None, lambda m: ["bot"], lambda m: (), lambda m: m.utils.MISSING],
        "disable_guild_select": [lambda m: True, lambda m: False],
        "state": [lambda m: "s t&=", lambda m: ""],
    }
    rng = random.Random(4)
    calls = [{name: rng.choice(made) for name, made in choices.items() if rng.random() < 0.5}
             for _ in range(300)]

    def link(m: Any, given: dict[str, Callable[[Any], Any]]) -> str:
        return str(m.utils.oauth_url(7,
                                     **{name: make(m) for name, make in given.items()}))

    assert differences(link, tidecord, discord, calls) == []
