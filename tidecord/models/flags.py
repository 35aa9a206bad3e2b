"""Bit-flag types: gateway intents and permissions, mutable like discord.py's.

>>> intents = Intents.default()
>>> intents.message_content = True
>>> intents.value & (1 << 15) != 0
True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Self

from .base import copied_on_read, register_wire_type

__all__ = ["PRIVILEGED_INTENTS", "ChannelFlags", "Flags", "Intents", "MessageFlags", "Permissions",
           "read_as_copy"]


class _Flag:
    """A named bit of a :class:`Flags` type, read and written as a bool. An ``alias``
    is another name for bits that have one (discord.py leaves aliases out when it
    lists a set's flags)."""

    __slots__ = ("alias", "bit", "name")

    def __init__(self, bit: int, *, alias: bool = False) -> None:
        self.bit = bit
        self.alias = alias
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Flags | None, owner: type) -> Any:
        if instance is None:
            return self.bit
        return instance.value & self.bit == self.bit

    def __set__(self, instance: Flags, on: bool) -> None:
        instance.value = instance.value | self.bit if _checked(instance, on) \
            else instance.value & ~self.bit


def _checked(instance: Flags, on: object) -> bool:
    """``on``, refused unless a bool, in discord.py's words."""
    if not isinstance(on, bool):
        raise TypeError(f"Value to set for {type(instance).__name__} must be a bool.")
    return on


class Flags:
    """A set of named bits; ``Flags(name=True, ...)`` or ``Flags(value)``."""

    __slots__ = ("value",)
    FLAGS: ClassVar[dict[str, int]] = {}
    #: discord.py's names: every flag by its bits, and the value of ``cls()``.
    VALID_FLAGS: ClassVar[dict[str, int]] = {}
    DEFAULT_VALUE: ClassVar[int] = 0
    # What iterating a set lists: each flag once, by its own name, in declaration order.
    _LISTED: ClassVar[tuple[tuple[str, int], ...]] = ()

    def __init_subclass__(cls) -> None:
        cls.FLAGS = {}
        listed: dict[str, int] = {}
        for klass in reversed(cls.__mro__):
            for name, attr in vars(klass).items():
                if isinstance(attr, _Flag):
                    cls.FLAGS[name] = attr.bit
                    if not attr.alias:
                        listed[name] = attr.bit
        cls.VALID_FLAGS = cls.FLAGS
        cls._LISTED = tuple(listed.items())

    @classmethod
    def _from_value(cls, value: int) -> Self:
        # What models use to read a wire integer: no checks, no keyword handling.
        flags = cls.__new__(cls)
        flags.value = value
        return flags

    def __init__(self, value: int = 0, **named: bool) -> None:
        if not isinstance(value, int):
            raise TypeError(f"value must be an int, not {type(value).__name__}")
        self.value = value
        self.update(**named)

    def update(self, **named: bool) -> None:
        """Set or clear flags by name, as ``Flags(**named)`` does."""
        for name, on in named.items():
            if name not in self.FLAGS:
                raise TypeError(f"{name!r} is not a valid flag name.")  # discord.py's words
            setattr(self, name, on)

    def is_subset(self, other: Self) -> bool:
        """Whether every flag set here is set in ``other`` (``self <= other``)."""
        return self.value & ~self._same_kind(other).value == 0

    def is_superset(self, other: Self) -> bool:
        """Whether every flag set in ``other`` is set here (``self >= other``)."""
        return self._same_kind(other).value & ~self.value == 0

    def _same_kind(self, other: object) -> Self:
        if not isinstance(other, type(self)):
            raise TypeError(f"cannot compare {type(self).__name__} with {type(other).__name__}")
        return other

    def is_strict_subset(self, other: Self) -> bool:
        """A subset of ``other`` and not equal to it (``self < other``)."""
        return self.is_subset(other) and self.value != other.value

    def is_strict_superset(self, other: Self) -> bool:
        """A superset of ``other`` and not equal to it (``self > other``)."""
        return self.is_superset(other) and self.value != other.value

    @classmethod
    def all(cls) -> Self:
        """Every known flag set."""
        value = 0
        for bit in cls.FLAGS.values():
            value |= bit
        return cls(value)

    @classmethod
    def none(cls) -> Self:
        """No flag set."""
        return cls(0)

    def __iter__(self) -> Iterator[tuple[str, bool]]:
        """``(name, set)`` for each flag, aliases left out (as discord.py's)."""
        for name, bit in self._LISTED:
            yield name, self.value & bit == bit

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and other.value == self.value

    def __hash__(self) -> int:
        return hash((type(self), self.value))

    def __or__(self, other: Self) -> Self:
        return type(self)(self.value | other.value)

    def __and__(self, other: Self) -> Self:
        return type(self)(self.value & other.value)

    def __sub__(self, other: Self) -> Self:
        return type(self)(self.value & ~other.value)

    def __xor__(self, other: Self) -> Self:
        return type(self)(self.value ^ other.value)

    # In place, as discord.py's: ``perms |= other`` changes ``perms`` itself.
    def __ior__(self, other: Self) -> Self:
        self.value |= other.value
        return self

    def __iand__(self, other: Self) -> Self:
        self.value &= other.value
        return self

    def __ixor__(self, other: Self) -> Self:
        self.value ^= other.value
        return self

    def __invert__(self) -> Self:
        """Every bit up to the highest known flag's flipped (as in discord.py)."""
        width = max(self.FLAGS.values(), default=0).bit_length()
        return type(self)(self.value ^ ((1 << width) - 1))

    __le__ = is_subset
    __ge__ = is_superset
    __lt__ = is_strict_subset
    __gt__ = is_strict_superset

    def __int__(self) -> int:
        return self.value

    def __bool__(self) -> bool:
        return self.value != 0

    def __repr__(self) -> str:
        return f"<{type(self).__name__} value={self.value}>"


