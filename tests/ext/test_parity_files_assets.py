"""Files and attachments as discord.py programs use them: a file from a path, from a
buffer, with ``filename=``, ``spoiler=`` and ``description=``; an attachment read,
saved and sent on with ``to_file``; a file sent twice. The same bot on tidecord and on
discord.py 2.7.1 must leave the same attachments behind and say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
import pytest

import tidecord

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def files_bot(folder: Path) -> Any:
    def setup(discord: Any, commands: Any) -> Any:
        intents = discord.Intents.default()
        intents.message_content = True
        bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

        def shown(message: Any) -> str:
            return " ".join(f"{a.filename}:{a.size}:{a.description}:{a.is_spoiler()}"
                            for a in message.attachments)

        @bot.command()
        async def upload(ctx):
            note = folder / "note.txt"
            note.write_bytes(b"from disk")
            buffer = io.BytesIO(b"from memory")
            made = [discord.File(str(note)), discord.File(note, filename="renamed.txt"),
                    discord.File(buffer, filename="pic.png", spoiler=True,
                                 description="a picture"),
                    discord.File(io.BytesIO(b"x"), filename="SPOILER_secret.txt")]
            names = [(f.filename, f.spoiler, f.description) for f in made]
            sent = await ctx.send("files", files=made)
            await ctx.send(f"made {names}; sent {shown(sent)}; buffer left open "
                           f"{not buffer.closed}")
            pic = sent.attachments[2]
            kept = {k: v for k, v in pic.to_dict().items() if k not in ("url", "proxy_url")}
            await ctx.send(f"{sorted(kept)} {kept['id'] == pic.id} {pic.content_type} {pic.width} "
                           f"{pic.height} {pic.ephemeral} {pic.flags.value} {pic.duration} "
                           f"{pic.waveform} {pic.title} {pic.is_voice_message()} "
                           f"{str(pic) == pic.url} {pic.id == sent.attachments[2].id}")

        @bot.command()
        async def twice(ctx):
            buffer = io.BytesIO(b"twice")
            file = discord.File(buffer, filename="t.txt")
            first = await ctx.send(file=file)
            try:
                second = await ctx.send(file=file)
                again = shown(second)
            except Exception as error:
                again = type(error).__name__
            await ctx.send(f"first {shown(first)} second {again} {buffer.tell()}")

        @bot.command()
        async def keep(ctx):
            async for message in ctx.channel.history(limit=10):
                if message.attachments and message.author == bot.user:
                    break
            found = message.attachments[0]
            data = await found.read()
            saved = io.BytesIO()
            size = await found.save(saved, use_cached=True)
            written = await found.save(folder / "saved.txt")
            again = await found.to_file(spoiler=True, description="again", use_cached=True)
            sent = await ctx.send(file=again)
            cached = await found.read(use_cached=True)
            await ctx.send(f"read {data!r} {cached!r}; saved {size} {saved.getvalue()!r}; "
                           f"to disk "
                           f"{written} {(folder / 'saved.txt').read_bytes()!r}; "
                           f"on {again.filename} {shown(sent)}")

        return bot
    return setup


async def test_files_and_attachments_as_in_discord_py(sandbox_factory: Any,
                                                      tmp_path: Path) -> None:
    said = await both(sandbox_factory, files_bot(tmp_path), [
        ("alice", "general", "!upload", 3), ("alice", "general", "!keep", 2),
        ("alice", "general", "!twice", 3)])
    # discord.py's files are single use: sent again, it uploads what is left to read
    # (nothing). Ours uploads the same bytes again (docs/migrating.md).
    ours, theirs = said["tidecord"].pop(), said["discord.py"].pop()
    assert ours == "#general: first t.txt:5:None:False second t.txt:5:None:False 5"
    assert theirs == ours.replace("second t.txt:5", "second t.txt:0")
    assert said["tidecord"] == said["discord.py"]


def outcome(build: Callable[[Any], Any], module: Any) -> Any:
    """What ``build(module)`` returns, or the error it raises, as comparable data."""
    try:
        return build(module)
    except Exception as error:  # the error is the outcome compared
        return f"{type(error).__name__}: {error}"


def _made(file: Any) -> Any:
    try:
        return (file.filename, file.spoiler, file.description, file.uri, file.fp.read())
    finally:
        file.close()  # a File made from a path opened it


def _renamed(file: Any, **changes: Any) -> Any:
    for name, value in changes.items():
        setattr(file, name, value)
    return file.filename, file.spoiler


FILES: dict[str, Callable[[Any], Any]] = {
    "from a buffer": lambda m: _made(m.File(io.BytesIO(b"abc"), filename="a.bin")),
    "from a nameless buffer": lambda m: _made(m.File(io.BytesIO(b"abc"))),
    "a spoiler": lambda m: _made(m.File(io.BytesIO(b"a"), filename="a.png", spoiler=True)),
    "a spoiler by name": lambda m: _made(m.File(io.BytesIO(b"a"), filename="SPOILER_a.png")),
    "a spoiler named twice": lambda m: _made(m.File(io.BytesIO(b"a"), filename="SPOILER_a",
                                                   spoiler=True)),
    "a spoiler by name, refused": lambda m: _made(m.File(io.BytesIO(b"a"), spoiler=False,
                                                        filename="SPOILER_a.png")),
    "made a spoiler": lambda m: _renamed(m.File(io.BytesIO(b"a"), filename="b.png"),
                                         spoiler=True),
    "renamed": lambda m: _renamed(m.File(io.BytesIO(b"a"), filename="b.png", spoiler=True),
                                  filename="c.png"),
    "renamed a spoiler": lambda m: _renamed(m.File(io.BytesIO(b"a"), filename="b.png"),
                                            filename="SPOILER_c.png"),
    "described": lambda m: m.File(io.BytesIO(b"a"), filename="a.png", description="alt",
                                  spoiler=True).to_dict(3),
    "reset": lambda m: (lambda f: (f.fp.read(), f.reset(), f.fp.read()))(
        m.File(io.BytesIO(b"abc"), filename="a")),
    "a buffer handed in stays open": lambda m: (lambda f: (f.close(), f.fp.closed))(
        m.File(io.BytesIO(b"abc"), filename="a")),
}


@pytest.mark.parametrize("name", list(FILES))
def test_file_as_in_discord_py(name: str) -> None:
    build = FILES[name]
    assert outcome(build, tidecord) == outcome(build, discord)


def test_file_from_a_path_as_in_discord_py(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_bytes(b"hello")
    for build in (lambda m: _made(m.File(str(note))), lambda m: _made(m.File(note)),
                  lambda m: _made(m.File(note, filename="x.png", spoiler=True))):
        assert build(tidecord) == build(discord)


def _assets() -> list[tuple[Any, Any]]:
    """The same avatars and icon, made by each library (discord.py's own makers)."""
    from discord.asset import Asset as Theirs

    from tidecord.models.asset import avatar_asset, guild_icon_asset

    return [(avatar_asset(5, "abc"), Theirs._from_avatar(None, 5, "abc")),  # type: ignore[arg-type]
            (avatar_asset(5, "a_abc"), Theirs._from_avatar(None, 5, "a_abc")),  # type: ignore[arg-type]
            (guild_icon_asset(7, "a_ic"), Theirs._from_guild_icon(None, 7, "a_ic"))]  # type: ignore[arg-type]


ASSET_READS: dict[str, Callable[[Any], Any]] = {
    "read": lambda a: (a.url, str(a), a.key, a.is_animated(), repr(a)),
    "resized": lambda a: (a.with_size(64).url, a.replace(size=4096).url),
    "reformatted": lambda a: (a.with_format("webp").url, a.with_static_format("jpg").url,
                              a.replace(size=32, format="png").url),
    "a size not a power of two": lambda a: outcome(lambda _: a.with_size(100), None).split(",")[0],
    "a format it has not": lambda a: outcome(lambda _: a.with_format("bmp").url, None)[:10],
    "equal to itself resized back": lambda a: a == a.with_size(512).with_size(1024),
}


@pytest.mark.parametrize("name", list(ASSET_READS))
def test_asset_as_in_discord_py(name: str) -> None:
    for mine, theirs in _assets():
        assert ASSET_READS[name](mine) == ASSET_READS[name](theirs), mine
