"""Seeded command trees for help parity: a random bot program, written as Python source
once and run on either library, and the help queries worth asking it.

``program(seed)`` writes the source of ``setup(discord, commands) -> bot``: cogs (with
and without descriptions), commands and nested groups with aliases, hidden and disabled
ones, brief / help / description / docstrings of every shape, usage overrides, checks
that fail for some people, and signatures made of every kind of parameter; plus a set
of help commands (default, minimal, a subclass) the ``!style N`` command switches
between. ``queries(seed)`` lists what to ask each of those help commands.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Tree", "tree"]

WORDS = ["alpha", "bravo", "cedar", "delta", "ember", "fable", "grove", "harbor", "iris",
         "jade", "kite", "lumen", "maple", "nova", "orbit", "pearl", "quill", "raven",
         "sage", "tide", "umber", "vale", "willow", "xenon", "yarrow", "zephyr", "ash",
         "birch", "coral", "dune", "elm", "fern", "gale", "heath", "ivy", "juniper"]
ODD_NAMES = ["café", "日本", "naïve", "Shout", "x", "a_b", "émoji", "\uff37\uff29\uff24\uff25"]
COG_NAMES = ["Garden", "Idea Box", "tools", "Moderation", "Fun & Games", "Über"]

DOCS = [
    None,
    '"""Does one thing."""',
    '"""First line of help.\n\n        A second paragraph that\n'
    '        runs over two lines.\n        """',
    '"""\n        Starts on the second line.\n\n            indented block\n'
    '        back\n        """',
    '"""' + "A very long first line that goes on and on well past any width a help "
    "command would allow for a single row of text." + '"""',
    '"""Unicode: naïve café ☕ — 日本語 text and **markdown** `code` _italics_."""',
    '"""Has ```a code fence``` inside, and a mention <@123456789012345678> @everyone."""',
    '"""Described parameters.\n\n        Parameters\n        -----------\n        {p0}: int\n'
    '            The first one,\n            on two lines.\n        {p1}\n            Another.\n'
    '        nosuch: str\n            Not a parameter.\n        {p0}\n            Said again.\n'
    '        """',
    '"""Parameter\n        ---\n        {p1} : str\n            Singular heading.\n        """',
    '"""' + "\n        ".join(f"Line {i} of a long help text that fills pages quickly."
                              for i in range(45)) + '\n        """',
]

HELPS = ["Shows what {n} does.", "  indented\n    help kwarg\n  text", "",
         "Multi\n\nparagraph help.", "One line **help** with ünïcode."]
BRIEFS = [None, None, "Brief words.", "", "A brief that is rather long and goes past the "
          "width of a narrow help command by a lot."]
DESCRIPTIONS = [None, None, "A description.", "  Indented\n    description\n  block."]
DEFAULTS = ['3', '1.5', 'True', 'None', '"two words"', '""', '"x"', '0', '-1',
            'commands.parameter(default=2, displayed_default="two")',
            'commands.parameter(default=None, displayed_name="Shown", description="Said.")',
            'commands.parameter(default="v", description="A described default.")',
            'commands.parameter(default=lambda ctx: 5)',
            'commands.parameter(displayed_default="")',
            'commands.Author', 'commands.CurrentChannel', 'commands.CurrentGuild',
            'commands.parameter(default=commands.Author, displayed_default="me")',
            'commands.param(converter=int, default=4)']
ANNOTATIONS = [None, 'int', 'str', 'float', 'bool', 'discord.Member', 'discord.TextChannel',
               'Optional[int]', 'Optional[discord.Member]', 'int | None', 'Union[int, str]',
               'Union[int, None, str]', 'Literal["a", "b c"]', 'Literal[1, 2]',
               'Optional[Literal["x", "y"]]', 'commands.Greedy[int]',
               'commands.Greedy[Literal["a", "b"]]', 'commands.Greedy[discord.Member]',
               'commands.Range[int, 1, 10]', 'commands.Range[str, None, 5]',
               'Optional[commands.Range[int, 1, 5]]', 'discord.Attachment',
               'Optional[discord.Attachment]', 'commands.Greedy[discord.Attachment]',
               'Annotated[str, int]', 'commands.Range[float, 0.5, 2.5]',
               'Optional[Union[int, str]]', 'Union[Literal["a"], int]', 'Literal[True, None]',
               'discord.User | discord.Member', 'Literal["only"] | None',
               'Annotated[int, commands.Range[int, 1, 2]]', 'list[int]']