def _bit(n: int) -> _Flag:
    return _Flag(1 << n)


def _alias(flag: _Flag) -> _Flag:
    """Another name for ``flag``'s bits."""
    return _Flag(flag.bit, alias=True)


def _both(*flags: _Flag) -> _Flag:
    """A name for several flags: set when all of them are, and sets or clears them all."""
    bits = 0
    for flag in flags:
        bits |= flag.bit
    return _Flag(bits, alias=True)


class Intents(Flags):
    """Gateway intents: which events the connection receives."""

    __slots__ = ()
    guilds = _bit(0)
    members = _bit(1)
    moderation = _bit(2)
    expressions = _bit(3)
    integrations = _bit(4)
    webhooks = _bit(5)
    invites = _bit(6)
    voice_states = _bit(7)
    presences = _bit(8)
    # discord.py's order (guild and DM side by side), which iterating a set follows
    guild_messages = _bit(9)
    dm_messages = _bit(12)
    guild_reactions = _bit(10)
    dm_reactions = _bit(13)
    guild_typing = _bit(11)
    dm_typing = _bit(14)
    message_content = _bit(15)
    guild_scheduled_events = _bit(16)
    auto_moderation_configuration = _bit(20)
    auto_moderation_execution = _bit(21)
    guild_polls = _bit(24)
    dm_polls = _bit(25)

    # discord.py spellings
    bans = _alias(moderation)
    emojis_and_stickers = _alias(expressions)
    emojis = _alias(expressions)
    messages = _both(guild_messages, dm_messages)
    reactions = _both(guild_reactions, dm_reactions)
    typing = _both(guild_typing, dm_typing)
    auto_moderation = _both(auto_moderation_configuration, auto_moderation_execution)
    polls = _both(guild_polls, dm_polls)

    @classmethod
    def default(cls) -> Self:
        """Everything but the privileged intents (members, presences, message content)."""
        return cls(cls.all().value & ~PRIVILEGED_INTENTS)

    def privileged_names(self) -> list[str]:
        """The privileged intents this set asks for, by their Discord names."""
        names = {1 << 1: "GUILD_MEMBERS", 1 << 8: "GUILD_PRESENCES", 1 << 15: "MESSAGE_CONTENT"}
        return [name for bit, name in names.items() if self.value & bit]


PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)


