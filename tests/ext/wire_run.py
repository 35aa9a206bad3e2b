"""Run the seeded cases of ``wire_cases`` on one library against a recording sandbox,
and say what each case put on the wire, normalised for comparison."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import hashlib
import io
import re
from pathlib import Path
from typing import Any

from tidecord.sandbox import Sandbox

from .parity import running
from .wire_cases import PNG, build_kwargs, client_mentions

ID = re.compile(r"^\d{15,20}$")
# Discord reads a boolean query value as 1/0 or true/false alike.
_BOOLEAN = {"1": "true", "0": "false", "True": "true", "False": "false"}
_BOOLEAN_KEYS = frozenset({"wait", "with_components", "with_response"})
# Discord's older pin routes (tidecord's) and newer ones (discord.py 2.7's) do the same.
_PIN_ROUTES = {"/channels/{channel_id}/pins/{message_id}":
               "/channels/{channel_id}/messages/pins/{message_id}"}


class Ids:
    """Names the ids a run made (messages, roles, webhooks...) in order of appearance,
    so two runs compare; the world's own ids keep their names."""

    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb
        self.made = 0
        self.names: dict[str, str] = {}
        for user in sb.state.users.values():
            self.names[str(user.id)] = f"@{user.username}"
        for cid, channel in sb.state.channels.items():
            self.names[str(cid)] = f"#{channel.name}"
        for guild_roles in sb.state.roles.values():
            for rid, role in guild_roles.items():
                self.names[str(rid)] = f"&{role.name}"
        for gid in sb.state.guilds:
            self.names[str(gid)] = "guild"

    def fresh(self) -> Ids:
        """Names for one case: the world's, and the case's own from id1 on."""
        return Ids(self.sb)

    def name(self, value: str) -> str:
        if value not in self.names:
            self.made += 1
            self.names[value] = f"id{self.made}"
        return self.names[value]

    def norm(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: self.norm(v) for k, v in sorted(value.items())}
        if isinstance(value, list):
            return [self.norm(v) for v in value]
        if isinstance(value, str) and ID.match(value):
            return self.name(value)
        if isinstance(value, int) and not isinstance(value, bool) and value > 10**15:
            return self.name(str(value))  # an id sent as a number: Discord reads both
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


def wire(sb: Sandbox, ids: Ids, start: int) -> list[dict[str, Any]]:
    """The requests since record ``start``, the parts that matter to Discord."""
    out = []
    for record in list(sb.requests.records)[start:]:
        if record.route in ("/gateway/bot", "/users/@me", "/oauth2/applications/@me"):
            continue
        if record.route.endswith("/commands") and record.method == "PUT":
            continue
        if record.status == 429:
            continue  # a retry's first try: when one is limited is timing, not shape
        query, json = _unimportant_gone(record.method, record.route, record.query,
                                        record.json)
        params = ids.norm(record.params)
        if "code" in params:
            params["code"] = ids.name(params["code"])  # an invite's: made up each run
        route = _PIN_ROUTES.get(record.route, record.route)
        if params.get("webhook_id") == ids.name(str(sb.state.application.id)):
            # The application's own webhook (an interaction's) always takes components.
            query = [(k, v) for k, v in query if k != "with_components"]
        seen: dict[str, Any] = {
            "request": f"{record.method} {route}",
            "params": params,
            "query": query,
            "status": record.status,
        }
        moved_ban = record.route.endswith("/bans/{user_id}")  # a body, or a query
        if ((not _unset(json) and json) or record.files) and not moved_ban:
            seen["type"] = record.content_type  # an empty body's type says nothing
        if params.get("webhook_id") == ids.name(str(sb.state.application.id)) and isinstance(
                json, dict):
            # A follow-up's username and avatar: Discord takes neither from an app.
            json = {k: v for k, v in json.items() if k not in ("username", "avatar_url")}
        if not _unset(json):
            seen["json"] = ids.norm(json)
        reason = record.header("X-Audit-Log-Reason")
        if record.method == "DELETE" and route.endswith("/messages/{message_id}"):
            # discord.py's delete_messages of one message leaves the reason out; tidecord
            # keeps it for the audit log.
            reason = None
        if reason is not None:
            seen["reason"] = reason
        if record.files:
            # By name: Discord reads a form's parts by name, in any order.
            seen["files"] = sorted((f.name, f.filename, f.content_type, f.size,
                                    hashlib.sha256(f.data).hexdigest()[:12])
                                   for f in record.files)
        out.append(seen)
    return out


