"""Request bodies generated from Discord's OpenAPI spec: ones it allows, ones it forbids.

:class:`Bodies` walks an operation's ``requestBody`` schema and makes a few bodies the
spec allows (required fields only; every field with a representative value; nullable
fields null; snowflakes as numbers; arrays empty and booleans false; every value of
each enum, each string at its longest) and a few it forbids (a required field
missing, a string one character too long, an integer or boolean of the wrong type),
each naming the field Discord's 50035 error should name.

The spec says what a field may hold, not what it must refer to: ``hints`` give the
values that must name something real (a channel, a role), and ``skip`` leaves out
fields Discord refuses for reasons the spec does not state.
"""

from __future__ import annotations

import copy
import datetime
import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SPEC = Path(__file__).resolve().parents[1] / "data" / "discord-openapi.json.gz"
# A 1x1 PNG, as the data URI Discord's image fields take.
PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
       "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
# Strings longer than this are sent at their longest only by :meth:`Bodies.longest`.
SHORT = 8


def load_spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(gzip.decompress(SPEC.read_bytes()))
    return data


@dataclass
class Invalid:
    """A body the spec forbids, and the field (dotted path) and code Discord names."""

    body: Any
    field: str
    code: str


@dataclass
class Bodies:
    """Bodies for one operation's request schema."""

    spec: dict[str, Any]
    schema: dict[str, Any]
    hints: dict[str, Any] = field(default_factory=dict)
    skip: frozenset[str] = frozenset()
    # For a union of request shapes (PATCH /channels/{id}), the title of the one to use.
    branch: str | None = None
    # Where the spec is looser or stricter than Discord (each case says why): fields
    # Discord requires though the spec does not, fields it does not require though the
    # spec does, and longest lengths other than the spec's.
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    limits: dict[str, int] = field(default_factory=dict)

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            node: Any = self.spec
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
        return schema

    def choices(self, schema: dict[str, Any]) -> list[dict[str, Any]]:
        """The non-null branches of a oneOf/anyOf (or the schema alone)."""
        schema = self.resolve(schema)
        branches = schema.get("oneOf") or schema.get("anyOf")
        if not branches or all("const" in b for b in branches):
            return [schema]
        out: list[dict[str, Any]] = []
        for b in branches:
            if self.resolve(b).get("type") != "null":
                out.extend(self.choices(b))
        return out

    def nullable(self, schema: dict[str, Any]) -> bool:
        schema = self.resolve(schema)
        kinds = schema.get("type")
        if kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
            return True
        return any(self.resolve(b).get("type") == "null"
                   for b in schema.get("oneOf", []) + schema.get("anyOf", []))

    def enum_values(self, schema: dict[str, Any]) -> list[Any]:
        """Every value an enum field may take ([] for a field that is no enum)."""
        schema = self.choices(schema)[0]
        if "enum" in schema:
            return [v for v in schema["enum"] if v is not None]
        consts = [b["const"] for b in schema.get("oneOf", []) if "const" in b]
        if not consts:
            for part in schema.get("allOf", []):
                consts = self.enum_values(part)
        return consts

    def top(self) -> dict[str, Any]:
        """The object schema of the body (the chosen branch of a union)."""
        options = self.choices(self.schema)
        if self.branch is not None:
            named = [o for o in options if o is self.resolve(
                {"$ref": f"#/components/schemas/{self.branch}"})]
            options = named or options
        return options[0]

    def value(self, schema: dict[str, Any], mode: str, name: str) -> Any:
        """A value of ``schema`` for a field called ``name``, as ``mode`` says."""
        if name in self.hints:
            hint = self.hints[name]
            given = hint(mode) if callable(hint) else copy.deepcopy(hint)
            return self.as_numbers(given, schema) if mode == "numbers" else given
        schema = self.choices(schema)[0]
        if "const" in schema:
            return schema["const"]
        enum = self.enum_values(schema)
        if enum:
            return enum[0]
        kinds = schema.get("type", "object")
        kind = next(k for k in ([kinds] if isinstance(kinds, str) else kinds) if k != "null")
        if kind == "object" or "properties" in schema:
            # "inner nulls": every field at the top, the nullable ones null beneath it.
            return self.object(schema, "nulls" if mode == "inner nulls" else mode, name)
        if kind == "array":
            if mode == "plain" and not schema.get("minItems"):
                return []
            count = max(1, schema.get("minItems", 0))
            item = self.value(schema.get("items", {}), mode, name + "[]")
            return [item] + [copy.deepcopy(item) for _ in range(count - 1)]
        if kind == "boolean":
            return mode != "plain"
        if kind == "integer" or kind == "number":
            low = schema.get("minimum", 0)
            return max(low, min(schema.get("maximum", low + 1), low + 1))
        return self.string(schema, mode)

    def as_numbers(self, value: Any, schema: dict[str, Any]) -> Any:
        """A hinted snowflake (or list of them) as a number, as Discord also takes one."""
        shape = self.choices(schema)[0]
        if isinstance(value, list) and "items" in shape:
            return [self.as_numbers(v, shape["items"]) for v in value]
        if shape.get("format") == "snowflake" and isinstance(value, str) and value.isdigit():
            return int(value)
        return value

    def string(self, schema: dict[str, Any], mode: str) -> Any:
        form = schema.get("format")
        if form == "snowflake":
            return 1 if mode == "numbers" else "1"
        if form == "date-time":
            soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
            return soon.isoformat()
        if form == "uri":
            return "https://example.com/a.png"
        if schema.get("contentEncoding") == "base64":
            return PNG
        return "a" * max(schema.get("minLength", 1), min(SHORT, schema.get("maxLength", SHORT)))

    def object(self, schema: dict[str, Any], mode: str, name: str = "") -> dict[str, Any]:
        schema = self.resolve(schema)
        props = schema.get("properties", {})
        required = (set(schema.get("required", [])) | self.required) - self.optional
        out: dict[str, Any] = {}
        for key, sub in props.items():
            if key in self.skip:
                continue
            if mode == "nulls" and self.nullable(sub) and key not in self.hints \
                    and key not in self.required:  # Discord's required take no null
                out[key] = None
            elif key in required or mode != "required":
                out[key] = self.value(sub, mode, key)
        extra = schema.get("additionalProperties")
        if not props and isinstance(extra, dict) and mode != "required":
            out["fr"] = self.value(extra, mode, name)  # a localization
        return out

    def allowed(self) -> Iterator[tuple[str, Any]]:
        """(what, body) for bodies the spec allows."""
        top = self.top()
        if "array" in top.get("type", ()):
            for mode in ("required", "full", "numbers", "plain"):
                yield mode, self.value(top, mode, "$")  # items are hinted as "$[]"
            return
        for mode in ("required", "full", "nulls", "inner nulls", "numbers", "plain"):
            yield mode, self.object(top, mode)
        for key, sub in top.get("properties", {}).items():
            if key in self.skip or key in self.hints:
                continue
            for value in self.enum_values(sub)[1:]:  # the first is in "full"
                yield f"{key}={value}", {**self.object(top, "required"), key: value}
            longest = self.longest(key, sub)
            if longest is not None and longest > SHORT:
                yield f"{key} at {longest}", {**self.object(top, "required"), key: "a" * longest}
        for _, path, most, make in self.nested_strings(top):
            if most > SHORT:
                yield f"{path} at {most}", make("a" * most)
        yield from self.nested_enums(top)
        yield from self.union_items(top)

    def union_items(self, top: dict[str, Any]) -> Iterator[tuple[str, Any]]:
        """For a list of several kinds (a command's options), one of each kind."""
        for key, sub in top.get("properties", {}).items():
            if key in self.skip or key in self.hints:
                continue
            shape = self.choices(sub)[0]
            if "array" not in shape.get("type", ()):
                continue
            kinds = self.choices(shape.get("items", {}))
            for n, kind in enumerate(kinds[1:], start=2):  # the first is in "full"
                item = self.object(kind, "full", key)
                yield f"{key}: kind {n}", {**self.object(top, "required"), key: [item]}

    def nested_enums(self, top: dict[str, Any]) -> Iterator[tuple[str, Any]]:
        """Every value of each enum one level down (an action's type), the rest full."""
        for key, sub in top.get("properties", {}).items():
            if key in self.skip or key in self.hints:
                continue
            shape = self.choices(sub)[0]
            many = "array" in shape.get("type", ())
            inner = self.choices(shape.get("items", {}))[0] if many else shape
            for name, field_schema in inner.get("properties", {}).items():
                if name in self.hints:
                    continue
                for choice in self.enum_values(field_schema)[1:]:
                    value = self.value(sub, "full", key)
                    (value[0] if many else value)[name] = choice
                    path = f"{key}.0.{name}" if many else f"{key}.{name}"
                    yield f"{path}={choice}", {**self.object(top, "required"), key: value}

    def longest(self, key: str, schema: dict[str, Any]) -> int | None:
        """The longest a plain string field may be (None for other fields)."""
        shape = self.choices(schema)[0]
        if shape.get("format") or shape.get("contentEncoding"):
            return None
        most = self.limits.get(key, shape.get("maxLength"))
        return most if isinstance(most, int) else None

    def invalid(self) -> Iterator[Invalid]:
        """A few bodies the spec forbids, each naming its field."""
        top = self.top()
        if top.get("type") != "object" and "properties" not in top:
            return
        # The spec's own required fields: what Discord requires beyond them it may name
        # otherwise (a message with no content is empty: 50006).
        for key in top.get("required", []):
            if key in self.skip or key in self.optional:
                continue
            base = self.object(top, "required")
            yield Invalid({k: v for k, v in base.items() if k != key}, key,
                          "BASE_TYPE_REQUIRED")
            break
        found: set[str] = set()
        for key, sub in top.get("properties", {}).items():
            if key in self.skip:
                continue
            base = self.object(top, "required")
            kinds = [k for c in self.choices(sub) for k in (
                [c.get("type")] if isinstance(c.get("type"), str) else c.get("type") or [])]
            longest = self.longest(key, sub)
            if longest is not None and "MAX" not in found:
                found.add("MAX")
                yield Invalid({**base, key: "a" * (longest + 1)}, key, "BASE_TYPE_MAX_LENGTH")
            elif "integer" in kinds and "string" not in kinds and "INT" not in found \
                    and not self.enum_values(sub):
                found.add("INT")
                yield Invalid({**base, key: "many"}, key, "NUMBER_TYPE_COERCE")
            elif "boolean" in kinds and "BOOL" not in found:
                found.add("BOOL")
                yield Invalid({**base, key: "maybe"}, key, "BASE_TYPE_BOOLEAN")
        yield from self.nested_invalid(top)

    def nested_strings(self, top: dict[str, Any]) -> Iterator[tuple[str, str, int, Any]]:
        """(field, path, longest, body maker) for each plain string one level down (an
        embed's title); the maker takes the string to put there."""
        for key, sub in top.get("properties", {}).items():
            if key in self.skip or key in self.hints:
                continue
            shape = self.choices(sub)[0]
            many = "array" in shape.get("type", ())
            inner = self.choices(shape.get("items", {}))[0] if many else shape
            for name, field_schema in inner.get("properties", {}).items():
                longest = self.longest(name, field_schema)
                if longest is None or name in self.hints:
                    continue

                def make(text: str, key: str = key, sub: Any = sub, many: bool = many,
                         name: str = name) -> Any:
                    value = self.value(sub, "full", key)
                    (value[0] if many else value)[name] = text
                    return {**self.object(top, "required"), key: value}

                path = f"{key}.0.{name}" if many else f"{key}.{name}"
                yield key, path, longest, make

    def nested_invalid(self, top: dict[str, Any]) -> Iterator[Invalid]:
        """Each string too long one level down."""
        for _, path, longest, make in self.nested_strings(top):
            yield Invalid(make("a" * (longest + 1)), path, "BASE_TYPE_MAX_LENGTH")


