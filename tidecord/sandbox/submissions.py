"""What a person picks in a select, or fills in a modal, as Discord reports it to the bot.

The Discord client only lets a person submit what the component allows (values
among the options, within ``min_values``..``max_values``, required fields filled,
lengths respected), so the sandbox refuses anything else with a 50035 naming the
component instead of sending the bot what Discord never would.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from tidecord.models import Attachment, Component, InteractionData, convert

from .components import number_components
from .resolved import Resolver
from .state import StateError

__all__ = ["modal_components", "select_data"]

_ENTITY: Final = {5: "member", 6: "role", 7: "mentionable", 8: "channel"}
_SELECTS: Final = frozenset({3, 5, 6, 7, 8})


def _refuse(component: Component, why: str) -> StateError:
    return StateError(50035, f"component {component.custom_id!r}: {why}")


def _pick(component: Component, values: list[Any], resolver: Resolver) -> list[str]:
    """Select values checked against the component, entity ids resolved."""
    # a checkbox group lets a person tick every option unless it says otherwise
    most = len(component.get("options", [])) if component.type == 22 else 1
    low, high = component.get("min_values", 1), component.get("max_values", most)
    if component.required is False and not values:
        low = 0
    if not low <= len(values) <= high:
        raise _refuse(component, f"pick between {low} and {high} values, not {len(values)}")
    if component.type in (3, 21, 22):
        allowed = [o.value for o in component.get("options", [])]
        for value in values:
            if str(value) not in allowed:
                raise _refuse(component, f"{value!r} is not one of its options {allowed}")
        return [str(v) for v in values]
    kind = _ENTITY[component.type]
    out = []
    for value in values:
        if kind == "channel":
            types = component.get("channel_types", None)
            out.append(str(resolver.channel(value, types)))
        else:
            out.append(str(getattr(resolver, kind)(value)))
    return out


def select_data(component: Component, values: list[Any] | None, resolver: Resolver
                ) -> InteractionData:
    """The ``data`` of a component interaction: a button press, or a select's values."""
    data = InteractionData(custom_id=component.custom_id, component_type=component.type)
    if component.disabled is True:
        raise _refuse(component, "it is disabled")
    if component.type in _SELECTS:
        data.values = _pick(component, list(values or []), resolver)
        if resolver.data:
            data.resolved = resolver.data
    return data


def modal_components(modal: Mapping[str, Any], values: Mapping[str, Any], resolver: Resolver,
                     uploads: Mapping[str, list[Attachment]]) -> list[Component]:
    """The ``components`` of a modal submission, shaped as the modal was.

    ``values`` maps custom ids to what was entered: text for a text input, a list
    for a select (option values, or ids / names for user, role, channel selects) or
    a checkbox group, one option value for a radio group, a bool for a checkbox.
    A group or checkbox left out is submitted as it was shown (its defaults).
    ``uploads`` maps a file upload's custom id to the files stored for it.
    """
    try:
        shape = number_components(convert(modal.get("components") or [], list[Component]))
    except Exception as exc:  # the bot's modal was accepted; a bad one cannot be submitted
        raise StateError(50035, f"the modal cannot be submitted: {exc}") from None
    known: set[str] = set()
    out = [_answer(c, values, resolver, uploads, known) for c in shape]
    unknown = (set(values) | set(uploads)) - known
    if unknown:
        raise StateError(50035, f"the modal has no input {sorted(unknown)[0]!r}")
    return out


def _answer(component: Component, values: Mapping[str, Any], resolver: Resolver,
            uploads: Mapping[str, list[Attachment]], known: set[str]) -> Component:
    """One component of the submission (rows and labels wrap what they wrapped)."""
    if component.type == 1:
        kids = [_answer(c, values, resolver, uploads, known) for c in component.components or []]
        return Component(type=1, id=component.id, components=kids)
    if component.type == 18 and isinstance(component.component, Component):
        inner = _answer(component.component, values, resolver, uploads, known)
        return Component(type=18, id=component.id, component=inner)
    cid = component.custom_id
    if not isinstance(cid, str):
        return Component(type=component.type, id=component.id)  # text displays
    known.add(cid)
    answer = Component(type=component.type, id=component.id, custom_id=cid)
    if component.type == 4:
        answer.value = _text(component, values.get(cid))
    elif component.type in _SELECTS or component.type == 22:
        raw = values.get(cid, _defaults(component))
        answer.values = _pick(component, list(raw) if isinstance(raw, list | tuple) else [raw],
                              resolver)
    elif component.type == 19:
        files = uploads.get(cid, [])
        _pick_files(component, files)
        answer.values = [str(resolver.attachment(a)) for a in files]
    elif component.type == 21:
        raw = values.get(cid, next(iter(_defaults(component)), None))
        if raw is None and component.required is not False:
            raise _refuse(component, "it is required")
        answer.value = None if raw is None else _pick(component, [raw], resolver)[0]
    elif component.type == 23:
        ticked = values.get(cid, component.default is True)
        if not isinstance(ticked, bool):
            raise _refuse(component, f"a checkbox is ticked (True) or not (False), not {ticked!r}")
        answer.value = ticked
    return answer


def _defaults(component: Component) -> list[str]:
    """What a person who leaves a group alone submits: the options ticked by default."""
    return [o.value for o in component.get("options", []) if o.default is True]


def _text(component: Component, value: Any) -> str:
    text = "" if value is None else str(value)
    required = component.required is not False
    if required and not text:
        raise _refuse(component, "it is required")
    low, high = component.get("min_length", 0), component.get("max_length", 4000)
    if text and not low <= len(text) <= high:
        raise _refuse(component, f"the text must be {low} to {high} characters long")
    return text


def _pick_files(component: Component, files: list[Attachment]) -> None:
    low, high = component.get("min_values", 1), component.get("max_values", 1)
    if component.required is False and not files:
        return
    if not low <= len(files) <= high:
        raise _refuse(component, f"upload between {low} and {high} files, not {len(files)}")