def _unimportant_gone(method: str, route: str, query: list[tuple[str, str]],
                      body: Any) -> tuple[list[tuple[str, str]], Any]:
    """The query and body less what Discord reads the same either way: a false ``tts``
    or ``with_components`` (their defaults), a new message's null ``content`` or empty
    ``components``, an embed's ``flags`` of 0, a reply's ``fail_if_not_exists`` true
    (its default), ``invitable`` on a public thread, a role's only colour as ``colors``
    or ``color``, permissions as a number or a string, a ban's
    ``delete_message_seconds`` in the query (discord.py) or the body."""
    query = [(k, _BOOLEAN.get(v, v) if k in _BOOLEAN_KEYS else v) for k, v in query]
    query = [(k, v) for k, v in query if (k, v) != ("with_components", "false")]
    if isinstance(body, dict) and body.get("components") == []:
        # Asked for or not, no components are no components (discord.py asks only for
        # a view it sends, tidecord whenever the body has components).
        query = [(k, v) for k, v in query if k != "with_components"]
    if route.endswith("/bans/{user_id}") and method == "PUT":
        moved = {k: int(v) for k, v in query if k == "delete_message_seconds"}
        query = [(k, v) for k, v in query if k != "delete_message_seconds"]
        if moved:
            body = {**(body if isinstance(body, dict) else {}), **moved}
    if not isinstance(body, dict):
        return sorted(query), body
    body = dict(body)
    if isinstance(body.get("data"), dict) and body.get("type") in (4, 7):
        # An update (7) edits the message, a new answer (4) makes one.
        body["data"] = _unimportant_gone("PATCH" if body["type"] == 7 else "POST", "", [],
                                         body["data"])[1]
    if body.get("tts") is False:
        del body["tts"]
    if method == "POST" and body.get("components") == []:
        del body["components"]
    if method == "POST" and "content" in body and body["content"] is None:
        del body["content"]
    for embed in body.get("embeds") or ():
        if isinstance(embed, dict) and embed.get("flags") == 0:
            del embed["flags"]
    reference = body.get("message_reference")
    if isinstance(reference, dict) and reference.get("fail_if_not_exists") is True:
        body["message_reference"] = {k: v for k, v in reference.items()
                                     if k != "fail_if_not_exists"}
    if body.get("type") == 11:
        body.pop("invitable", None)
    if isinstance(body.get("colors"), dict) and set(body["colors"]) == {"primary_color"}:
        body["color"] = body.pop("colors")["primary_color"]
    if method == "PATCH" and body.get("flags") == 0:
        del body["flags"]  # discord.py's edit sends the message's flags as they are
    if method == "PATCH" and isinstance(body.get("attachments"), list):
        # discord.py sends a kept attachment whole, tidecord its id: Discord reads the id.
        body["attachments"] = [{"id": a["id"]} if isinstance(a, dict
            ) and "url" in a else a for a in body["attachments"]]
    if route.endswith("/roles") and method == "POST":
        # Discord's defaults for a new role, sent or left out.
        for key, default in (("name", "new role"), ("hoist", False), ("mentionable", False),
                             ("color", 0)):
            if body.get(key, default) == default:
                body.pop(key, None)
    if route.endswith("/threads") and body.get("rate_limit_per_user", 0) is None:
        del body["rate_limit_per_user"]
    if method == "PATCH" and "content" not in body:
        # Mentions are read again only from new content: without it, allowed_mentions
        # changes nothing.
        body.pop("allowed_mentions", None)
    mentions = body.get("allowed_mentions")
    if isinstance(mentions, dict) and isinstance(mentions.get("parse"), list):
        body["allowed_mentions"] = {**mentions, "parse": sorted(mentions["parse"])}
    if body.get("nick") == "":
        body["nick"] = None  # discord.py clears a nickname with "", tidecord with null
    if isinstance(body.get("communication_disabled_until"), str):
        body["communication_disabled_until"] = "(a minute from now)"
    for overwrite in body.get("permission_overwrites") or ():
        for key in ("allow", "deny"):
            if isinstance(overwrite, dict) and isinstance(overwrite.get(key), int):
                overwrite[key] = str(overwrite[key])
    if route.endswith("/permissions/{overwrite_id}"):
        body.pop("id", None)  # the path names the overwrite already
    if route.endswith("/channels") and method == "POST":
        # A new channel's defaults: no overwrites, the automatic voice region.
        if body.get("permission_overwrites") == []:
            del body["permission_overwrites"]
        if "rtc_region" in body and body["rtc_region"] is None:
            del body["rtc_region"]
    if route.endswith("/emojis") and method == "POST" and body.get("roles") == []:
        del body["roles"]  # no roles: everyone may use it, as when left out
    if isinstance(body.get("permissions"), int):
        body["permissions"] = str(body["permissions"])
    return sorted(query), body


