"""Key bindings with an id and a description from the catalogue; keys can be remapped in config.

    [keymap]
    "case.measure.new" = "ctrl+t"
    "app.privacy" = "f11"

The footer and the help screen look descriptions up by binding id when they draw (see
`ScreenBasics.active_bindings`), so switching language relabels the keys without rebuilding screens.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from textual.binding import Binding, BindingsMap

from ipterm.i18n import N_, _

_DESCRIPTIONS: dict[str, str] = {}
_TEXTUAL_ACTIONS = {"command_palette": N_("Kommandopalett")}


def bind(
    keys: str, action: str, binding_id: str, description: str, *, show: bool = True, priority: bool = False
) -> Binding:
    """A Binding remappable under `binding_id`, described by a message id (`N_`) translated when drawn."""
    _DESCRIPTIONS[binding_id] = description
    return Binding(keys, action, description, show=show, priority=priority, id=binding_id)


def describe(binding: Binding) -> str:
    """The description of `binding` in the current language."""
    if binding.id in _DESCRIPTIONS:
        return _(_DESCRIPTIONS[binding.id])
    if binding.action in _TEXTUAL_ACTIONS:
        return _(_TEXTUAL_ACTIONS[binding.action])
    return binding.description


def translated(binding: Binding) -> Binding:
    text = describe(binding)
    return binding if text == binding.description else dataclasses.replace(binding, description=text)


def known_ids() -> set[str]:
    return set(_DESCRIPTIONS)


def check_keymap(keymap: Mapping[str, object]) -> tuple[dict[str, str], list[str]]:
    """The usable part of a `[keymap]` table and one problem line per entry that was left out."""
    usable: dict[str, str] = {}
    problems: list[str] = []
    ids = known_ids()
    for binding_id, keys in keymap.items():
        if binding_id not in ids:
            problems.append(_("Ukjent tast-id i [keymap]: {binding_id}", binding_id=binding_id))
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(_("Tom eller ugyldig tast for {binding_id}", binding_id=binding_id))
        else:
            usable[binding_id] = keys.replace(" ", "")
    return usable, problems


def effective(bindings: Iterable[Binding], keymap: Mapping[str, str]) -> list[Binding]:
    """`bindings` with keys replaced by the keymap, as Textual applies it (for the help screen)."""
    result = BindingsMap(list(bindings))
    if keymap:
        result.apply_keymap(dict(keymap))
    seen: dict[tuple[str | None, str], Binding] = {}
    for key, found in result.key_to_bindings.items():
        for binding in found:
            name = (binding.id, binding.action)
            if name in seen:
                merged = f"{seen[name].key},{key}"
                seen[name] = dataclasses.replace(seen[name], key=merged)
            else:
                seen[name] = dataclasses.replace(binding, key=key)
    return list(seen.values())
