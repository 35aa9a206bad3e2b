"""Seeded application command programs, written as source text once and run on
tidecord and on discord.py 2.7.1 alike: top-level commands, groups with subcommands and
a subgroup, context menus, options of every kind (ranges, choices, literals, enums,
transformers, channel unions, mentionables, attachments, optional ones), descriptions,
renames, autocomplete, nsfw, default permissions, where a command may be used and
installed, guild commands and extras.

:func:`program` gives a :class:`Program`: its source (run with ``discord``,
``app_commands``, ``tree``, ``show`` and the id ``GUILD`` in scope, after
:data:`PRELUDE`) and what it
defines, so :func:`values` can pick what a person would fill in for each option.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Any

__all__ = ["CHANNELS", "PRELUDE", "USERS", "Cmd", "Opt", "Program", "cog_program", "hybrid_program",
           "out_of_range", "program", "values"]

# The channels of tests.ext.parity.parity_world by Discord channel type; carol has
# left the guild (a user, no member) and uses no command.
CHANNELS = {0: ["general", "ideas", "mod-log", "after-dark"], 2: ["Lounge"],
            4: ["Text Channels"]}
PEOPLE = ["alice", "bob", "carol"]
USERS = ["alice", "bob"]
ROLES = ["Moderator", "Helper"]

PRELUDE = '''
class Colour(enum.Enum):
    red = "r"
    green = "g"
    blue = "b"

class Level(enum.IntEnum):
    low = 1
    high = 5

class Doubler(app_commands.Transformer):
    @property
    def type(self):
        return discord.AppCommandOptionType.integer
    @property
    def min_value(self):
        return -5
    @property
    def max_value(self):
        return 99
    async def transform(self, interaction, value):
        if value == 13:
            raise app_commands.TransformerError(value, self.type, self)
        return value * 2

class Tag:
    @classmethod
    async def transform(cls, interaction, value):
        if value == "bad":
            raise ValueError("no bad tag")
        return "#" + value

class Upper(app_commands.Transformer):
    async def transform(self, interaction, value):
        return value.upper()

class Shouty(app_commands.Transformer):
    @property
    def min_value(self):
        return 2
    @property
    def max_value(self):
        return 6
    async def transform(self, interaction, value):
        if value == "bad":
            raise ValueError("no bad")
        return value + "!"

class Picky(app_commands.Transformer):
    @property
    def choices(self):
        return [app_commands.Choice(name="Apple", value="a"),
                app_commands.Choice(name="Pear", value="p")]
    async def transform(self, interaction, value):
        return "fruit " + value

class Planet(app_commands.Transformer):
    async def autocomplete(self, interaction, value):
        return [app_commands.Choice(name=p.title(), value=p)
                for p in ("mars", "venus", "earth") if p.startswith(value)]
    async def transform(self, interaction, value):
        return "planet " + value

class Who(app_commands.Transformer):
    @property
    def type(self):
        return discord.AppCommandOptionType.user
    async def transform(self, interaction, value):
        return type(value).__name__ + " " + value.name

class Ranged(app_commands.Transformer):
    @property
    def type(self):
        return discord.AppCommandOptionType.number
    @property
    def min_value(self):
        return 0.5
    @property
    def max_value(self):
        return 2.5
    async def transform(self, interaction, value):
        return value

class Tr(app_commands.Translator):
    async def translate(self, string, locale, context):
        if locale.value == "fr":
            return "fr-" + string.message[:29]
        return string.extras.get(locale.value.split("-")[0])

async def twin_show(interaction, values):
    await show(interaction, {**values, "twin": True})

class Careless(app_commands.Translator):
    """Translates what is at ``where`` into French far too long for Discord."""
    def __init__(self, where):
        self.where = where
    async def translate(self, string, locale, context):
        if locale.value == "fr" and context.location.name in self.where:
            return string.message + "x" * 100
        return None

async def auto(interaction, current):
    seen = sorted(k for k, _ in interaction.namespace)
    return [app_commands.Choice(name=f"got {current!r} {type(current).__name__} {seen}",
                                value=str(current)[:5] or "e")]
'''


@dataclasses.dataclass
class Kind:
    """An option kind: its annotation (``{lo}``... filled from the bounds), Discord's
    option type, and what values people may give (bounds, choices, channel types)."""

    annotation: str
    type: int
    bounds: tuple[Any, Any] | None = None
    choices: tuple[Any, ...] = ()
    channel_types: tuple[int, ...] = ()
    names: tuple[str, ...] = ()  # people, roles or channels that fit
    complete: bool = False  # a transformer's own autocomplete


_ALL_CHANNELS = (0, 2, 4)
KINDS: dict[str, Kind] = {
    "str": Kind("str", 3), "int": Kind("int", 4), "float": Kind("float", 10),
    "bool": Kind("bool", 5),
    "member": Kind("discord.Member", 6, names=tuple(PEOPLE)),
    "user": Kind("discord.User", 6, names=tuple(PEOPLE)),
    "role": Kind("discord.Role", 8, names=tuple(ROLES)),
    "text": Kind("discord.TextChannel", 7, channel_types=(0,)),
    "voice": Kind("discord.VoiceChannel", 7, channel_types=(2,)),
    "category": Kind("discord.CategoryChannel", 7, channel_types=(4,)),
    "thread": Kind("discord.Thread", 7, channel_types=(11,)),
    "forum": Kind("discord.ForumChannel", 7, channel_types=(15,)),
    "text|voice": Kind("Union[discord.TextChannel, discord.VoiceChannel]", 7,
                       channel_types=(0, 2)),
    "thread|text": Kind("Union[discord.Thread, discord.TextChannel]", 7,
                        channel_types=(0,)),
    "guildchannel": Kind("discord.abc.GuildChannel", 7, channel_types=_ALL_CHANNELS),
    "appchannel": Kind("app_commands.AppCommandChannel", 7, channel_types=_ALL_CHANNELS),
    "attachment": Kind("discord.Attachment", 11),
    "member|role": Kind("Union[discord.Member, discord.Role]", 9,
                        names=tuple(PEOPLE + ROLES)),
    "user|role": Kind("Union[discord.User, discord.Role]", 9, names=tuple(PEOPLE + ROLES)),
    "member|user": Kind("Union[discord.Member, discord.User]", 6, names=tuple(PEOPLE)),
    "rangeint": Kind("app_commands.Range[int, {lo}, {hi}]", 4, bounds=(0, 0)),
    "rangeint-hi": Kind("app_commands.Range[int, None, {hi}]", 4, bounds=(None, 0)),
    "rangefloat": Kind("app_commands.Range[float, {lo}, {hi}]", 10, bounds=(0.0, 0.0)),
    "rangestr": Kind("app_commands.Range[str, {lo}, {hi}]", 3, bounds=(0, 0)),
    "literal-str": Kind("Literal['a', 'b', 'c']", 3, choices=("a", "b", "c")),
    "literal-int": Kind("Literal[1, 2, 3]", 4, choices=(1, 2, 3)),
    "enum": Kind("Colour", 3, choices=("r", "g", "b")),
    "intenum": Kind("Level", 4, choices=(1, 5)),
    "choice-str": Kind("app_commands.Choice[str]", 3, choices=("1", "2")),
    "choice-int": Kind("app_commands.Choice[int]", 4, choices=(1, 2)),
    "doubler": Kind("app_commands.Transform[int, Doubler]", 4, bounds=(-5, 99)),
    "doubler-bare": Kind("Doubler", 4, bounds=(-5, 99)),
    "upper": Kind("app_commands.Transform[str, Upper]", 3),
    "upper-instance": Kind("app_commands.Transform[str, Upper()]", 3),
    "shouty": Kind("app_commands.Transform[str, Shouty]", 3, bounds=(2, 6)),
    "picky": Kind("app_commands.Transform[str, Picky]", 3, choices=("a", "p")),
    "planet": Kind("app_commands.Transform[str, Planet]", 3, complete=True),
    "who": Kind("app_commands.Transform[str, Who]", 6, names=tuple(PEOPLE)),
    "ranged": Kind("app_commands.Transform[float, Ranged]", 10, bounds=(0.5, 2.5)),
    "inline": Kind("Tag", 3),
    "annotated": Kind("Annotated[int, Doubler]", 4, bounds=(-5, 99)),
}
_CHOICE_SETS = {"choice-str": "[app_commands.Choice(name='One', value='1'), "
                              "app_commands.Choice(name='Two', value='2')]",
                "choice-int": "[app_commands.Choice(name='One', value=1), "
                              "app_commands.Choice(name='Two', value=2)]"}
# alice moderates (manage_messages, kick_members), bob helps; the bot cannot ban.
_CHECKS = ["@app_commands.checks.has_permissions(manage_messages=True)",
           "@app_commands.checks.has_any_role('Helper', 'Nobody')",
           "@app_commands.checks.has_role('Moderator')",
           "@app_commands.checks.bot_has_permissions(ban_members=True, kick_members=True)",
           "@app_commands.checks.cooldown(1, 600)",
           "@app_commands.check(lambda interaction: interaction.user.name != 'bob')"]
WORDS = ("alpha beta gamma delta echo foxtrot golf hotel india juliet kilo lima mike "
         "november oscar papa").split()


@dataclasses.dataclass
class Opt:
    """One option: the parameter's name, the name Discord shows, its kind, and what a
    person may give."""

    param: str
    shown: str
    kind: str
    required: bool
    bounds: tuple[Any, Any] | None
    choices: tuple[Any, ...]
    autocomplete: bool


@dataclasses.dataclass
class Cmd:
    """A slash command as people use it: its path (``["grp", "inner", "deep0"]``); an
    age-restricted one is used in #after-dark, one needing permissions by alice."""

    path: list[str]
    options: list[Opt]
    nsfw: bool = False
    permissions: bool = False


