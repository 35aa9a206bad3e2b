"""A command's registration with every string translated (``name_localizations``...)."""

from __future__ import annotations

from typing import Any

from .commands import Command, ContextMenu
from .group import Group
from .parameters import CommandParameter, Parameter
from .translator import TranslationContext, Translator, localizations
from .translator import TranslationContextLocation as Where

__all__ = ["translated_payload"]


async def translated_payload(command: Command | Group | ContextMenu, tree: Any,
                             translator: Translator) -> dict[str, Any]:
    """``command.to_dict(tree)`` plus the translator's localisations of its strings."""
    data = command.to_dict(tree)
    await _localise(command, data, translator)
    return data


async def _localise(command: Any, data: dict[str, Any], translator: Translator) -> None:
    group = isinstance(command, Group)
    name_at = Where.group_name if group else Where.command_name
    data["name_localizations"] = await localizations(
        translator, command._locale_name, TranslationContext(name_at, command))
    if isinstance(command, ContextMenu):
        return
    data["description_localizations"] = await localizations(
        translator, command._locale_description,
        TranslationContext(Where.group_description if group else Where.command_description,
                           command))
    if group:
        for child, option in zip(command.commands, data["options"], strict=True):
            await _localise(child, option, translator)
        return
    for param, option in zip(command._params.values(), data["options"], strict=True):
        await _parameter(param, Parameter(param, command), option, translator)


async def _parameter(param: CommandParameter, view: Parameter, option: dict[str, Any],
                     translator: Translator) -> None:
    """A parameter's strings; the translator is told of it as ``command.parameters``
    hands it out."""
    from .translator import locale_str

    name = param.locale_name
    text = name if isinstance(name, locale_str) else locale_str(str(name))
    option["name_localizations"] = await localizations(
        translator, text, TranslationContext(Where.parameter_name, view))
    description = param.description
    text = description if isinstance(description, locale_str) else locale_str(str(description))
    option["description_localizations"] = await localizations(
        translator, text, TranslationContext(Where.parameter_description, view))
    for choice, raw in zip(param.choices, option.get("choices", []), strict=True):
        label = choice._locale_name or locale_str(choice.name)
        raw["name_localizations"] = await localizations(
            translator, label, TranslationContext(Where.choice_name, choice))
