"""What the generated chat page tests send and check: script and Unicode to put in
every field, a discord.py bot that writes down what reaches it, markdown generated with
what the page must draw for it, a bot's richest messages, and the page's state read back
(test_chatpage_generated.py)."""

from __future__ import annotations

import datetime
import io
import random
from typing import Any

import discord
from discord.ext import commands
from playwright.async_api import Page, expect

from tidecord.models import UNSET, Emoji
from tidecord.sandbox import Sandbox

from .chatpage_driver import picture

# Put anywhere a sender controls: each sets the trap if the page ever runs it.
SCRIPTS = ('<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=2</script>",
           '<svg onload="window.__pwned=3">', '"><iframe src="javascript:window.__pwned=4">')
TRAP = "() => window.__pwned"
UNICODE = ("שלום עולם", "مرحبا", "e\u0301te\u0301", "👩\u200d👩\u200d👧", "a\u200bb\u200dc",
           "🏳\ufe0f\u200d🌈", "\u202eevil\u202c")
PNG = picture(64, 48)


def generated_bot() -> commands.Bot:
    """A bot that writes down what reaches it: messages, interactions (answered: a
    "form" button opens a modal whose title and label carry script), reactions and
    poll votes, each with who and where."""
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, guild_ready_timeout=0.1)
    bot.seen = []  # type: ignore[attr-defined]

    def note(*what: Any) -> None:
        bot.seen.append(what)  # type: ignore[attr-defined]

    @bot.event
    async def on_message(said: discord.Message) -> None:
        if said.author != bot.user:
            note("message", said.author.name, said.channel.id, said.content)

    @bot.event
    async def on_interaction(interaction: discord.Interaction) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        who, where = interaction.user.name, interaction.channel_id
        if interaction.type is discord.InteractionType.modal_submit:
            values = [c["value"] for row in data.get("components", [])
                      for c in row.get("components", [])]
            note("modal", who, where, data.get("custom_id"), values)
            await interaction.response.send_message("form received")
            return
        custom_id, values = data.get("custom_id"), data.get("values")
        note("component", who, where, custom_id, values)
        if custom_id == "form":
            modal = discord.ui.Modal(title=f"{SCRIPTS[0]} form"[:45], custom_id="the-form")
            modal.add_item(discord.ui.TextInput(label=SCRIPTS[2][:45], custom_id="said"))
            await interaction.response.send_modal(modal)
        else:
            await interaction.response.send_message(f"got {custom_id} {values}", ephemeral=True)

    @bot.event
    async def on_raw_reaction_add(event: discord.RawReactionActionEvent) -> None:
        note("react", event.user_id, event.channel_id, str(event.emoji))

    @bot.event
    async def on_raw_reaction_remove(event: discord.RawReactionActionEvent) -> None:
        note("unreact", event.user_id, event.channel_id, str(event.emoji))

    @bot.event
    async def on_raw_poll_vote_add(event: discord.RawPollVoteActionEvent) -> None:
        note("vote", event.user_id, event.channel_id, event.answer_id)

    return bot