def _unset(value: Any) -> bool:
    return type(value).__name__ == "UnsetType"


async def run_cases(library: str, sb: Sandbox, cases: dict[str, Any],
                    tmp: Path) -> list[tuple[dict[str, Any], Any]]:
    """Each case with what it sent (and the error the library raised, if it did)."""
    results: list[tuple[dict[str, Any], Any]] = []
    ids = Ids(sb)
    known = {"Helpers": _role_id(sb, "Helpers"), "Gardeners": _role_id(sb, "Gardeners"),
             "other": sb.channel("other").id}
    sb.record_requests(keep=5000)
    async with running(library, sb, wire_bot(tmp, cases["client_mentions"])) as bot:
        import discord as dpy

        import tidecord
        discord: Any = tidecord if library == "tidecord" else dpy
        guild = bot.get_guild(sb.guild.id)
        general = guild.get_channel(sb.channel("general").id)
        hook = await general.create_webhook(name="wire")
        person = await sb.send_message("alice", "general", "a person's message")
        people_message = await general.fetch_message(person.id)
        for case in cases["messages"]:
            results.append((case, await _message_case(discord, sb, ids, case, guild, general,
                                                       hook, people_message, tmp)))
        for case in cases["interactions"]:
            results.append((case, await _interaction_case(sb, ids, bot, case)))
        await sb.join_voice("bob", "Talk")  # for the voice edits of member.edit
        for case in cases["admin"]:
            results.append((case, await _admin_case(discord, sb, ids, case, guild, known)))
    return results


def _role_id(sb: Sandbox, name: str) -> int:
    return next(r.id for roles in sb.state.roles.values() for r in roles.values()
                if r.name == name)


async def _sent(sb: Sandbox, ids: Ids, call: Any) -> Any:
    start = len(sb.requests.records)
    ids = ids.fresh()
    try:
        await call()
    except Exception as exc:  # what the library raises is part of the comparison
        error = f"raised {type(exc).__name__}: {getattr(exc, 'code', '')}"
        return [*wire(sb, ids, start), error]
    await asyncio.sleep(0)
    return wire(sb, ids, start)