class Permissions(Flags):
    """Permission bits, as computed from roles and channel overwrites."""

    __slots__ = ()
    create_instant_invite = _bit(0)
    kick_members = _bit(1)
    ban_members = _bit(2)
    administrator = _bit(3)
    manage_channels = _bit(4)
    manage_guild = _bit(5)
    add_reactions = _bit(6)
    view_audit_log = _bit(7)
    priority_speaker = _bit(8)
    stream = _bit(9)
    read_messages = _bit(10)  # Discord's VIEW_CHANNEL; discord.py lists it by this name
    send_messages = _bit(11)
    send_tts_messages = _bit(12)
    manage_messages = _bit(13)
    embed_links = _bit(14)
    attach_files = _bit(15)
    read_message_history = _bit(16)
    mention_everyone = _bit(17)
    external_emojis = _bit(18)
    view_guild_insights = _bit(19)
    connect = _bit(20)
    speak = _bit(21)
    mute_members = _bit(22)
    deafen_members = _bit(23)
    move_members = _bit(24)
    use_voice_activation = _bit(25)
    change_nickname = _bit(26)
    manage_nicknames = _bit(27)
    manage_roles = _bit(28)
    manage_webhooks = _bit(29)
    manage_expressions = _bit(30)
    use_application_commands = _bit(31)
    request_to_speak = _bit(32)
    manage_events = _bit(33)
    manage_threads = _bit(34)
    create_public_threads = _bit(35)
    create_private_threads = _bit(36)
    external_stickers = _bit(37)
    send_messages_in_threads = _bit(38)
    use_embedded_activities = _bit(39)
    moderate_members = _bit(40)
    view_creator_monetization_analytics = _bit(41)
    use_soundboard = _bit(42)
    create_expressions = _bit(43)
    create_events = _bit(44)
    use_external_sounds = _bit(45)
    send_voice_messages = _bit(46)
    set_voice_channel_status = _bit(48)
    send_polls = _bit(49)
    use_external_apps = _bit(50)
    pin_messages = _bit(51)
    bypass_slowmode = _bit(52)

    # Discord's names and discord.py's other spellings
    view_channel = _alias(read_messages)
    use_external_emojis = _alias(external_emojis)
    use_external_stickers = _alias(external_stickers)
    manage_permissions = _alias(manage_roles)
    manage_emojis = _alias(manage_expressions)
    manage_emojis_and_stickers = _alias(manage_expressions)
    create_polls = _alias(send_polls)

    def __init__(self, permissions: int = 0, **named: bool) -> None:
        # discord.py's words for a wrong value or name.
        if not isinstance(permissions, int):
            raise TypeError(f"Expected int parameter, received {type(permissions).__name__} "
                            f"instead.")
        unknown = next((name for name in named if name not in self.FLAGS), None)
        if unknown is not None:
            raise TypeError(f"{unknown!r} is not a valid permission name.")
        super().__init__(permissions, **named)

    def update(self, **named: bool) -> None:
        """Set or clear permissions by name; an unknown name is ignored, as in discord.py."""
        super().update(**{name: on for name, on in named.items() if name in self.FLAGS})

    def handle_overwrite(self, allow: int, deny: int) -> None:
        """Apply a channel overwrite: clear ``deny``'s bits, then set ``allow``'s."""
        self.value = (self.value & ~deny) | allow

    # discord.py's groups of permissions, as its settings pages group them.
    @classmethod
    def general(cls) -> Self:
        """Managing the guild: channels, roles, webhooks, expressions, insights."""
        return cls(manage_channels=True, manage_guild=True, view_audit_log=True,
                   view_channel=True, view_guild_insights=True, manage_roles=True,
                   manage_webhooks=True, manage_expressions=True,
                   view_creator_monetization_analytics=True, create_expressions=True)

    @classmethod
    def membership(cls) -> Self:
        """Managing members: invites, kicks, bans, nicknames, timeouts."""
        return cls(create_instant_invite=True, kick_members=True, ban_members=True,
                   change_nickname=True, manage_nicknames=True, moderate_members=True)

    @classmethod
    def text(cls) -> Self:
        """Text channels: sending, reacting, threads, files, polls, pins."""
        return cls(add_reactions=True, send_messages=True, send_tts_messages=True,
                   manage_messages=True, embed_links=True, attach_files=True,
                   read_message_history=True, mention_everyone=True,
                   use_external_emojis=True, use_application_commands=True,
                   manage_threads=True, create_public_threads=True,
                   create_private_threads=True, use_external_stickers=True,
                   send_messages_in_threads=True, send_voice_messages=True, send_polls=True,
                   use_external_apps=True, pin_messages=True, bypass_slowmode=True)

    @classmethod
    def voice(cls) -> Self:
        """Voice channels: connecting, speaking, streaming, moving and muting."""
        return cls(priority_speaker=True, stream=True, connect=True, speak=True,
                   mute_members=True, deafen_members=True, move_members=True,
                   use_voice_activation=True, use_embedded_activities=True,
                   use_soundboard=True, use_external_sounds=True,
                   set_voice_channel_status=True)

    @classmethod
    def stage(cls) -> Self:
        """Stage channels: asking to speak."""
        return cls(request_to_speak=True)

    @classmethod
    def stage_moderator(cls) -> Self:
        """What a stage moderator needs."""
        return cls(manage_channels=True, mute_members=True, move_members=True)

    @classmethod
    def elevated(cls) -> Self:
        """The permissions that need two-factor authentication on a guild that asks it."""
        return cls(kick_members=True, ban_members=True, administrator=True,
                   manage_channels=True, manage_guild=True, manage_messages=True,
                   manage_roles=True, manage_webhooks=True, manage_expressions=True,
                   manage_threads=True, moderate_members=True)

    @classmethod
    def events(cls) -> Self:
        """Scheduled events: making and managing them."""
        return cls(manage_events=True, create_events=True)

    @classmethod
    def apps(cls) -> Self:
        """Applications: commands, activities, external apps."""
        return cls(use_application_commands=True, use_embedded_activities=True,
                   use_external_apps=True)

    @classmethod
    def advanced(cls) -> Self:
        """Administrator."""
        return cls(administrator=True)

    @classmethod
    def all_channel(cls) -> Self:
        """The permissions that apply to a channel (discord.py's list: the voice
        channel status is not in it)."""
        everything = cls(cls.text().value | cls.voice().value | cls.stage().value | cls(
            create_instant_invite=True, manage_channels=True, view_channel=True,
            manage_roles=True, manage_webhooks=True).value)
        everything.set_voice_channel_status = False
        return everything