def request_schema(spec: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    """The JSON request schema of an operation."""
    body = spec["paths"][path][method.lower()]["requestBody"]
    schema: dict[str, Any] = body["content"]["application/json"]["schema"]
    return schema


Hint = Callable[[str], Any]


@dataclass
class Queries:
    """Query strings for one operation: each parameter alone at values the spec allows,
    and a few it forbids with the code Discord answers."""

    spec: dict[str, Any]
    parameters: list[dict[str, Any]]
    hints: dict[str, list[str]] = field(default_factory=dict)
    # What Discord requires though the spec does not (a bot's user_id for subscriptions).
    required: frozenset[str] = frozenset()

    def shape(self, param: dict[str, Any]) -> dict[str, Any]:
        return Bodies(self.spec, {}).choices(param["schema"])[0]

    def values(self, param: dict[str, Any]) -> list[str]:
        if param["name"] in self.hints:
            return self.hints[param["name"]]
        shape = self.shape(param)
        enum = Bodies(self.spec, {}).enum_values(param["schema"])
        if enum:
            return [str(v) for v in enum]
        kind = shape.get("type")
        if kind == "boolean":
            return ["true", "false", "1", "0"]  # discord.py sends 1 and 0
        if kind == "integer":
            low = shape.get("minimum", 0)
            return sorted({str(low), str(shape.get("maximum", low + 1))})
        if shape.get("format") == "snowflake":
            return ["1"]
        if shape.get("format") == "date-time":
            return [datetime.datetime.now(datetime.UTC).isoformat()]
        return ["a"] if kind == "string" else []

    def base(self) -> dict[str, str]:
        """The parameters every query carries (the required ones)."""
        return {p["name"]: self.values(p)[0] for p in self.parameters
                if p.get("required") or p["name"] in self.required}

    def allowed(self) -> Iterator[dict[str, str]]:
        for param in self.parameters:
            for value in self.values(param):
                yield {**self.base(), param["name"]: value}

    def invalid(self) -> Iterator[tuple[dict[str, str], str, str]]:
        """(query, parameter, code) for values the spec forbids: a word for a number,
        a snowflake or a boolean, a number past its most, a required one left out."""
        for param in self.parameters:
            if param.get("required"):
                yield ({k: v for k, v in self.base().items() if k != param["name"]},
                       param["name"], "BASE_TYPE_REQUIRED")
            shape = self.shape(param)
            name = param["name"]
            if shape.get("type") == "integer" and not Bodies(self.spec, {}).enum_values(
                    param["schema"]):
                yield {**self.base(), name: "many"}, name, "NUMBER_TYPE_COERCE"
                if "maximum" in shape:
                    yield ({**self.base(), name: str(shape["maximum"] + 1)}, name,
                           "NUMBER_TYPE_MAX")
            elif shape.get("format") == "snowflake":
                yield {**self.base(), name: "many"}, name, "NUMBER_TYPE_COERCE"
                yield {**self.base(), name: "1" + "0" * 20}, name, "NUMBER_TYPE_COERCE"
            elif shape.get("type") == "boolean":
                yield {**self.base(), name: "maybe"}, name, "BOOLEAN_TYPE_COERCE"


def query_parameters(spec: dict[str, Any], path: str, method: str) -> list[dict[str, Any]]:
    """An operation's query parameters."""
    operation = spec["paths"][path][method.lower()]
    return [p for p in operation.get("parameters", []) if p.get("in") == "query"]
