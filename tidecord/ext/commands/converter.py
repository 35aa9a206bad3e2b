"""Converters: an argument's text -> the object a parameter's annotation asks for.

Annotate with a model (``discord.Member``, ``discord.TextChannel``...) and the
matching converter below runs; each fails with its own ``BadArgument`` subclass
(``MemberNotFound``, ``ChannelNotFound``...). The lookups themselves live once in
:mod:`tidecord.commands.resolve`, shared with slash commands. Write your own by
subclassing :class:`Converter`::

    class Upper(commands.Converter):
        async def convert(self, ctx, argument):
            return argument.upper()
"""

from __future__ import annotations

import datetime
import inspect
import re
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ... import utils
from ...commands import resolve
from ...gateway.presence import Game
from ...models import Guild, Member, Message, Role, User
from ...models.colour import Colour
from ...models.emoji import Emoji, PartialEmoji
from ...models.invite import Invite
from ...models.kinds import (
    CategoryChannel,
    ForumChannel,
    GuildChannel,
    StageChannel,
    TextChannel,
    Thread,
    VoiceChannel,
)
from ...models.message import PartialMessage
from ...models.object import Object
from ...models.scheduled_event import ScheduledEvent
from ...models.soundboard import SoundboardSound
from ...models.sticker import GuildSticker
from .errors import (
    BadColourArgument,
    BadInviteArgument,
    BadTimestampArgument,
    ChannelNotFound,
    ChannelNotReadable,
    EmojiNotFound,
    GuildNotFound,
    GuildStickerNotFound,
    MemberNotFound,
    MessageNotFound,
    NoPrivateMessage,
    ObjectNotFound,
    PartialEmojiConversionFailure,
    RoleNotFound,
    ScheduledEventNotFound,
    SoundboardSoundNotFound,
    ThreadNotFound,
    UserNotFound,
)

__all__ = [
    "CONVERTER_MAPPING", "CategoryChannelConverter", "ColorConverter", "ColourConverter",
    "Converter", "EmojiConverter", "ForumChannelConverter", "GameConverter",
    "GuildChannelConverter", "GuildConverter", "GuildStickerConverter", "IDConverter",
    "InviteConverter", "MemberConverter", "MessageConverter", "ObjectConverter",
    "PartialEmojiConverter", "PartialMessageConverter", "RoleConverter", "ScheduledEventConverter",
    "SoundboardSoundConverter",
    "StageChannelConverter", "TextChannelConverter", "ThreadConverter", "Timestamp",
    "UserConverter", "VoiceChannelConverter", "clean_content", "is_converter", "needs_instance",
]

T_co = TypeVar("T_co", covariant=True)


class Converter(Generic[T_co]):
    """Base of converters: ``async def convert(self, ctx, argument) -> object``.

    A converter may also be a class whose ``convert`` is a classmethod, or any
    object with a ``convert`` coroutine method (as in discord.py, where this is a
    protocol).
    """

    async def convert(self, ctx: Any, argument: str) -> T_co:
        """Turn ``argument`` into the object; raise ``BadArgument`` when it cannot."""
        raise NotImplementedError("Derived classes need to implement this.")


def is_converter(obj: Any) -> bool:
    """Whether ``obj`` (a class or an instance) converts through a ``convert`` method."""
    return callable(getattr(obj, "convert", None)) and not isinstance(obj, str)


def needs_instance(obj: Any) -> bool:
    """Whether ``obj`` is a converter class to instantiate (its ``convert`` is not a
    classmethod)."""
    return inspect.isclass(obj) and is_converter(obj) and \
        not inspect.ismethod(getattr(obj, "convert", None))


_ID_REGEX = re.compile(r"([0-9]{15,20})$")


class IDConverter(Converter[T_co]):
    """A converter that reads ids (``_get_id_match``, as discord.py's)."""

    @staticmethod
    def _get_id_match(argument: str) -> re.Match[str] | None:
        return _ID_REGEX.match(argument)


class ObjectConverter(IDConverter[Object]):
    """Any id or mention -> :class:`Object`."""

    async def convert(self, ctx: Any, argument: str) -> Object:
        found = resolve.object_id(argument)
        if found is None:
            raise ObjectNotFound(argument)
        return Object(id=found)


class MemberConverter(IDConverter[Member]):
    """A member: id, mention, ``name#discrim``, username, global name or nickname."""

    async def convert(self, ctx: Any, argument: str) -> Member:
        found = await resolve.member(ctx, argument)
        if found is None:
            raise MemberNotFound(argument)
        return found


class UserConverter(IDConverter[User]):
    """A user: id, mention, ``name#discrim``, username or global name."""

    async def convert(self, ctx: Any, argument: str) -> User:
        found = await resolve.user(ctx, argument)
        if found is None:
            raise UserNotFound(argument)
        return found