# A slash command's defaults must be of its option's type.
HYBRID_ANNOTATIONS = {
    None: ['"two words"', '""', 'None'], 'int': ['3', 'None'], 'str': ['"two words"', '""'],
    'float': ['1.5', 'None'], 'bool': ['True', 'None'], 'discord.Member': ['None'],
    'Optional[int]': ['3', 'None'], 'Literal["a", "b c"]': ['"a"'],
    'commands.Range[int, 1, 10]': ['3', 'commands.parameter(default=2, displayed_default="two")'],
}
REST = ['rest', 'rest: str', 'rest: str = "all of it"', 'rest: Optional[str] = None',
        'flags: Flags', 'flags: OptionalFlags', 'text: str = commands.parameter('
        'default="", displayed_name="words", description="Everything else.")']
VARARGS = ['*args', '*numbers: int', '*people: discord.Member']
CHECKS = ['@commands.has_role("Moderator")', '@commands.guild_only()', '@commands.dm_only()',
          '@commands.is_nsfw()', '@commands.check(lambda ctx: ctx.author.name != "bob")',
          '@commands.has_permissions(kick_members=True)']

PREAMBLE = '''\
def setup(discord, commands):
    from typing import Annotated, Literal, Optional, Union

    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix=commands.when_mentioned_or("!", "? "),
                       intents=intents{bot_options})

    class Flags(commands.FlagConverter):
        colour: str
        size: int = 1

    class OptionalFlags(commands.FlagConverter, prefix="--", delimiter="="):
        loud: bool = False

    class Custom(commands.{custom_base}):
        def get_command_signature(self, command):
            return (f"<{{command.qualified_name}}|{{command.signature}}|"
                    f"{{command.full_parent_name}}>")

        def command_not_found(self, string):
            return f"nothing named {{string!r}} (asked via {{self.invoked_with}})"

        def subcommand_not_found(self, command, string):
            kind = type(command).__name__
            return f"{{command.qualified_name}} lacks {{string!r}} ({{kind}})"

        async def send_bot_help(self, mapping):
            # (discord.py leaves an empty description out of what it sends; tidecord
            # sends it: not what this compares.)
            about = self.context.bot.description or None
            embed = discord.Embed(title="Everything", description=about)
            for cog, cmds in mapping.items():
                shown = await self.filter_commands(cmds, sort=True)
                if shown:
                    name = getattr(cog, "qualified_name", "none")
                    value = " ".join(f"{{self.get_command_signature(c)}}={{c.short_doc!r}}"
                                     for c in shown)
                    embed.add_field(name=name, value=value[:1000], inline=False)
            await self.get_destination().send(embed=embed)

        async def send_command_help(self, command):
            params = ", ".join(f"{{p.name}}/{{p.displayed_name}}/{{p.displayed_default}}/"
                               f"{{p.description}}/{{p.required}}"
                               for p in command.clean_params.values())
            await self.get_destination().send(
                f"{{self.get_command_signature(command)}}\\n{{command.help!r}}\\n"
                f"{{command.brief!r}} {{command.description!r}} {{command.aliases}}\\n{{params}}")

        async def prepare_help_command(self, ctx, command=None):
            self.asked = command
            await super().prepare_help_command(ctx, command)

        async def send_group_help(self, group):
            shown = await self.filter_commands(group.commands, sort=True)
            if not shown:
                raise commands.CommandError(f"{{group.qualified_name}} shows nothing")
            await self.get_destination().send(
                f"{{self.asked!r}}: " + " ".join(c.qualified_name for c in shown))

        async def on_help_command_error(self, ctx, error):
            await ctx.send(f"help error: {{type(error).__name__}}: {{error}}")

        async def send_cog_help(self, cog):
            cmds = cog.get_commands()
            walked = sorted(c.qualified_name for c in cog.walk_commands())
            await self.get_destination().send(
                f"{{cog.qualified_name}}: {{cog.description!r}} "
                f"{{[c.name for c in cmds]}} {{walked}} "
                f"{{self.get_max_size(await self.filter_commands(cmds))}}")

'''