@dataclasses.dataclass
class Program:
    source: str
    commands: list[Cmd]
    menus: list[tuple[str, int, bool]]  # (name, 2 user / 3 message, nsfw)


def _option(rng: random.Random, i: int, decorators: dict[str, list[str]],
            kinds: list[str]) -> tuple[Opt, str]:
    key = rng.choice(kinds)
    kind = KINDS[key]
    bounds = kind.bounds
    if key in ("rangeint", "rangeint-hi", "rangefloat", "rangestr"):
        if key == "rangefloat":
            lo = round(rng.uniform(-5, 5), 2)
            bounds = (lo, round(lo + rng.uniform(0.5, 10), 2))
        elif key == "rangestr":
            lo = rng.randint(0, 4)
            bounds = (lo, lo + rng.randint(1, 8))
        else:
            lo = rng.randint(-10, 10)
            bounds = (lo, lo + rng.randint(0, 20))
        if key == "rangeint-hi":
            bounds = (None, bounds[1])
    annotation = kind.annotation.format(lo=bounds[0] if bounds else 0,
                                        hi=bounds[1] if bounds else 0)
    param = f"p{i}_{rng.choice(WORDS)}"
    shown = param
    choices = kind.choices
    if key in _CHOICE_SETS:
        decorators["choices"].append(f"{param}={_CHOICE_SETS[key]}")
    elif key in ("str", "int", "float") and rng.random() < 0.15:
        choices = {"str": ("x", "y"), "int": (1, 2), "float": (1.0, 2.5)}[key]
        listed = ", ".join(f"app_commands.Choice(name='c{j}', value={v!r})"
                           for j, v in enumerate(choices))
        decorators["choices"].append(f"{param}=[{listed}]")
    autocomplete = kind.complete
    if key in ("str", "int", "float", "rangeint", "rangestr") and not choices and \
            rng.random() < 0.25:
        decorators["autocomplete"].append(f"{param}=auto")
        autocomplete = True
    if rng.random() < 0.3:
        text = repr(rng.choice(["A thing", "Pick one", "y" * rng.randint(90, 130)]))
        if rng.random() < 0.3 and len(text) < 100:  # a locale_str is not shortened
            text = f"app_commands.locale_str({text}, de='Ein Ding')"
        decorators["describe"].append(f"{param}={text}")
    if rng.random() < 0.2:
        shown = rng.choice(["new-name", "other", "ünï", "ok_2"]) + str(i)
        text = repr(shown)
        if rng.random() < 0.3:
            text = f"app_commands.locale_str({text}, de='neu-{i}')"
        decorators["rename"].append(f"{param}={text}")
    required = rng.random() < 0.65
    text = f"{param}: {annotation}"
    if not required:
        # discord.py 2.7.1 registers Optional[commands.Range[...]] as plain text (tidecord
        # keeps the number and its bounds): written without Optional here.
        text = f"{param}: Optional[{annotation}] = None" if rng.random() < 0.4 and \
            key != "commands-range" else f"{param}: {annotation} = None"
    return Opt(param, shown, key, required, bounds, choices, autocomplete), text


