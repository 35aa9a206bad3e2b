"""AutoMod as Discord serves it: rules kept per guild over REST with Discord's checks,
announced on the gateway to bots with Manage Server, and enforced on what people
send (keywords with their wildcards, regexes, allow lists, mention spam; the exempt
left alone): blocked messages, alerts, timeouts and an execution event per action."""

from __future__ import annotations

from typing import Any

import pytest

from tidecord.sandbox import Sandbox, StateError, World

from .conftest import Api
from .sandbox_raw import frames_during

pytestmark = pytest.mark.timeout(30)

GUILDS, MEMBERS, CONTENT = 1 << 0, 1 << 1, 1 << 15
CONFIGURATION, EXECUTION = 1 << 20, 1 << 21


def _world(*permissions: str) -> World:
    return World.from_dict({
        "users": ["alice", "bob", "carol", "dave"],
        "guilds": [{"name": "Yard", "owner": "alice",
                    "members": ["alice", "bob", {"user": "carol", "roles": ["Trusted"]},
                                {"user": "dave", "roles": ["Mods"]}],
                    "roles": [{"name": "Trusted"},
                              {"name": "Mods", "permissions": ["manage_guild"]}],
                    "channels": [{"name": "general"}, {"name": "memes"},
                                 {"name": "mod-log"}],
                    "bot_permissions": ["view_channel", "send_messages", "view_audit_log",
                                        *permissions]}],
    })


MODERATOR = pytest.mark.sandbox(world=_world("manage_guild", "moderate_members"))


def _rule(sb: Sandbox, **fields: Any) -> dict[str, Any]:
    return {"name": "no spoilers", "event_type": 1, "trigger_type": 1,
            "trigger_metadata": {"keyword_filter": ["*spoil*"]},
            "actions": [{"type": 1, "metadata": {"custom_message": "No spoilers!"}},
                        {"type": 2, "metadata": {"channel_id": str(sb.channel("mod-log").id)}},
                        {"type": 3, "metadata": {"duration_seconds": 60}}],
            "enabled": True, **fields}



@MODERATOR
async def test_rules_are_made_listed_changed_and_deleted(api: Api, sandbox: Sandbox) -> None:
    rules = f"/guilds/{sandbox.guild.id}/auto-moderation/rules"
    made: dict[str, Any] = {}

    async def act() -> None:
        status, rule, _ = await api.call("POST", rules, _rule(sandbox), headers={
            "X-Audit-Log-Reason": "spoilers"})
        assert status == 200, rule
        made.update(rule)
        status, edited, _ = await api.call("PATCH", f"{rules}/{rule['id']}", {
            "name": "spoilers", "trigger_metadata": {"keyword_filter": ["*spoil*", "ending"],
                                                     "allow_list": ["spoiler-free"]}})
        assert status == 200 and edited["name"] == "spoilers"
        assert edited["trigger_metadata"] == {"keyword_filter": ["*spoil*", "ending"],
                                              "regex_patterns": [],
                                              "allow_list": ["spoiler-free"]}
        status, _, _ = await api.call("DELETE", f"{rules}/{rule['id']}")
        assert status == 204

    seen = (await frames_during(sandbox, GUILDS | CONFIGURATION, act))[1:]
    names = [f["t"] for f in seen if f["t"].startswith("AUTO_MODERATION")]
    assert names == ["AUTO_MODERATION_RULE_CREATE", "AUTO_MODERATION_RULE_UPDATE",
                     "AUTO_MODERATION_RULE_DELETE"]
    assert made["creator_id"] == str(sandbox.bot_user.id)
    assert made["guild_id"] == str(sandbox.guild.id) and made["exempt_roles"] == []
    assert made["trigger_metadata"]["regex_patterns"] == []
    status, listed, _ = await api.call("GET", rules)
    assert (status, listed) == (200, [])
    status, error, _ = await api.call("GET", f"{rules}/{made['id']}")
    assert (status, error["code"]) == (404, 10066)
    _, log, _ = await api.call("GET", f"/guilds/{sandbox.guild.id}/audit-logs")
    kinds = [e["action_type"] for e in log["audit_log_entries"]]
    assert kinds == [142, 141, 140]
    assert log["audit_log_entries"][-1]["reason"] == "spoilers"

    quiet = (await frames_during(sandbox, GUILDS,
                                 lambda: api.call("POST", rules, _rule(sandbox))))[1:]
    assert not [f for f in quiet if f["t"].startswith("AUTO_MODERATION")]