@dataclass
class Command:
    name: str
    aliases: list[str]
    qualified: str
    group: bool
    children: list[Command] = field(default_factory=list)
    case_insensitive: bool = False


@dataclass
class Tree:
    source: str
    cogs: list[str]
    commands: list[Command]
    helps: list[dict[str, Any]]  # per help style: name, aliases, sorted (orders are stable)

    def walk(self) -> list[Command]:
        found: list[Command] = []

        def visit(cmds: list[Command]) -> None:
            for cmd in cmds:
                found.append(cmd)
                visit(cmd.children)

        visit(self.commands)
        return found


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lines: list[str] = []
        self.count = 0

    def names(self, taken: set[str], *, case_insensitive: bool,
              plain: bool) -> tuple[str, list[str]]:
        rng = self.rng

        def fresh(pool: list[str]) -> str:
            for _ in range(50):
                name = rng.choice(pool)
                key = name.casefold() if case_insensitive else name
                if key not in taken and name != "help" and name != "style":
                    taken.add(key)
                    return name
            name = f"cmd{len(taken)}"
            taken.add(name)
            return name

        name = fresh(ODD_NAMES if not plain and rng.random() < 0.15 else WORDS)
        aliases = [fresh(WORDS + ODD_NAMES) for _ in range(rng.choice([0, 0, 0, 1, 2]))]
        return name, aliases

    def parameters(self, rng: random.Random, *, hybrid: bool) -> list[str]:
        params: list[str] = []
        used: set[str] = set()

        def pname() -> str:
            while True:
                name = rng.choice(["member", "amount", "reason", "target", "count", "word",
                                   "choice", "page", "channel", "value", "when", "item"])
                if name not in used:
                    used.add(name)
                    return name

        defaulted = False
        for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
            name = pname()
            annotation = rng.choice(list(HYBRID_ANNOTATIONS) if hybrid else ANNOTATIONS)
            text = name if annotation is None else f"{name}: {annotation}"
            if defaulted or rng.random() < 0.4:
                defaulted = True
                text += " = " + rng.choice(HYBRID_ANNOTATIONS[annotation] if hybrid
                                           else DEFAULTS)
            params.append(text)
        if hybrid:
            return [*params, "*", "rest: str = 'all of it'"] if rng.random() < 0.3 else params
        roll = rng.random()
        if roll < 0.15:
            params.append(rng.choice(VARARGS))
        elif roll < 0.45:
            rest = rng.choice(REST)
            if rest.split(":")[0].split(" ")[0] in used:
                rest = rest.replace("rest", "remainder", 1)
            params += ["*", rest]
        return params

    def command(self, indent: str, holder: str, taken: set[str], parent_qualified: str,
                *, in_cog: bool, depth: int, case_insensitive: bool,
                hybrid: bool = False) -> Command:
        rng = self.rng
        self.count += 1
        func = f"c{self.count}"
        hybrid = hybrid or (depth == 0 and rng.random() < 0.2)
        name, aliases = self.names(taken, case_insensitive=case_insensitive, plain=hybrid)
        group = depth < 2 and rng.random() < 0.3
        params = self.parameters(rng, hybrid=hybrid)
        options = [f"name={name!r}"]
        if aliases:
            options.append(f"aliases={aliases!r}")
        hidden = rng.random() < 0.12
        enabled = rng.random() > 0.1
        if hidden:
            options.append("hidden=True")
        if not enabled:
            options.append("enabled=False")
        brief = rng.choice(BRIEFS)
        if brief is not None:
            options.append(f"brief={brief!r}")
        if rng.random() < 0.25:
            options.append(f"help={rng.choice(HELPS).format(n=name)!r}")
        description = rng.choice(DESCRIPTIONS)
        if description is not None:
            options.append(f"description={description!r}")
        if rng.random() < 0.1:
            options.append(f"usage={rng.choice(['<x> [y]', '', 'anything goes'])!r}")
        if params and params[-1].startswith("*") and not params[-1].startswith("*,") \
                and rng.random() < 0.5:
            options.append("require_var_positional=True")
        sub_insensitive = False
        if group:
            if rng.random() < 0.6:
                options.append("invoke_without_command=True")
            sub_insensitive = rng.random() < 0.4
            if sub_insensitive:
                options.append("case_insensitive=True")
            if hybrid and rng.random() < 0.5:
                options.append('fallback="show"')
        kind = "group" if group else "command"
        if hybrid and depth == 0:
            kind = f"hybrid_{kind}"
        decorator = f"{holder}.{kind}" if holder else f"commands.{kind}"
        self.lines.append(f"{indent}@{decorator}({', '.join(options)})")
        self.lines.extend(f"{indent}{check}"
                          for check in rng.sample(CHECKS, rng.choice([0, 0, 0, 1, 1, 2])))
        doc = rng.choice(DOCS)
        names = [p.split(":")[0].split("=")[0].strip(" *") for p in params if p != "*"]
        names = [n for n in names if n] or ["nothing"]
        selfarg = "self, " if in_cog else ""
        arguments = "".join(", " + p for p in params)
        self.lines.append(f"{indent}async def {func}({selfarg}ctx{arguments}):")
        if doc is not None:
            self.lines.append(f"{indent}    " + doc.format(p0=names[0], p1=names[-1]))
        if group and rng.random() < 0.5:
            self.lines.append(f"{indent}    await ctx.send_help(ctx.command)")
        else:
            self.lines.append(f"{indent}    await ctx.send({'ran ' + name!r})")
        qualified = f"{parent_qualified} {name}".strip()
        made = Command(name, aliases, qualified, group, case_insensitive=sub_insensitive)
        if group:
            child_taken: set[str] = set()
            for _ in range(rng.choice([0, 1, 2, 3])):
                made.children.append(self.command(
                    indent, func, child_taken, qualified, in_cog=in_cog, depth=depth + 1,
                    case_insensitive=sub_insensitive, hybrid=hybrid))
        return made