def _message_error(failure: resolve.Unresolved) -> Exception:
    if failure.what == "channel":
        return ChannelNotFound(failure.argument)
    if failure.what == "unreadable":
        return ChannelNotReadable(failure.argument)
    return MessageNotFound(failure.argument)


class PartialMessageConverter(Converter[PartialMessage]):
    """A message by ``id``, ``channel_id-id`` or jump link, without fetching it."""

    async def convert(self, ctx: Any, argument: str) -> PartialMessage:
        try:
            return resolve.partial_message(ctx, argument)  # type: ignore[return-value]
        except resolve.Unresolved as failure:
            raise _message_error(failure) from None


class MessageConverter(IDConverter[Message]):
    """A message by ``id``, ``channel_id-id`` or jump link: cached, else fetched."""

    async def convert(self, ctx: Any, argument: str) -> Message:
        try:
            return await resolve.message(ctx, argument)
        except resolve.Unresolved as failure:
            raise _message_error(failure) from None


class GuildChannelConverter(IDConverter[Any]):
    """Any guild channel by id, mention, link or name."""

    kind: type = GuildChannel

    async def convert(self, ctx: Any, argument: str) -> Any:
        found = resolve.guild_channel(ctx, argument, self.kind)
        if found is None:
            raise ChannelNotFound(argument)
        return found


class TextChannelConverter(GuildChannelConverter):
    """A text (or announcement) channel."""

    kind = TextChannel


class VoiceChannelConverter(GuildChannelConverter):
    """A voice channel."""

    kind = VoiceChannel


class StageChannelConverter(GuildChannelConverter):
    """A stage channel."""

    kind = StageChannel


class CategoryChannelConverter(GuildChannelConverter):
    """A category."""

    kind = CategoryChannel


class ForumChannelConverter(GuildChannelConverter):
    """A forum channel."""

    kind = ForumChannel


class ThreadConverter(IDConverter[Any]):
    """A thread of this guild by id, mention, link or name."""

    async def convert(self, ctx: Any, argument: str) -> Any:
        found = resolve.thread(ctx, argument)
        if found is None:
            raise ThreadNotFound(argument)
        return found


class RoleConverter(IDConverter[Role]):
    """A role of this guild by id, mention or name (guilds only)."""

    async def convert(self, ctx: Any, argument: str) -> Role:
        if ctx.guild is None:
            raise NoPrivateMessage()
        found = resolve.role(ctx, argument)
        if found is None:
            raise RoleNotFound(argument)
        return found


class GuildConverter(IDConverter[Guild]):
    """A guild the bot is in, by id or name."""

    async def convert(self, ctx: Any, argument: str) -> Guild:
        found = resolve.guild(ctx, argument)
        if found is None:
            raise GuildNotFound(argument)
        return found


class EmojiConverter(IDConverter[Emoji]):
    """A custom emoji of a guild the bot is in, by id, ``<:name:id>`` or name."""

    async def convert(self, ctx: Any, argument: str) -> Emoji:
        found = resolve.emoji(ctx, argument)
        if found is None:
            raise EmojiNotFound(argument)
        return found


class GuildStickerConverter(IDConverter[GuildSticker]):
    """A sticker of a guild the bot is in, by id, else by name (this guild's first)."""

    async def convert(self, ctx: Any, argument: str) -> GuildSticker:
        sid = resolve.snowflake(argument)
        client = ctx.bot
        found: GuildSticker | None
        if sid is not None:
            found = client.get_sticker(sid)
        else:
            here = list(ctx.guild.stickers) if ctx.guild is not None else []
            found = next((s for s in [*here, *client.stickers] if s.name == argument), None)
        if found is None:
            raise GuildStickerNotFound(argument)
        return found


class ScheduledEventConverter(IDConverter[ScheduledEvent]):
    """A scheduled event by id, link (``https://discord.com/events/guild/event``) or
    name: this guild's, or in a DM any cached guild's."""

    async def convert(self, ctx: Any, argument: str) -> ScheduledEvent:
        found = resolve.scheduled_event(ctx, argument)
        if found is None:
            raise ScheduledEventNotFound(argument)
        return found


class SoundboardSoundConverter(IDConverter[SoundboardSound]):
    """A soundboard sound by id, else by name: this guild's, or in a DM any cached
    guild's."""

    async def convert(self, ctx: Any, argument: str) -> SoundboardSound:
        sid = resolve.snowflake(argument)
        guild = ctx.guild
        found: SoundboardSound | None
        if sid is not None:
            found = (guild.get_soundboard_sound(sid) if guild is not None
                     else ctx.bot.get_soundboard_sound(sid))
        else:
            sounds = guild.soundboard_sounds if guild is not None else ctx.bot.soundboard_sounds
            found = next((s for s in sounds if s.name == argument), None)
        if found is None:
            raise SoundboardSoundNotFound(argument)
        return found