class MessageFlags(Flags):
    """Flags on a message, as ``message.flags`` reads them.

    >>> flags = MessageFlags(silent=True)
    >>> flags.suppress_notifications, flags.value
    (True, 4096)
    """

    __slots__ = ()
    crossposted = _bit(0)
    is_crossposted = _bit(1)
    suppress_embeds = _bit(2)
    source_message_deleted = _bit(3)
    urgent = _bit(4)
    has_thread = _bit(5)
    ephemeral = _bit(6)
    loading = _bit(7)
    failed_to_mention_some_roles_in_thread = _bit(8)
    suppress_notifications = _bit(12)
    voice = _bit(13)
    forwarded = _bit(14)
    components_v2 = _bit(15)

    silent = _alias(suppress_notifications)


class ChannelFlags(Flags):
    """Flags on a channel, as ``channel.flags`` reads them: a post pinned in its forum,
    a forum whose posts need a tag, a media channel that hides download options.

    >>> ChannelFlags(require_tag=True).value
    16
    """

    __slots__ = ()
    pinned = _bit(1)
    require_tag = _bit(4)
    hide_media_download_options = _bit(15)


def _copy_flags(value: Any) -> Any:
    return type(value)(value.value) if isinstance(value, Flags) else value


def read_as_copy(cls: type, name: str) -> Any:
    """Make ``obj.<name>`` (a flags field of struct ``cls``) a new copy at each read,
    as discord.py's ``Role.permissions`` is: code that changes what it read and sends
    it back (``perms.update(...)``, then ``role.edit(permissions=perms)``) leaves the
    cached record as Discord last said it is, and records with equal flags may share
    one stored object. Returns the field's slot descriptor, which reads the stored
    object itself."""
    return copied_on_read(cls, name, _copy_flags)


# Permissions travel as decimal strings, intents and message flags as integers.
register_wire_type(Permissions, decode=lambda v: Permissions(int(v)), encode=lambda p: str(p.value))
register_wire_type(Intents, decode=lambda v: Intents(int(v)), encode=lambda i: i.value)
register_wire_type(MessageFlags, decode=lambda v: MessageFlags(int(v)), encode=lambda f: f.value)
register_wire_type(ChannelFlags, decode=lambda v: ChannelFlags(int(v)), encode=lambda f: f.value)
