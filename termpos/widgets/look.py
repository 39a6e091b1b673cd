"""Provides the console-safe look and translated key bindings shared by all till screens.

The Linux text console (TERM=linux) has 16 colours and a font without the eighth-block
glyphs Textual's scrollbars and "tall" borders use; there the till swaps them out.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.scrollbar import ScrollBar, ScrollBarRender

from termpos.core.i18n import _

# Glyphs the Linux console font lacks (Textual uses them for scrollbars and borders).
FORBIDDEN_GLYPHS = "▁▂▃▄▅▆▇▉▊▋▌▍▎▏▔▕"


def is_linux_console(term: str | None = None) -> bool:
    """Tells whether the till runs on the Linux text console."""
    return (term if term is not None else os.environ.get("TERM", "")) == "linux"


class ConsoleScrollBarRender(ScrollBarRender):
    """Scrollbars drawn with spaces and colour only: no eighth-block glyphs."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "]
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "]


def use_console_scrollbars() -> None:
    """Makes every scrollbar console-safe (Textual's documented way: set the renderer)."""
    ScrollBar.renderer = ConsoleScrollBarRender


def app_keymap(node: DOMNode) -> Mapping[str, str]:
    """The till's keymap (binding id -> keys, from the config's [keys]), or none."""
    try:
        app = node if isinstance(node, App) else node.app
    except RuntimeError:  # no app running: a screen built on its own (tests)
        return {}
    keymap: Mapping[str, str] = getattr(app, "keymap", {})
    return keymap


def localize_bindings(node: DOMNode) -> None:
    """Translates a node's binding texts into the current language and applies the keymap.

    Binding texts are declared with N_() at import; they are translated per instance so the
    language set at start-up applies. A binding whose id is in the app's keymap gets the keys
    given there, in its own place: Textual's App.set_keymap would move it to the end of the
    footer, out of sight at 80 columns. core.tillkeys checked the keymap when it was read.
    """
    keymap = app_keymap(node)
    translated = BindingsMap()
    for bindings in node._bindings.key_to_bindings.values():
        for binding in bindings:
            keys = keymap.get(binding.id or "", "")
            changed = dataclasses.replace(
                binding,
                key=keys or binding.key,
                key_display=None if keys else binding.key_display,
                description=_(binding.description) if binding.description else "",
                tooltip=_(binding.tooltip) if binding.tooltip else "",
            )
            for one in Binding.make_bindings([changed]):  # "f7,ctrl+y" binds both keys
                translated._add_binding(one)
    node._bindings = translated


def key_label(node: DOMNode, action: str, default: str) -> str:
    """How the key bound to an action on this node reads in a hint ("F3"), remaps included."""
    for bindings in node._bindings.key_to_bindings.values():
        for found in bindings:
            if found.action == action:
                return found.key_display or found.key.upper()
    return default


def binding(key: str, action: str, description: str, binding_id: str, *,
            show: bool = True, priority: bool = False) -> Binding:
    """A binding with an id (so the keymap can change its key)."""
    return Binding(key, action, description, show=show, priority=priority, id=binding_id,
                   tooltip=description)