def channel_of(bot: commands.Bot, sb: Sandbox, name: str) -> discord.TextChannel:
    channel = bot.get_channel(sb.channel(name).id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def enter(page: Page, sb: Sandbox, name: str) -> None:
    """Open channel ``name`` on the page."""
    await page.locator(f'#channels .channel[data-channel-id="{sb.channel(name).id}"]').click()
    await expect(page.locator("#channel-name")).to_have_text(name)


async def count_redraws(page: Page, *ids: str) -> None:
    """Count the redraws of the page's parts ``ids`` from now on (each redraw replaces
    a part's children, and observers hear of one task's changes at once); read them
    with :func:`redraws`."""
    await page.evaluate("""(ids) => {
        window.redraws = {};
        for (const id of ids) {
            window.redraws[id] = 0;
            new MutationObserver(() => { window.redraws[id] += 1; })
                .observe(document.getElementById(id), { childList: true });
        }
    }""", list(ids))


async def redraws(page: Page) -> dict[str, int]:
    """How many times each part :func:`count_redraws` watches was redrawn so far."""
    counts: dict[str, int] = await page.evaluate("window.redraws")
    return counts


def when_styles(moment: int) -> dict[str, str]:
    """``<t:moment:S>`` in en-US and UTC as Discord's client words each style (its
    documented table, as discord.py's format_dt repeats it)."""
    at = datetime.datetime.fromtimestamp(moment, datetime.UTC)
    clock = f"{at.hour % 12 or 12}:{at.minute:02}"
    half = "AM" if at.hour < 12 else "PM"
    short_time, medium_time = f"{clock} {half}", f"{clock}:{at.second:02} {half}"
    short_date = f"{at.month:02}/{at.day:02}/{at.year}"
    long_date = f"{at:%B} {at.day}, {at.year}"
    return {"t": short_time, "T": medium_time, "d": short_date, "D": long_date,
            "f": f"{long_date} at {short_time}", "F": f"{at:%A}, {long_date} at {short_time}",
            "s": f"{short_date}, {short_time}", "S": f"{short_date}, {medium_time}",
            "": f"{long_date} at {short_time}"}


def generate(rng: random.Random, n: int, sb: Sandbox, emoji: Emoji, moment: int
             ) -> tuple[str, list[tuple[str, str]]]:
    """Message ``n``: a random mix of Discord's markdown, and what the page must draw
    for it (CSS selector inside the message's text, the text it holds)."""
    word = lambda k: f"w{n}x{k}"  # noqa: E731  (unique per piece: a check finds its own)
    bob, ideas = sb.user("bob").id, sb.channel("ideas").id
    moderator = next(r for r in sb.state.guild_roles(sb.guild.id) if r.name == "Moderator")
    styles = {**when_styles(moment), "R": "in 3 hours"}
    inline = [
        lambda k: (f"**{word(k)}**", "strong", word(k)),
        lambda k: (f"*{word(k)}*", "em", word(k)),
        lambda k: (f"_{word(k)}_", "em", word(k)),
        lambda k: (f"__{word(k)}__", "u", word(k)),
        lambda k: (f"~~{word(k)}~~", "s", word(k)),
        lambda k: (f"||{word(k)}||", ".md-spoiler", word(k)),
        lambda k: (f"`{word(k)}<b>`", "code.md-code", f"{word(k)}<b>"),
        lambda k: (f"[{word(k)}](https://example.com/{word(k)})",
                   f'a.md-link[href="https://example.com/{word(k)}"]', word(k)),
        lambda k: (f"<@{bob}>", ".md-mention", "@Bob"),
        lambda k: (f"<@&{moderator.id}>", ".md-mention", "@Moderator"),
        lambda k: (f"<#{ideas}>", ".md-mention", "#ideas"),
        lambda k: ("@everyone", ".md-mention", "@everyone"),
        lambda k: (f"<:{emoji.name}:{emoji.id}>", f'img.custom-emoji[alt=":{emoji.name}:"]',
                   ""),
        lambda k: ("\U0001f331", "", "\U0001f331"),
        lambda k: (lambda text: (text, "", text))(rng.choice(UNICODE)),
        # Escaped as a sender must, or "__" would underline: drawn as typed.
        lambda k: (lambda text: (text.replace("_", "\\_"), "", text))(rng.choice(SCRIPTS)),
        lambda k: (lambda s: (f"<t:{moment}{':' + s if s else ''}>",
                              "time.md-timestamp", styles[s]))(rng.choice(list(styles))),
    ]
    block = [
        lambda k: (f"# {word(k)}", "h3.md-heading", word(k)),
        lambda k: (f"## {word(k)}", "h4.md-heading", word(k)),
        lambda k: (f"### {word(k)}", "h5.md-heading", word(k)),
        lambda k: (f"-# {word(k)}", "small.md-subtext", word(k)),
        lambda k: (f"> {word(k)}", "blockquote", word(k)),
        lambda k: (f"- {word(k)}", "ul > li", word(k)),
        lambda k: (f"1. {word(k)}", "ol > li", word(k)),
        lambda k: (f"```py\n{word(k)} = '<i>'\n```", 'pre code[data-lang="py"]',
                   f"{word(k)} = '<i>'"),
    ]
    lines: list[str] = []
    checks: list[tuple[str, str]] = []
    for k in range(rng.randint(2, 7)):
        if rng.random() < 0.35:
            source, selector, text = rng.choice(block)(k)
            lines.append(source)
        else:
            pieces = [rng.choice(inline)(f"{k}.{j}") for j in range(rng.randint(1, 3))]
            lines.append("say " + " and ".join(p[0] for p in pieces) + " end")
            checks += [(selector, text) for _, selector, text in pieces]
            continue
        checks.append((selector, text))
    return "\n".join(lines), checks


# Each failed check of one message, in the page: [selector, text wanted, texts found].
CHECK = """([id, checks]) => {
  const root = document.querySelector(`article[data-message-id="${id}"] .message-content`);
  if (!root) return [["message", id, "not shown"]];
  const flat = (s) => s.replace(/\\s+/g, " ").trim();
  const bad = [];
  for (const [selector, text] of checks) {
    if (!selector) {
      if (!root.textContent.includes(text)) bad.push(["text", text, root.textContent]);
      continue;
    }
    const found = [...root.querySelectorAll(selector)].map((n) => flat(n.textContent));
    if (!found.includes(flat(text))) bad.push([selector, text, found]);
  }
  if (root.querySelector("img:not(.custom-emoji), script, iframe, svg")) {
    bad.push(["markup", id, root.innerHTML]);
  }
  return bad;
}"""


def rich_view() -> discord.ui.View:
    """Buttons and a select whose labels, options and descriptions carry script."""
    view = discord.ui.View(timeout=None)
    for i, script in enumerate(SCRIPTS):
        view.add_item(discord.ui.Button(label=script[:80], custom_id=f"b{i}"))
    view.add_item(discord.ui.Button(label="Open the form", custom_id="form",
                                    style=discord.ButtonStyle.primary))
    view.add_item(discord.ui.Select(custom_id="pick", placeholder=SCRIPTS[1], options=[
        discord.SelectOption(label=f"{script[:90]}", value=f"v{i}<&>",
                             description=UNICODE[i]) for i, script in enumerate(SCRIPTS)]))
    return view


def layout() -> discord.ui.LayoutView:
    """Components v2: a container of a section (text beside a button), a gallery, a
    file and a separator, every text with script in it."""
    view = discord.ui.LayoutView(timeout=None)
    view.add_item(discord.ui.Container(
        discord.ui.Section(discord.ui.TextDisplay(f"## {SCRIPTS[0]}"),
                           discord.ui.TextDisplay(f"**bold** {UNICODE[3]}"),
                           accessory=discord.ui.Button(label=SCRIPTS[2][:80], custom_id="v2")),
        discord.ui.MediaGallery(discord.MediaGalleryItem("attachment://one.png"),
                                discord.MediaGalleryItem("attachment://two.png",
                                                         description=SCRIPTS[3])),
        discord.ui.Separator(),
        discord.ui.File("attachment://notes.txt"),
        accent_colour=0x3BA55C))
    return view


def embeds() -> list[discord.Embed]:
    """Ten embeds (Discord's most), each with every part, script in every text."""
    made = []
    for i in range(10):
        embed = discord.Embed(title=f"{i} {SCRIPTS[i % 4]}", description=f"*{UNICODE[i % 7]}*",
                              url=f"https://example.com/{i}", colour=0x5865F2 + i,
                              timestamp=datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC))
        embed.set_author(name=SCRIPTS[(i + 1) % 4], url="https://example.com/author",
                         icon_url="attachment://one.png")
        for j in range(i % 4 + 1):
            embed.add_field(name=f"f{i}.{j} {SCRIPTS[j]}", value=f"`v{i}.{j}`", inline=j % 2 == 0)
        embed.set_footer(text=SCRIPTS[(i + 2) % 4], icon_url="attachment://one.png")
        embed.set_image(url="attachment://two.png").set_thumbnail(url="attachment://one.png")
        made.append(embed)
    return made


