"""Radio groups, checkbox groups and checkboxes in a modal: what Discord refuses in the
modal a bot opens, what a person may submit, and what the bot is told."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.models import ApplicationCommand
from tidecord.sandbox import InteractionRecord, Sandbox, StateError

pytestmark = [pytest.mark.timeout(30)]


def _options(*values: str, default: str | None = None) -> list[dict[str, Any]]:
    return [{"label": v.title(), "value": v, "default": v == default} for v in values]


def _label(text: str, component: dict[str, Any]) -> dict[str, Any]:
    return {"type": 18, "label": text, "component": component}


SURVEY = {"title": "Survey", "custom_id": "survey", "components": [
    _label("Class", {"type": 21, "custom_id": "class",
                     "options": _options("warrior", "mage", "rogue")}),
    _label("Days", {"type": 22, "custom_id": "days", "min_values": 1, "max_values": 2,
                    "options": _options("sat", "sun", "mon", default="sun")}),
    # an optional group may ask for none at all
    _label("Snacks", {"type": 22, "custom_id": "snacks", "required": False, "min_values": 0,
                      "options": _options("tea", "cake")}),
    _label("News", {"type": 23, "custom_id": "news", "default": True}),
]}


async def _open(sb: Sandbox, modal: dict[str, Any]) -> tuple[InteractionRecord, int, Any]:
    """A command invoked by alice, answered with ``modal``: the record, status and body."""
    command = ApplicationCommand(id=sb.state.new_id(), name="survey", description="s")
    sb.state.commands[command.id] = command
    record = await sb.invoke_command("alice", "general", "survey")
    url = f"{sb.api_url}/interactions/{record.id}/{record.token}/callback"
    async with aiohttp.ClientSession() as session, \
            session.post(url, json={"type": 9, "data": modal}) as resp:
        body = await resp.json() if resp.status != 204 else None
        return record, resp.status, body


def _error_at(body: Any, path: str) -> str:
    node = body["errors"]
    for key in path.split("."):
        node = node[key]
    return str(node["_errors"][0]["code"])


def _with(index: int, **changes: Any) -> dict[str, Any]:
    """The survey with its ``index``-th input changed."""
    components = [dict(c, component=dict(c["component"])) for c in SURVEY["components"]]
    components[index]["component"].update(changes)
    return dict(SURVEY, components=components)


REFUSED = [
    (_with(0, options=_options("warrior")), "components.0.component.options",
     "BASE_TYPE_BAD_LENGTH"),
    (_with(1, options=_options(*"abcdefghijk")), "components.1.component.options",
     "BASE_TYPE_BAD_LENGTH"),
    (_with(1, min_values=0), "components.1.component.min_values", "NUMBER_TYPE_MIN"),
    (_with(1, max_values=11), "components.1.component.max_values", "NUMBER_TYPE_MAX"),
    (_with(0, options=[{"label": "x" * 101, "value": "x"}, {"label": "y", "value": "y"}]),
     "components.0.component.options.0.label", "BASE_TYPE_BAD_LENGTH"),
    # outside a label, even in an action row, a choice has no place in a modal
    (dict(SURVEY, components=[{"type": 23, "custom_id": "news"}]), "components.0.type",
     "UNION_TYPE_CHOICES"),
    (dict(SURVEY, components=[{"type": 1, "components": [{"type": 23, "custom_id": "news"}]}]),
     "components.0.components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED"),
]


async def test_a_modal_with_a_choice_discord_refuses_is_refused(sandbox: Sandbox) -> None:
    for modal, path, code in REFUSED:
        record, status, body = await _open(sandbox, modal)
        assert status == 400 and body["code"] == 50035, path
        assert _error_at(body, f"data.{path}") == code
        assert record.response_type is None


async def test_a_person_submits_the_choices_the_modal_allows(sandbox: Sandbox) -> None:
    opened, status, _ = await _open(sandbox, SURVEY)
    assert status == 204

    refused = [
        {"class": "bard"},                                   # not an option
        {"class": "mage", "days": ["sat", "sun", "mon"]},    # more than max_values
        {"class": "mage", "days": []},                       # a required group left empty
        {"class": "mage", "days": ["tue"]},                  # not an option
        {"class": "mage", "news": "yes"},                    # a checkbox is True or False
        {"days": ["sat"]},                                   # a required radio group unpicked
        {"class": "mage", "colour": "red"},                  # no such input
    ]
    for values in refused:
        with pytest.raises(StateError) as error:
            await sandbox.submit_modal("alice", opened, values)
        assert error.value.code == 50035, values

    # Left alone, a group or checkbox is submitted as it was shown.
    submitted = await sandbox.submit_modal("alice", opened, {"class": "rogue"})
    data = submitted.interaction.data
    answers = {c.component.custom_id: c.component for c in data.components}
    assert [c.type for c in data.components] == [18, 18, 18, 18]
    assert (answers["class"].type, answers["class"].value) == (21, "rogue")
    assert (answers["days"].type, answers["days"].values) == (22, ["sun"])
    assert (answers["snacks"].type, answers["snacks"].values) == (22, [])
    assert (answers["news"].type, answers["news"].value) == (23, True)


async def test_what_a_person_picks_reaches_the_bot(sandbox: Sandbox) -> None:
    opened, _, _ = await _open(sandbox, SURVEY)
    submitted = await sandbox.submit_modal("alice", opened, {
        "class": "mage", "days": ["sat", "mon"], "snacks": ["tea", "cake"], "news": False})
    answers = {c.component.custom_id: c.component for c in submitted.interaction.data.components}
    assert answers["class"].value == "mage"
    assert answers["days"].values == ["sat", "mon"]
    # an optional group without max_values lets a person tick every option
    assert answers["snacks"].values == ["tea", "cake"]
    assert answers["news"].value is False