def _command(rng: random.Random, name: str, host: str, *, top: bool,
             first: str = "interaction", kinds: list[str] | None = None) -> tuple[str, Cmd]:
    decorators: dict[str, list[str]] = {"describe": [], "rename": [], "choices": [],
                                        "autocomplete": []}
    kinds = kinds or sorted(set(KINDS) - set(HYBRID_ONLY))
    made = [_option(rng, i, decorators, kinds) for i in range(rng.randint(0, 5))]
    keywords = ""
    hybrid = first == "ctx"
    in_class = first.startswith("self")
    if rng.random() < 0.85 or hybrid:
        made.sort(key=lambda pair: not pair[0].required)
    elif made:  # required ones after optional ones, as written: keyword-only
        keywords = ", *"
    lines = []
    settings = []
    if rng.random() < 0.7:
        settings.append(f"description={rng.choice(['Does things', 'd' * 100, 'Hello'])!r}")
    cmd = Cmd([name], [opt for opt, _ in made])
    if rng.random() < 0.15 and not hybrid:
        settings.append("nsfw=True")
        cmd.nsfw = True
    if rng.random() < 0.15:
        settings.append("extras={'k': 1}")
    if rng.random() < 0.15:
        settings.append(f"name=app_commands.locale_str({name!r}, de='{name}-de')")
    if top and rng.random() < 0.25 and not (hybrid or in_class):
        settings.append("guild=discord.Object(GUILD)")
    lines.append(f"@{host}({', '.join(settings)})")
    if top and (hybrid or in_class) and rng.random() < 0.25:
        lines.append("@app_commands.guilds(GUILD)")
    if top:
        pick = rng.random()
        if pick < 0.1:
            lines.append("@app_commands.guild_only()")
        elif pick < 0.2:
            lines.append(f"@app_commands.allowed_contexts(guilds=True, "
                         f"dms={rng.random() < 0.5}, private_channels={rng.random() < 0.5})")
        elif pick < 0.3:
            lines.append(f"@app_commands.allowed_installs(guilds=True, "
                         f"users={rng.random() < 0.5})")
        if rng.random() < 0.2:
            lines.append("@app_commands.default_permissions(manage_messages=True)")
            cmd.permissions = True
    if not hybrid and rng.random() < 0.3:
        lines.append(rng.choice(_CHECKS))
    for what, given in decorators.items():
        if given:
            lines.append(f"@app_commands.{what}({', '.join(given)})")
    signature = keywords + "".join(f", {text}" for _, text in made)
    lines.append(f"async def {name}({first}{signature}):")
    if rng.random() < 0.2:
        lines.append("    '''Docstring summary.'''")
    lines.append(f"    await show({first.split(', ')[-1]}, locals())")
    return "\n".join(lines), cmd