def tree(seed: int) -> Tree:
    """The bot program and what it holds, for ``seed``."""
    w = _Writer(seed)
    rng = w.rng
    bot_options = []
    if rng.random() < 0.6:
        bot_options.append("description=" + repr(rng.choice(
            ["The garden bot.", "Multi\n\nparagraph bot description.", "ünïcode bot ☕"])))
    case_insensitive = rng.random() < 0.3
    if case_insensitive:
        bot_options.append("case_insensitive=True")
    custom_base = rng.choice(["HelpCommand", "DefaultHelpCommand", "MinimalHelpCommand"])
    w.lines.append(PREAMBLE.format(
        bot_options="".join(", " + o for o in bot_options), custom_base=custom_base))
    taken: set[str] = set()
    commands: list[Command] = []
    cogs: list[str] = []
    for number in range(rng.choice([1, 2, 3])):
        cog = rng.choice([c for c in COG_NAMES if c not in cogs])
        cogs.append(cog)
        header = f"    class Cog{number}(commands.Cog, name={cog!r}"
        if rng.random() < 0.3:
            header += ", description='Described by keyword.'"
        if rng.random() < 0.25:
            header += ", command_attrs=" + rng.choice(
                ['{"hidden": True}', '{"brief": "Brief of the cog."}',
                 '{"usage": "<cog usage>"}', '{"enabled": False}'])
        w.lines.append(header + "):")
        roll = rng.random()
        if roll < 0.4:
            w.lines.append('        """Docstring of the cog.\n\n        Second part."""')
        elif roll < 0.55:
            w.lines.append('        """' + "Long cog text. " * 20 + '"""')
        else:
            w.lines.append("        pass")
        if rng.random() < 0.3:
            w.lines.append('        def cog_check(self, ctx):\n'
                           '            return ctx.author.name != "carol"')
        if rng.random() < 0.4:
            w.lines.append('        async def cog_command_error(self, ctx, error):\n'
                           '            await ctx.send(f"{self.qualified_name} saw "\n'
                           '                           f"{type(error).__name__}: {error}")')
        for _ in range(rng.choice([0, 1, 3, 5])):
            commands.append(w.command("        ", "", taken, "", in_cog=True, depth=0,
                                      case_insensitive=case_insensitive))
    for _ in range(rng.choice([3, 6, 10, 25])):
        commands.append(w.command("    ", "bot", taken, "", in_cog=False, depth=0,
                                  case_insensitive=case_insensitive))
    if rng.random() < 0.3:
        w.lines.append('    bot.check(lambda ctx: ctx.author.name != "bob" '
                       'or "e" not in ctx.command.name)')
    helps = _help_styles(rng, cogs)
    w.lines.append("    helps = [")
    for made in helps:
        w.lines.append(f"        lambda: {made['code']},")
    w.lines.append("    ]")
    w.lines.append("    async def setup_hook():")
    for number in range(len(cogs)):
        w.lines.append(f"        await bot.add_cog(Cog{number}())")
    w.lines.append("        bot.help_command = helps[0]()")
    w.lines.append("    bot.setup_hook = setup_hook")
    w.lines.append(_STYLE)
    return Tree("\n".join(w.lines) + "\n", cogs, commands, helps)