class InviteConverter(Converter[Invite]):
    """An invite code or link, fetched (``Bot.fetch_invite``); any failure is
    :class:`BadInviteArgument`."""

    async def convert(self, ctx: Any, argument: str) -> Invite:
        try:
            return await ctx.bot.fetch_invite(argument)  # type: ignore[no-any-return]
        except Exception as exc:
            raise BadInviteArgument(argument) from exc


if TYPE_CHECKING:
    Timestamp = datetime.datetime
else:

    class Timestamp(Converter[datetime.datetime]):
        """Discord's ``<t:1700000000:R>`` marker -> that moment as an aware UTC
        ``datetime`` (the marker has no time zone); else :class:`BadTimestampArgument`.

        ``async def remind(ctx, when: commands.Timestamp)``
        """

        async def convert(self, ctx: Any, argument: str) -> datetime.datetime:
            found = resolve.timestamp(argument)
            if found is None:
                raise BadTimestampArgument(argument)
            return found


class PartialEmojiConverter(Converter[PartialEmoji]):
    """Any ``<:name:id>`` / ``<a:name:id>``, cached or not."""

    async def convert(self, ctx: Any, argument: str) -> PartialEmoji:
        found = resolve.partial_emoji(argument)
        if found is None:
            raise PartialEmojiConversionFailure(argument)
        return PartialEmoji(id=found.id, name=found.name, animated=found.animated)


class ColourConverter(Converter[Colour]):
    """``#hex``, ``0xhex``, ``rgb(r, g, b)`` or a colour's name (``dark teal``)."""

    async def convert(self, ctx: Any, argument: str) -> Colour:
        found = resolve.colour(argument)
        if found is None:
            raise BadColourArgument(argument.lower().replace(" ", "_"))
        return found


ColorConverter = ColourConverter


class GameConverter(Converter[Any]):
    """A game activity named by the argument."""

    async def convert(self, ctx: Any, argument: str) -> Any:
        return Game(name=argument)


_MENTION = re.compile(r"<(@[!&]?|#)([0-9]{15,20})>")


class clean_content(Converter[str]):
    """The argument with mentions written as names, safe to echo (no pings)."""

    def __init__(self, *, fix_channel_mentions: bool = False, use_nicknames: bool = True,
                 escape_markdown: bool = False, remove_markdown: bool = False) -> None:
        self.fix_channel_mentions = fix_channel_mentions
        self.use_nicknames = use_nicknames
        self.escape_markdown = escape_markdown
        self.remove_markdown = remove_markdown

    async def convert(self, ctx: Any, argument: str) -> str:
        mentions = {m.id: m for m in ctx.message.mentions}
        guild = ctx.guild

        def name(match: re.Match[str]) -> str:
            kind, ident = match.group(1), int(match.group(2))
            if kind == "#":
                if not (self.fix_channel_mentions and guild is not None):
                    return match.group(0)
                channel = guild.get_channel_or_thread(ident)
                return f"#{channel.name}" if channel is not None else "#deleted-channel"
            if kind == "@&":
                role = guild.get_role(ident) if guild is not None else None
                return f"@{role.name}" if role is not None else "@deleted-role"
            who = mentions.get(ident) or (guild.get_member(ident) if guild is not None
                                          else ctx.bot.get_user(ident))
            if who is None:
                return "@deleted-user"
            shown = who.display_name if (self.use_nicknames or guild is None) else who.name
            return f"@{shown}"

        result = _MENTION.sub(name, argument)
        if self.escape_markdown:
            result = utils.escape_markdown(result)
        elif self.remove_markdown:
            result = utils.remove_markdown(result)
        return utils.escape_mentions(result)


#: Model class -> its converter (what ``commands.Member`` etc. map to).
CONVERTER_MAPPING: dict[Any, type[Converter[Any]]] = {
    Object: ObjectConverter,
    Member: MemberConverter,
    User: UserConverter,
    Message: MessageConverter,
    PartialMessage: PartialMessageConverter,
    TextChannel: TextChannelConverter,
    VoiceChannel: VoiceChannelConverter,
    StageChannel: StageChannelConverter,
    CategoryChannel: CategoryChannelConverter,
    ForumChannel: ForumChannelConverter,
    Thread: ThreadConverter,
    GuildChannel: GuildChannelConverter,
    Guild: GuildConverter,
    Role: RoleConverter,
    Emoji: EmojiConverter,
    PartialEmoji: PartialEmojiConverter,
    GuildSticker: GuildStickerConverter,
    ScheduledEvent: ScheduledEventConverter,
    SoundboardSound: SoundboardSoundConverter,
    Invite: InviteConverter,
    Colour: ColourConverter,
    Game: GameConverter,
}