def program(seed: int) -> Program:
    """The seed's program."""
    rng = random.Random(seed)
    out: list[str] = []
    commands: list[Cmd] = []
    for index, word in enumerate(rng.sample(WORDS, rng.randint(1, 3))):
        text, cmd = _command(rng, f"c{index}_{word}", "tree.command", top=True)
        out += [text, ""]
        commands.append(cmd)
        if "guild=" not in text and rng.random() < 0.2:
            # The same command also registered in the guild, where Discord offers that one.
            twin = text.replace("@tree.command(", "@tree.command(guild=discord.Object(GUILD), ")
            out += [twin.replace("await show(", "await twin_show("), ""]
    if rng.random() < 0.6:
        settings = ["name='grp'", "description='A group'"]
        extras = [e for e in ("guild_only=True", "nsfw=True",
                              "default_permissions=discord.Permissions(kick_members=True)")
                  if rng.random() < 0.3]
        if random.Random(f"subclass {seed}").random() < 0.5:
            out.append(f"group = app_commands.Group({', '.join(settings + extras)})")
        else:  # a Group subclass with its own check (bob may not) and error handler
            # (tidecord asks it for a subgroup's commands too, discord.py does not: see
            # docs/migrating.md, hence the check is only for the group's own commands)
            out += [f"class Grp(app_commands.Group, {', '.join(settings)}):",
                    "    async def interaction_check(self, interaction):",
                    "        mine = interaction.command.parent is self",
                    "        return not mine or interaction.user.name != 'bob'",
                    "    async def on_error(self, interaction, error):",
                    "        interaction.client.group_said = f'{type(error).__name__}: {error}'",
                    f"group = Grp({', '.join(extras)})"]
        subs = [("group", f"sub{j}", ["grp"]) for j in range(rng.randint(1, 3))]
        if rng.random() < 0.5:
            out.append("inner = app_commands.Group(name='inner', description='Inner', "
                       "parent=group)")
            subs += [("inner", f"deep{j}", ["grp", "inner"]) for j in range(rng.randint(1, 2))]
        for host, name, parents in subs:
            text, cmd = _command(rng, name, f"{host}.command", top=False)
            out.append(text)
            # Discord reads a group's age restriction and permissions, not its children's.
            cmd.path = [*parents, name]
            cmd.nsfw = "nsfw=True" in extras
            cmd.permissions = len(extras) > 0 and extras[-1].startswith("default_perm")
            commands.append(cmd)
        out += ["tree.add_command(group)", ""]
    menus = []
    if rng.random() < 0.5:
        annotation, kind = rng.choice([("discord.Member", 2), ("discord.User", 2),
                                       ("discord.Message", 3),
                                       ("Union[discord.Member, discord.User]", 2)])
        name = rng.choice(["Show It", "who is", "Look"])
        nsfw = rng.random() < 0.3
        out += [f"@tree.context_menu(name={name!r}{', nsfw=True' if nsfw else ''})",
                f"async def menu(interaction, target: {annotation}):",
                "    await show(interaction, locals())", ""]
        menus.append((name, kind, nsfw))
    return Program("\n".join(out), commands, menus)