async def _message_case(discord: Any, sb: Sandbox, ids: Ids, case: dict[str, Any],
                        guild: Any, channel: Any, hook: Any, person: Any, tmp: Path) -> Any:
    call = case["call"]
    target = None
    if call in ("message.reply", "message.edit"):
        target = person if call == "message.reply" else await channel.send(
            "to edit", files=[discord.File(__file__), discord.File(__file__, "second.py")])
    if call == "webhook.edit_message":
        target = await hook.send("hooked", wait=True,
                                 files=[discord.File(__file__), discord.File(__file__, "b.py")])
    if call == "channel.send" and "reference" in case:
        target = person
    kw = build_kwargs(discord, case, guild=guild, tmp=tmp, message=target)

    async def act() -> None:
        if call == "channel.send":
            await channel.send(**kw)
        elif call == "message.reply":
            await target.reply(**kw)
        elif call == "message.edit":
            await target.edit(**kw)
        elif call == "webhook.send":
            await hook.send(**kw)
        elif call == "member.send":
            await guild.get_member(sb.user("alice").id).send(**kw)
        else:
            await hook.edit_message(target.id, **kw)
    return await _sent(sb, ids, act)


async def _interaction_case(sb: Sandbox, ids: Ids, bot: Any, case: dict[str, Any]) -> Any:
    start = len(sb.requests.records)
    ids = ids.fresh()
    done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    bot.wire_next = (case, done)
    if case["call"] == "response.edit_message":
        # A click on a message of the bot's own with files, whose answer edits it.
        channel = bot.get_channel(sb.channel("general").id)
        discord = bot.wire_discord
        view = discord.ui.View(timeout=None)
        view.add_item(discord.ui.Button(label="Click", custom_id="wire-click"))
        bot.wire_clicked = await channel.send("click", files=_two_files(discord), view=view)
        await sb.click_button("alice", bot.wire_clicked.id, "wire-click")
    else:
        await sb.invoke_command("alice", "general", "wire", {})
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.shield(done), 5)
    error = done.result() if done.done() else "no answer"
    sent = wire(sb, ids, start)
    return sent if error is None else [*sent, error]


def wire_bot(tmp: Path, mentions: Any) -> Any:
    """The setup of a bot whose /wire command answers as the next interaction case
    says (its files written under ``tmp``; ``mentions``: its allowed_mentions' spec)."""
    def setup(discord: Any, commands: Any) -> Any:
        return _wire_bot(discord, commands, tmp, mentions)
    return setup


def _wire_bot(discord: Any, commands: Any, tmp: Path, mentions: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None,
                       allowed_mentions=client_mentions(discord, mentions))

    @bot.tree.command(description="Answers as the test asks")
    async def wire(interaction: Any) -> None:
        case, done = bot.wire_next
        kw = build_kwargs(discord, case, guild=interaction.guild, tmp=tmp)
        try:
            if case["call"] == "response.send_message":
                await interaction.response.send_message(**kw)
            elif case["call"] == "followup.send":
                await interaction.response.defer()
                await interaction.followup.send(**kw)
            else:
                await interaction.response.send_message(
                    "first", files=[discord.File(__file__), discord.File(__file__, "two.py")])
                original = await interaction.original_response()
                kw = build_kwargs(discord, case, guild=interaction.guild, tmp=tmp,
                                  message=original)
                await interaction.edit_original_response(**kw)
        except Exception as exc:  # compared
            done.set_result(f"raised {type(exc).__name__}: {getattr(exc, 'code', '')}")
        else:
            done.set_result(None)

    async def clicked(interaction: Any) -> None:
        if interaction.type != discord.InteractionType.component:
            return
        case, done = bot.wire_next
        kw = build_kwargs(discord, case, guild=interaction.guild, tmp=tmp,
                          message=interaction.message)
        try:
            await interaction.response.edit_message(**kw)
        except Exception as exc:  # compared
            done.set_result(f"raised {type(exc).__name__}: {getattr(exc, 'code', '')}")
        else:
            done.set_result(None)
    bot.add_listener(clicked, "on_interaction")
    bot.wire_discord = discord

    async def setup_hook() -> None:
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


