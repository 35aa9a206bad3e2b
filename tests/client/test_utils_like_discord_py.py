"""``tidecord.utils`` against ``discord.utils`` 2.7.1 on the same inputs: markdown
escaped and removed alike (links kept), chunks alike, and ``setup_logging`` wiring
the logger it names."""

from __future__ import annotations

import io
import logging

import discord.utils as theirs
import pytest

from tidecord import utils as ours

SAMPLES = [
    "plain text", "**bold** and *italic* and __under__", "a_b_c", "snake_case_name",
    "`code` and ```block```", "~~gone~~ ||secret||", "> quoted\n>>> block\nnot > this",
    "# title\n## sub\n#### four", "- item\n  - nested\nx - y", "[masked](https://e.com/a_b)",
    "see https://example.com/some_path_(x)*y, then", "<https://e.com/a_b> is hidden",
    "steam://run/1_2 and http://a.b/c_d.", "back\\slash and \\*escaped\\*", "* lone star",
    "a * b * c", "``", "|pipe| and ~tilde~", "emoji_name: :smile_cat:", "",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_escape_and_remove_markdown_as_discord_py(text: str) -> None:
    for links in (True, False):
        assert ours.escape_markdown(text, ignore_links=links) == \
            theirs.escape_markdown(text, ignore_links=links), (text, links)
        assert ours.remove_markdown(text, ignore_links=links) == \
            theirs.remove_markdown(text, ignore_links=links), (text, links)
    assert ours.escape_markdown(text, as_needed=True) == \
        theirs.escape_markdown(text, as_needed=True), text


async def test_chunks_sync_and_async_as_discord_py() -> None:
    assert list(ours.as_chunks(range(7), 3)) == list(theirs.as_chunks(range(7), 3)) == [
        [0, 1, 2], [3, 4, 5], [6]]

    async def numbers():  # type: ignore[no-untyped-def]
        for n in range(5):
            yield n

    assert [c async for c in ours.as_chunks(numbers(), 2)] == [[0, 1], [2, 3], [4]]
    with pytest.raises(ValueError):
        ours.as_chunks([], 0)
    assert not ours.MISSING and ours.MISSING != ours.MISSING and repr(ours.MISSING) == "..."


def test_setup_logging_wires_the_logger_it_names() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("tidecord")
    before = (list(logger.handlers), logger.level)
    try:
        ours.setup_logging(handler=logging.StreamHandler(stream), level=logging.DEBUG,
                           root=False)
        logging.getLogger("tidecord.test").debug("hello %s", "there")
        line = stream.getvalue()
        assert "DEBUG" in line and "tidecord.test: hello there" in line
        assert "\x1b[" not in line  # not a terminal: no colour codes
    finally:
        logger.handlers[:], level = before
        logger.setLevel(level)