# Values a transformer refuses (13, "bad"), or the command's callback ("boom").
_TROUBLE = {"doubler": 13, "doubler-bare": 13, "annotated": 13, "shouty": "bad",
            "shout": "bad", "inline": "bad", "str": "boom", "upper": "boom"}


def _pick(rng: random.Random, opt: Opt, edge: bool) -> Any:
    """A value a person could give ``opt`` (at a bound when ``edge``; now and then one
    that makes trouble), or None when no such value exists in the world."""
    kind = KINDS[opt.kind]
    if opt.kind in _TROUBLE and not opt.choices and rng.random() < 0.2:
        return _TROUBLE[opt.kind]
    if opt.choices:
        return rng.choice(opt.choices)
    if kind.type == 7:
        found = [n for t in kind.channel_types for n in CHANNELS.get(t, [])]
        return rng.choice(found) if found else None
    if kind.names:
        return rng.choice(kind.names)
    if kind.type == 11:
        return (rng.choice(["a.txt", "pic.png"]), b"hello")
    if kind.type == 5:
        return rng.random() < 0.5
    low, high = opt.bounds or (None, None)
    if kind.type == 3:
        low, high = low or 0, high or 12
        size = rng.choice([low, high]) if edge else rng.randint(low, high)
        return "".join(rng.choice("abcxyz") for _ in range(size))
    if kind.type == 4:
        low = -1000 if low is None else low
        high = 1000 if high is None else high
        return rng.choice([low, high]) if edge else rng.randint(low, high)
    low = -100.0 if low is None else low
    high = 100.0 if high is None else high
    return rng.choice([low, high]) if edge else round(rng.uniform(low, high), 3)


def values(rng: random.Random, cmd: Cmd, *, edge: bool = False) -> dict[str, Any] | None:
    """Options a person fills in for ``cmd`` (optional ones now and then left out), by
    shown name; None when a required one has nothing in the world to pick."""
    given: dict[str, Any] = {}
    for opt in cmd.options:
        if not opt.required and rng.random() < 0.4:
            continue
        value = _pick(rng, opt, edge)
        if value is None:
            if opt.required:
                return None
            continue
        given[opt.shown] = value
    return given