def _two_files(discord: Any) -> list[Any]:
    return [discord.File(__file__), discord.File(__file__, "second.py")]


async def _admin_case(discord: Any, sb: Sandbox, ids: Ids, case: dict[str, Any], guild: Any,
                      known: dict[str, int]) -> Any:
    call, reason = case["call"], case["reason"]
    kw = {k: v for k, v in case.items() if k not in ("call", "reason")}
    if reason is not None:
        kw["reason"] = reason
    general = guild.get_channel(sb.channel("general").id)
    # By id: the cases rename them.
    target_role = guild.get_role(known["Helpers"])
    other = guild.get_channel(known["other"])
    bob = guild.get_member(sb.user("bob").id)

    async def act() -> None:
        if call == "guild.create_role":
            if "permissions" in kw:
                kw["permissions"] = discord.Permissions(kw["permissions"])
            await guild.create_role(**kw)
        elif call == "role.edit":
            if "permissions" in kw:
                kw["permissions"] = discord.Permissions(kw["permissions"])
            await target_role.edit(**kw)
        elif call == "channel.edit":
            if "category" in kw:
                name = kw["category"]
                kw["category"] = discord.utils.get(guild.categories, name=name) if name else None
            if "overwrites" in kw:
                how = kw["overwrites"]
                role = guild.get_role(known["Gardeners"])
                kw["overwrites"] = {} if how == "none" else {
                    role: discord.PermissionOverwrite(send_messages=False),
                    **({bob: discord.PermissionOverwrite(
                        view_channel=True, attach_files=None)} if how == "two" else {})}
            await other.edit(**kw)
        elif call == "member.edit":
            if "roles" in kw:
                kw["roles"] = [target_role] if kw["roles"] == "one" else []
            if "timeout" in kw:
                kw["timed_out_until"] = (None if kw["timeout"] is None else
                                         discord.utils.utcnow().replace(microsecond=0)
                                         + datetime.timedelta(seconds=60))
                del kw["timeout"]
            if "voice_channel" in kw:
                kw["voice_channel"] = (guild.get_channel(sb.channel("Talk").id)
                                       if kw["voice_channel"] else None)
            await bob.edit(**kw)
        elif call == "guild.ban":
            seconds = kw.pop("delete_message_seconds")
            if seconds is not None:
                kw["delete_message_seconds"] = seconds
            carol = discord.Object(sb.user("carol").id)
            await guild.ban(carol, **kw)
            await guild.unban(carol)
        elif call == "guild.kick":
            await guild.kick(discord.Object(sb.user("dave").id), **kw)
        elif call == "channel.create_thread":
            private, from_message = kw.pop("private"), kw.pop("from_message")
            for key in ("auto_archive_duration", "slowmode_delay"):
                if kw[key] is None:
                    del kw[key]
            if from_message:
                start = await general.send("thread start")
                await general.create_thread(message=start, **kw)
            else:
                kind = (discord.ChannelType.private_thread if private
                        else discord.ChannelType.public_thread)
                await general.create_thread(type=kind, **kw)
        elif call == "channel.create_invite":
            await general.create_invite(**kw)
        elif call == "channel.create_webhook":
            if "avatar" in kw:
                kw["avatar"] = PNG
            await general.create_webhook(**kw)
        else:
            await _more_admin(discord, sb, guild, call, kw, known)
    return await _sent(sb, ids, act)