def files(*names: str) -> list[discord.File]:
    return [discord.File(io.BytesIO(PNG if name.endswith(".png") else b"notes"), filename=name)
            for name in names]


def seen_since(bot: commands.Bot, mark: int, kind: str) -> list[tuple[Any, ...]]:
    return [entry[1:] for entry in bot.seen[mark:] if entry[0] == kind]  # type: ignore[attr-defined]


# What sticks out of its box: [box class, what sticks out] for each box of `selector`
# with a descendant drawn past its right edge.
# (Text wider than its element counts too, unless the element cuts it: an ellipsis.)
STICKING_OUT = """(selector) => [...document.querySelectorAll(selector)].flatMap((box) => {
  const edge = box.getBoundingClientRect().right + 1;
  const right = (n) => { const r = n.getBoundingClientRect();
    const cut = getComputedStyle(n).overflowX !== "visible";
    return cut ? r.right : Math.max(r.right, r.left + n.scrollWidth); };
  return [box, ...box.querySelectorAll("*")].filter((n) => right(n) > edge)
    .map((n) => [box.className, n.className || n.tagName]);
})"""


# Each message shown: [id, its text, {emoji: count}, the quoted line above it or null].
SHOWN_STATE = """() => [...document.querySelectorAll("#message-list article[data-message-id]")]
  .filter((n) => !n.classList.contains("system")).map((n) => [
    n.dataset.messageId,
    (n.querySelector(":scope > .message-body > .message-content")?.textContent ?? "")
      .replace(/ \\(edited\\)$/, ""),
    Object.fromEntries([...n.querySelectorAll("button.reaction")].map((r) =>
      [r.dataset.emoji, Number(r.querySelector(".reaction-count").textContent)])),
    n.querySelector(".reply-context .reply-content")?.textContent ?? null])"""


def sandbox_state(sb: Sandbox, channel: str) -> list[list[Any]]:
    """What the page should show of ``channel``, as SHOWN_STATE reads it."""
    held = sb.messages(channel)
    by_id = {m.id: m for m in held}
    state = []
    for m in held:
        if m.type not in (0, 19):
            continue
        quoted = None
        if m.type == 19 and m.message_reference not in (None, UNSET):
            original = by_id.get(int(m.message_reference.message_id))
            quoted = original.content.split("\n")[0] if original else \
                "Original message was deleted"
        reactions = {r.emoji_data.name: r.count for r in m.reactions or [] if r.count}
        state.append([str(m.id), m.content, reactions, quoted])
    return state