def out_of_range(cmd: Cmd) -> list[tuple[str, Any]]:
    """Values the Discord client does not let a person send: past a bound, or not one
    of the choices."""
    found: list[tuple[str, Any]] = []
    for opt in cmd.options:
        kind = KINDS[opt.kind]
        low, high = opt.bounds or (None, None)
        if opt.choices:
            found.append((opt.shown, "zz" if kind.type == 3 else 777))
        elif kind.type == 3 and high is not None:
            found.append((opt.shown, "q" * (high + 1)))
        elif kind.type in (4, 10) and high is not None:
            found.append((opt.shown, high + 1))
        elif kind.type in (4, 10) and low is not None:
            found.append((opt.shown, low - 1))
    return found


# What a hybrid command's parameters may be (a prefix command reads them too).
HYBRID_KINDS = ["str", "int", "float", "bool", "member", "user", "role", "text", "voice",
                "category", "text|voice", "guildchannel", "attachment", "member|role",
                "rangeint", "rangefloat", "rangestr", "literal-str", "literal-int", "enum",
                "intenum", "choice-str", "choice-int", "shout", "commands-range"]
HYBRID_ONLY = {"shout": Kind("Shout", 3),
               "commands-range": Kind("commands.Range[int, 1, 9]", 4, bounds=(1, 9))}
KINDS.update(HYBRID_ONLY)
HYBRID_PRELUDE = PRELUDE + '''
class Shout(commands.Converter):
    async def convert(self, ctx, argument):
        if argument == "bad":
            raise commands.BadArgument("no bad")
        return argument.upper()
'''


def hybrid_program(seed: int) -> Program:
    """The seed's bot of hybrid commands (``bot`` and ``commands`` in scope, after
    :data:`HYBRID_PRELUDE`): some top-level, and a hybrid group with a fallback."""
    rng = random.Random(seed)
    out: list[str] = []
    commands: list[Cmd] = []
    for index, word in enumerate(rng.sample(WORDS, rng.randint(1, 3))):
        text, cmd = _command(rng, f"h{index}_{word}", "bot.hybrid_command", top=True,
                             first="ctx", kinds=HYBRID_KINDS)
        out += [text, ""]
        commands.append(cmd)
    if rng.random() < 0.6:
        fallback = rng.random() < 0.5
        out += [f"@bot.hybrid_group(name='hgrp'{', fallback=' + repr('show') if fallback else ''})",
                "async def hgrp(ctx):",
                "    await show(ctx, locals())", ""]
        if fallback:
            commands.append(Cmd(["hgrp", "show"], []))
        for j in range(rng.randint(1, 3)):
            text, cmd = _command(rng, f"hsub{j}", "hgrp.command", top=False, first="ctx",
                                 kinds=HYBRID_KINDS)
            cmd.path = ["hgrp", f"hsub{j}"]
            out += [text, ""]
            commands.append(cmd)
    return Program("\n".join(out), commands, [])


def cog_program(seed: int, *, group_cog: bool) -> Program:
    """The seed's slash commands as methods of a cog (``commands`` in scope; the cog
    class is ``Things``): in a ``GroupCog`` they are the subcommands of ``/things``, a
    group in it one level below."""
    rng = random.Random(seed)
    header = ("class Things(commands.GroupCog, group_name='things', "
              "group_description='Things'):" if group_cog else "class Things(commands.Cog):")
    out: list[str] = [header]
    commands: list[Cmd] = []
    above = ["things"] if group_cog else []
    for index, word in enumerate(rng.sample(WORDS, rng.randint(1, 3))):
        text, cmd = _command(rng, f"m{index}_{word}", "app_commands.command",
                             top=not group_cog, first="self, interaction")
        out += [_indented(text), ""]
        cmd.path = [*above, *cmd.path]
        cmd.nsfw = cmd.nsfw and not group_cog  # Discord reads a group's, not its children's
        commands.append(cmd)
    if rng.random() < 0.6:
        out.append("    grp = app_commands.Group(name='grp', description='A group')")
        for j in range(rng.randint(1, 2)):
            text, cmd = _command(rng, f"sub{j}", "grp.command", top=False,
                                 first="self, interaction")
            out += [_indented(text), ""]
            cmd.path = [*above, "grp", f"sub{j}"]
            cmd.nsfw = False
            commands.append(cmd)
    return Program("\n".join(out), commands, [])


def _indented(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())