async def _more_admin(discord: Any, sb: Sandbox, guild: Any, call: str, kw: dict[str, Any],
                      known: dict[str, int]) -> None:
    """The calls on messages, members' roles, overwrites, webhooks, threads and
    invites, each set up as it needs (the setup's requests are compared too)."""
    general = guild.get_channel(sb.channel("general").id)
    reason = kw.pop("reason", None)
    because = {} if reason is None else {"reason": reason}
    if call == "message.react":
        message = await general.send("react here")
        emoji = kw["emoji"] if kw["emoji"] != "custom" else discord.utils.get(
            guild.emojis, name="party")
        await message.add_reaction(emoji)
        if kw["then"] == "remove":
            await message.remove_reaction(emoji, guild.me)
        elif kw["then"] == "clear":
            await message.clear_reaction(emoji)
        elif kw["then"] == "clear_all":
            await message.clear_reactions()
    elif call == "message.pin":
        message = await general.send("pin me")
        await message.pin(**because)
        if kw["unpin"]:
            await message.unpin(**because)
    elif call == "member.roles":
        member = guild.get_member(sb.user("erin").id)
        role = guild.get_role(known["Gardeners"])
        change = member.add_roles if kw["add"] else member.remove_roles
        await change(role, atomic=kw["atomic"], **because)
    elif call == "channel.set_permissions":
        target = (guild.get_role(known["Gardeners"]) if kw["target"] == "role"
                  else guild.get_member(sb.user("erin").id))
        if kw["how"] == "delete":
            await general.set_permissions(target, overwrite=None, **because)
        elif kw["how"] == "none":
            await general.set_permissions(target, overwrite=discord.PermissionOverwrite(),
                                          **because)
        else:
            await general.set_permissions(target, send_messages=False, embed_links=True,
                                          **because)
    elif call == "guild.create_text_channel":
        if "category" in kw:
            kw["category"] = discord.utils.get(guild.categories, name=kw["category"])
        if "overwrites" in kw:
            kw["overwrites"] = {guild.default_role: discord.PermissionOverwrite(
                view_channel=False)}
        await guild.create_text_channel(**kw, **because)
    elif call == "webhook.edit":
        hook = await general.create_webhook(name="to edit")
        if kw.get("avatar"):
            kw["avatar"] = PNG
        if "channel" in kw:
            kw["channel"] = guild.get_channel(known["other"])
        await hook.edit(**kw, **because)
    elif call == "thread.edit":
        start = await general.send("a thread's start")
        thread = await start.create_thread(name="to edit")
        await thread.edit(**kw, **because)
    elif call == "invite.delete":
        invite = await general.create_invite(max_age=60)
        await invite.delete(**because)
    elif call == "guild.create_sticker":
        await guild.create_sticker(file=discord.File(io.BytesIO(PNG), "s.png"), **kw,
                                   **because)
    elif call == "guild.create_custom_emoji":
        roles = [guild.get_role(known["Gardeners"])] if kw.pop("roles") else []
        await guild.create_custom_emoji(image=PNG, roles=roles, **kw, **because)
    elif call == "guild.edit":
        if "system_channel" in kw:
            kw["system_channel"] = (guild.get_channel(known["other"])
                                    if kw["system_channel"] else None)
        if "preferred_locale" in kw:
            kw["preferred_locale"] = discord.Locale(kw["preferred_locale"])
        await guild.edit(**kw, **because)
    elif call == "guild.create_voice_channel":
        if "video_quality_mode" in kw:
            kw["video_quality_mode"] = discord.VideoQualityMode(kw["video_quality_mode"])
        await guild.create_voice_channel(**kw, **because)
    elif call == "role.delete":
        made = await guild.create_role(name="short-lived")
        await made.delete(**because)
    elif call == "channel.delete":
        made = await guild.create_text_channel("short-lived")
        await made.delete(**because)
    elif call == "message.forward":
        message = await general.send("to forward")
        if kw["where"] == "dm":
            where = guild.get_member(sb.user("alice").id)
        elif kw["where"] == "thread":
            where = await message.create_thread(name="forwarded here")
        else:
            where = guild.get_channel(known["other"])
        await message.forward(where, fail_if_not_exists=kw["fail_if_not_exists"])
    elif call == "channel.delete_messages":
        sent = [await general.send(f"bulk {n}") for n in range(kw["count"])]
        await general.delete_messages(sent, **because)