_STYLE = '''\
    @bot.command(name="style")
    async def style(ctx, number: int, cog: str = None):
        made = helps[number]()
        if number == 2:  # a check added before joining the bot
            made.add_check(lambda ctx: ctx.author.name != "bob")
        bot.help_command = made
        if number % 2:
            made.add_check(lambda ctx: ctx.author.name != "carol")
        if cog:
            bot.help_command.cog = bot.get_cog(cog)
        await ctx.send(f"style {number}")

    @bot.command(name="dropcog")
    async def dropcog(ctx, *, name: str):
        await bot.remove_cog(name)
        await ctx.send(f"help now in {getattr(bot.help_command, 'cog', None)!r}")

    @bot.command(name="sendhelp")
    async def sendhelp(ctx, kind: str, *, what: str = None):
        if kind == "none":
            got = await ctx.send_help()
        elif kind == "cog":
            got = await ctx.send_help(bot.get_cog(what))
        elif kind == "command":
            got = await ctx.send_help(bot.get_command(what))
        else:
            got = await ctx.send_help(what)
        await ctx.send(f"send_help gave {got!r}")

    @bot.listen()
    async def on_command_completion(ctx):
        await ctx.channel.send("\\u00b7")

    @bot.listen()
    async def on_command_error(ctx, error):
        await ctx.channel.send(f"E: {type(error).__name__}: {error}\\n\\u00b7")

    return bot
'''


def _help_styles(rng: random.Random, cogs: list[str]) -> list[dict[str, Any]]:
    styles = []
    for kind in ["Default", "Minimal", "Custom", rng.choice(["Default", "Minimal"])]:
        options: list[str] = []
        sort = True
        name, aliases = "help", []
        if kind != "Custom" or rng.random() < 0.5:
            if rng.random() < 0.3:
                sort = False
                options.append("sort_commands=False")
            choices = {
                "dm_help": ["True", "None"],
                "dm_help_threshold": ["50", "3000"],
                "commands_heading": ['"Subcommands:"'],
                "no_category": ['"Misc"'],
                "show_hidden": ["True"],
                "verify_checks": ["False", "None"],
                "paginator": ["commands.Paginator(max_size=500)",
                              "commands.Paginator(max_size=120)",
                              "commands.Paginator(prefix=None, suffix=None, max_size=700)",
                              "commands.Paginator(prefix='>>>', suffix='<<<', "
                              "linesep='\\n\\n')"],
            }
            if kind == "Default" or kind == "Custom":
                choices.update({"width": ["30", "120"], "indent": ["0", "5"],
                                "arguments_heading": ['"Params:"'],
                                "default_argument_description": ['"(none)"'],
                                "show_parameter_descriptions": ["False"]})
            if kind == "Minimal":
                choices.update({"aliases_heading": ['"Also:"']})
            for key in rng.sample(sorted(choices), rng.choice([1, 2, 3, 4])):
                if kind == "Custom" and key not in ("show_hidden", "verify_checks") and \
                        rng.random() < 0.5:
                    continue
                options.append(f"{key}={rng.choice(choices[key])}")
        roll = rng.random()
        if roll < 0.2:
            name, aliases = "manual", ["h"]
            options.append('command_attrs={"name": "manual", "aliases": ["h"]}')
        elif roll < 0.3:
            options.append('command_attrs={"hidden": True, "brief": "Help me"}')
        elif roll < 0.4:
            aliases = ["h"]
            options.append('command_attrs={"aliases": ["h"], "help": "Custom help text.",'
                           ' "usage": "[thing]"}')
        cls = "Custom" if kind == "Custom" else f"commands.{kind}HelpCommand"
        styles.append({"code": f"{cls}({', '.join(options)})", "name": name,
                       "aliases": aliases, "sorted": sort,
                       "cog": rng.choice([None, None, *cogs])})
    return styles