@MODERATOR
async def test_what_discord_refuses_in_a_rule(api: Api, sandbox: Sandbox) -> None:
    rules = f"/guilds/{sandbox.guild.id}/auto-moderation/rules"

    async def refused(method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        status, error, _ = await api.call(method, path, body)
        assert (status, error["code"]) == (400, 50035), error
        return error["errors"]  # type: ignore[no-any-return]

    errors = await refused("POST", rules, {"name": "x"})
    assert {"event_type", "trigger_type", "actions"} <= set(errors)
    errors = await refused("POST", rules, _rule(sandbox, name="", actions=[]))
    assert set(errors) == {"name", "actions"}
    errors = await refused("POST", rules, _rule(sandbox, trigger_metadata={
        "keyword_filter": ["x" * 61] + ["w"] * 1000, "regex_patterns": ["a"] * 11}))
    meta = errors["trigger_metadata"]
    assert meta["keyword_filter"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    assert meta["keyword_filter"]["0"]["_errors"][0]["code"] == "BASE_TYPE_BAD_LENGTH"
    assert "regex_patterns" in meta
    errors = await refused("POST", rules, _rule(sandbox, trigger_type=5, trigger_metadata={
        "mention_total_limit": 51}))
    assert errors["trigger_metadata"]["mention_total_limit"]["_errors"][0]["code"] == \
        "NUMBER_TYPE_MAX"
    errors = await refused("POST", rules, _rule(sandbox, actions=[
        {"type": 2, "metadata": {}}, {"type": 3, "metadata": {"duration_seconds": 2419201}}]))
    assert set(errors["actions"]) == {"0", "1"}

    for n in range(6):
        status, rule, _ = await api.call("POST", rules, _rule(sandbox, name=f"r{n}"))
        assert status == 200
    errors = await refused("POST", rules, _rule(sandbox))
    assert "trigger_type" in errors
    errors = await refused("PATCH", f"{rules}/{rule['id']}", {"trigger_type": 5})
    assert "trigger_type" in errors
    status, spam, _ = await api.call("POST", rules, _rule(
        sandbox, trigger_type=3, trigger_metadata=None, actions=[{"type": 1}]))
    assert status == 200 and spam["trigger_metadata"] == {}
    errors = await refused("POST", rules, _rule(
        sandbox, trigger_type=3, trigger_metadata=None, actions=[{"type": 1}]))
    assert "trigger_type" in errors


@pytest.mark.sandbox(world=_world("moderate_members"))
async def test_rules_need_manage_server(api: Api, sandbox: Sandbox) -> None:
    rules = f"/guilds/{sandbox.guild.id}/auto-moderation/rules"
    for method, body in (("GET", None), ("POST", _rule(sandbox))):
        status, error, _ = await api.call(method, rules, body)
        assert (status, error["code"]) == (403, 50013)


@MODERATOR
async def test_a_tripped_rule_blocks_alerts_and_times_out(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    status, rule, _ = await api.call("POST", f"/guilds/{gid}/auto-moderation/rules",
                                     _rule(sandbox))
    assert status == 200
    before = dict(sandbox.state.messages.get(sandbox.channel("general").id, {}))
    refusals: list[StateError] = []

    async def act() -> None:
        try:
            await sandbox.send_message("bob", "general", "huge SPOILERS: he was a ghost")
        except StateError as exc:
            refusals.append(exc)

    seen = (await frames_during(sandbox, GUILDS | MEMBERS | EXECUTION | (1 << 9),
                                act))[1:]
    assert [(e.code, e.message) for e in refusals] == [
        (200000, "Message was blocked by automatic moderation")]
    assert sandbox.state.messages.get(sandbox.channel("general").id, {}) == before
    executions = [f["d"] for f in seen if f["t"] == "AUTO_MODERATION_ACTION_EXECUTION"]
    assert [e["action"]["type"] for e in executions] == [1, 2, 3]
    first = executions[0]
    assert first["rule_id"] == rule["id"] and first["user_id"] == str(sandbox.user("bob").id)
    assert first["matched_keyword"] == "*spoil*" and first["rule_trigger_type"] == 1
    # Without the message content intent, neither the content nor what matched.
    assert first["content"] == "" and first["matched_content"] is None
    assert "message_id" not in first or first["message_id"] is None
    alert = [f["d"] for f in seen if f["t"] == "MESSAGE_CREATE"]
    assert len(alert) == 1 and alert[0]["type"] == 24
    assert alert[0]["channel_id"] == str(sandbox.channel("mod-log").id)
    assert alert[0]["author"]["username"] == "bob"
    assert executions[1]["alert_system_message_id"] == alert[0]["id"]
    update = [f["d"] for f in seen if f["t"] == "GUILD_MEMBER_UPDATE"]
    assert len(update) == 1 and update[0]["communication_disabled_until"] is not None
    member = sandbox.state.members[gid][sandbox.user("bob").id]
    assert member.communication_disabled_until is not None

    # Timed out, bob may send nothing at all (50013), so AutoMod never sees it; the
    # timeout lifted, his next message is AutoMod's again.
    with pytest.raises(StateError) as refused:
        await sandbox.send_message("bob", "general", "spoiled milk")
    assert refused.value.code == 50013
    sandbox.state.update_member(gid, sandbox.user("bob").id, communication_disabled_until=None)

    async def say_it_again() -> None:
        with pytest.raises(StateError):
            await sandbox.send_message("bob", "general", "spoiled milk")

    full = (await frames_during(sandbox, GUILDS | EXECUTION | CONTENT, say_it_again))[1:]
    execution = next(f["d"] for f in full if f["t"] == "AUTO_MODERATION_ACTION_EXECUTION")
    assert (execution["content"], execution["matched_content"]) == ("spoiled milk", "spoiled")


@MODERATOR
async def test_keywords_match_as_discord_documents(api: Api, sandbox: Sandbox) -> None:
    rules = f"/guilds/{sandbox.guild.id}/auto-moderation/rules"
    status, _, _ = await api.call("POST", rules, _rule(
        sandbox, actions=[{"type": 1, "metadata": {}}],
        trigger_metadata={"keyword_filter": ["cat*", "*dog", "*cow*", "the mat"],
                          "regex_patterns": [r"fr[o0]g"], "allow_list": ["catalog"]}))
    assert status == 200

    async def blocked(text: str, who: str = "bob", where: str = "general") -> bool:
        try:
            await sandbox.send_message(who, where, text)
        except StateError as exc:
            assert exc.code == 200000
            return True
        return False

    for text in ("CATCH me", "a wild hotDOG", "locowmotion", "on the mat!", "a FR0G"):
        assert await blocked(text), text
    for text in ("concat", "doggo", "the matrix", "see the catalog", "a fog"):
        assert not await blocked(text), text
    # The exempt: the owner, a member with Manage Server.
    assert not await blocked("cats", who="alice")
    assert not await blocked("cats", who="dave")


@MODERATOR
async def test_exempt_roles_and_channels_and_mention_spam(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    rules = f"/guilds/{gid}/auto-moderation/rules"
    trusted = next(r.id for r in sandbox.state.roles[gid].values() if r.name == "Trusted")
    status, rule, _ = await api.call("POST", rules, _rule(
        sandbox, actions=[{"type": 1}], exempt_roles=[str(trusted)],
        exempt_channels=[str(sandbox.channel("memes").id)]))
    assert status == 200 and rule["exempt_roles"] == [str(trusted)]
    await sandbox.send_message("carol", "general", "spoilers")  # a trusted member
    await sandbox.send_message("bob", "memes", "spoilers")  # an exempt channel
    with pytest.raises(StateError):
        await sandbox.send_message("bob", "general", "spoilers")
    status, _, _ = await api.call("PATCH", f"{rules}/{rule['id']}", {"enabled": False})
    assert status == 200
    await sandbox.send_message("bob", "general", "spoilers")  # a disabled rule

    status, _, _ = await api.call("POST", rules, _rule(
        sandbox, trigger_type=5, trigger_metadata={"mention_total_limit": 2},
        actions=[{"type": 1}]))
    assert status == 200
    ids = [sandbox.user(u).id for u in ("alice", "carol", "dave")]
    await sandbox.send_message("bob", "general", f"<@{ids[0]}> <@!{ids[0]}> <@{ids[1]}>")
    with pytest.raises(StateError):
        await sandbox.send_message("bob", "general", " ".join(f"<@{i}>" for i in ids))
