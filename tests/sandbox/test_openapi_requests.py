"""Requests: the sandbox takes every body Discord's OpenAPI spec allows and refuses,
as Discord does (50035 naming the field), the ones it forbids.

Bodies are generated from each operation's request schema (``spec_requests``); the
world lets the bot do everything (Administrator) so a body is judged on its form alone.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.rest.ratelimit import RateLimits

from .spec_cases import Case, cases, setup
from .spec_requests import Bodies, load_spec, request_schema

pytestmark = [pytest.mark.timeout(60), pytest.mark.sandbox(
    heartbeat_interval=30000,
    rate_limits=RateLimits(global_limit=10_000, default=(10_000, 1.0), routes={}),
    world=World.from_dict({
        "users": ["alice", "bob", "carol", "dave"],
        "guilds": [{
            "name": "Sandbox", "owner": "alice", "features": ["COMMUNITY"],
            "bot_permissions": ["administrator"],
            "members": ["alice", "bob", "carol", "dave"],
            "channels": [{"name": "general"}, {"name": "rules"}, {"name": "news", "type": 5},
                         {"name": "talk", "type": 2}, {"name": "stage", "type": 13},
                         {"name": "stage2", "type": 13}, {"name": "forum", "type": 15},
                         {"name": "Room", "type": 4}],
            "emojis": ["party"], "stickers": ["wave"],
        }],
        "skus": ["Supporter"],
    }))]




def as_form(bodies: Bodies) -> Iterator[tuple[str, Any]]:
    """The flat fields of a full body as a form, which the spec takes for some routes
    (none when a field it needs is an object: a form cannot carry one)."""
    full = bodies.object(bodies.top(), "full")
    flat = {k: json.dumps(v).strip('"') for k, v in full.items()
            if not isinstance(v, dict | list) and v is not None}
    if set(bodies.object(bodies.top(), "required")) <= set(flat):
        yield "form", flat


def codes_under(node: Any) -> Iterator[str]:
    """The error codes at a node of a 50035 tree and beneath it (a missing object's
    own required field may be named instead of the object)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "_errors":
                yield from (e.get("code") for e in value)
            else:
                yield from codes_under(value)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec()  # read before the loop runs (strict mode watches it)


async def test_allowed_bodies_are_accepted_and_forbidden_ones_refused(
        sandbox: Sandbox, spec: dict[str, Any]) -> None:
    sb = sandbox
    problems: list[str] = []
    headers = {"Authorization": f"Bot {sb.token}"}
    async with aiohttp.ClientSession() as session:
        async def call(method: str, url: str, body: Any) -> Any:
            async with session.request(method, sb.api_url + url, json=body,
                                       headers=headers) as resp:
                data = await resp.json() if resp.status != 204 else None
                if resp.status >= 300:
                    raise AssertionError(f"{method} {url}: {resp.status} {data}")
                return data

        ctx = await setup(sb, call)

        async def url_of(case: Case) -> str:
            return case.url if isinstance(case.url, str) else await case.url()

        for case in cases(sb, ctx, call):
            bodies = Bodies(spec, request_schema(spec, case.spec_path, case.method),
                            hints=case.hints, skip=case.skip, branch=case.branch,
                            required=case.required, optional=case.optional,
                            limits=case.limits)
            label = f"{case.method} {case.spec_path}"
            formed = "application/x-www-form-urlencoded" in spec["paths"][case.spec_path][
                case.method.lower()]["requestBody"]["content"]
            for what, body in itertools.chain(bodies.allowed(), as_form(bodies) if formed else ()):
                form = body if what == "form" else None
                async with session.request(case.method, sb.api_url + await url_of(case),
                                           json=None if form else body, data=form,
                                           headers=headers) as resp:
                    if resp.status >= 300:
                        text = (await resp.text())[:300]
                        problems.append(f"{label} [{what}] {resp.status} {text}"
                                        f"\n    body: {json.dumps(body)[:300]}")
            for bad in bodies.invalid():
                async with session.request(case.method, sb.api_url + await url_of(case),
                                           json=bad.body, headers=headers) as resp:
                    data = await resp.json() if resp.status != 204 else None
                node = (data or {}).get("errors", {}) if isinstance(data, dict) else {}
                for part in bad.field.split("."):
                    node = node.get(part, {}) if isinstance(node, dict) else {}
                codes = set(codes_under(node))
                # Discord says BAD_LENGTH ("between 1 and 100") where there is a least.
                want = {bad.code, "BASE_TYPE_BAD_LENGTH"} if "LENGTH" in bad.code else {bad.code}
                if resp.status != 400 or (data or {}).get("code") != 50035 \
                        or not want & codes:
                    problems.append(f"{label} [invalid {bad.field}: want {bad.code}] "
                                    f"{resp.status} {json.dumps(data)[:300]}")
    assert not problems, "\n".join(problems)


async def test_an_answer_s_refused_fields_are_named_under_data(sandbox: Sandbox) -> None:
    # "In data.content: Must be 2000 or fewer in length.", as a bot meets it on Discord.
    sb = sandbox
    app, gid = sb.state.application.id, sb.guild.id
    headers = {"Authorization": f"Bot {sb.token}"}
    async with aiohttp.ClientSession() as session:
        await session.post(f"{sb.api_url}/applications/{app}/guilds/{gid}/commands",
                           json={"name": "ping", "description": "pong"}, headers=headers)
        found = []
        for data in ({"content": "a" * 2001}, {"content": "hi", "tts": "maybe"},
                     {"content": "hi", "embeds": [{"title": "a" * 257}]}):
            record = await sb.invoke_command("alice", "general", "ping", {})
            async with session.post(
                    f"{sb.api_url}/interactions/{record.id}/{record.token}/callback",
                    json={"type": 4, "data": data}) as resp:
                found.append((resp.status, await resp.json()))
    codes = [(status, body["code"], list(body["errors"])) for status, body in found]
    assert codes == [(400, 50035, ["data"])] * 3
    assert found[0][1]["errors"]["data"]["content"]["_errors"][0]["code"] == \
        "BASE_TYPE_MAX_LENGTH"
    assert found[1][1]["errors"]["data"]["tts"]["_errors"][0]["code"] == "BASE_TYPE_BOOLEAN"
    assert "title" in found[2][1]["errors"]["data"]["embeds"]["0"]