def queries(made: Tree, rng: random.Random, *,
            per_style: int = 8) -> list[tuple[str, str, str]]:
    """``(person, channel, text)`` help requests for each help style, with the
    ``!style`` switches between them; ``per_style`` commands asked about in each."""
    asked: list[tuple[str, str, str]] = []
    everything = made.walk()
    for number, style in enumerate(made.helps):
        cog = f" {style['cog']}" if style["cog"] else ""
        asked.append(("alice", "general", f"!style {number}{cog}"))
        names = [style["name"], *style["aliases"]]

        def ask(text: str, person: str = "alice", where: str = "general",
                names: list[str] = names) -> None:
            asked.append((person, where, f"!{rng.choice(names)} {text}".rstrip()))

        if style["sorted"]:
            ask("")
            ask("", "bob")
            ask("", "carol", "after-dark")
            ask("", "bob", "dm")
        for cog_name in made.cogs:
            ask(cog_name, rng.choice(["alice", "bob"]))
        chosen = rng.sample(everything, min(len(everything), per_style))
        for cmd in chosen:
            if cmd.group and not style["sorted"]:
                continue
            ask(cmd.qualified, rng.choice(["alice", "bob", "carol"]))
            if cmd.aliases:
                parts = cmd.qualified.split(" ")
                parts[-1] = rng.choice(cmd.aliases)
                ask(" ".join(parts))
            if not cmd.group:
                ask(f"{cmd.qualified} extra")
            elif style["sorted"]:
                ask(f"{cmd.qualified} nosuch")
                if cmd.case_insensitive and cmd.children:
                    ask(f"{cmd.qualified} {cmd.children[0].name.upper()}")
        ask("nosuch")
        asked.append(("bob", "general", f"? {names[0]} nosuch"))
        if style["sorted"]:
            asked.append(("alice", "general", f"{{bot}} {names[0]}"))
        if made.commands and (style["sorted"] or not made.commands[-1].group):
            asked.append(("bob", "general", f"{{bot}} {names[-1]} {made.commands[-1].name}"))
        for cmd in everything if style["sorted"] else ():
            if cmd.group and rng.random() < 0.3:
                asked.append(("alice", "general", f"!{cmd.qualified}"))
        ask(names[0])
        ask("sendhelp")
        if made.cogs:
            cog = rng.choice(made.cogs)
            ask(f'"{cog}"')
            ask(cog.lower())
            ask(f" {cog}  ")
            asked.append(("alice", "general", f"!sendhelp cog {cog}"))
            asked.append(("bob", "general", f"!sendhelp name {cog}"))
        if style["sorted"]:
            asked.append(("alice", "general", "!sendhelp none"))
        asked.append(("alice", "general", "!sendhelp name nosuch"))
        asked.append(("alice", "general", "!sendhelp cog nosuch"))
        for cmd in rng.sample(everything, min(len(everything), per_style // 2)):
            if style["sorted"] or not cmd.group:
                asked.append(("carol", "general", f"!sendhelp command {cmd.qualified}"))
                asked.append(("alice", "general", f"!sendhelp name {cmd.qualified}"))
        ask("<@123456789012345678> @everyone")
        if made.commands and (style["sorted"] or not made.commands[0].group):
            ask(made.commands[0].name.upper())
    if made.helps[-1]["cog"]:
        asked.append(("alice", "general", f"!dropcog {made.helps[-1]['cog']}"))
        if made.helps[-1]["sorted"]:
            asked.append(("alice", "general", f"!{made.helps[-1]['name']}"))
        asked.append(("alice", "general", f"!{made.helps[-1]['name']} dropcog"))
    return asked
