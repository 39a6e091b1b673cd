"""Provides the console-safe look and translated key bindings shared by all till screens.

The Linux text console (TERM=linux) has 16 colours and a font without the eighth-block
glyphs Textual's scrollbars and "tall" borders use; there the till swaps them out.
"""

from __future__ import annotations

import dataclasses
import os
from typing import ClassVar

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


def localize_bindings(node: DOMNode) -> None:
    """Translates the descriptions and tooltips of a node's bindings into the current language.

    Binding texts are declared with N_() at import; they are translated per instance so the
    language set at start-up applies. Keys stay remappable by binding id (App.set_keymap).
    """
    translated = BindingsMap()
    for bindings in node._bindings.key_to_bindings.values():
        for binding in bindings:
            translated._add_binding(dataclasses.replace(
                binding,
                description=_(binding.description) if binding.description else "",
                tooltip=_(binding.tooltip) if binding.tooltip else "",
            ))
    node._bindings = translated


def binding(key: str, action: str, description: str, binding_id: str, *,
            show: bool = True, priority: bool = False) -> Binding:
    """A binding with an id (so the keymap can change its key)."""
    return Binding(key, action, description, show=show, priority=priority, id=binding_id,
                   tooltip=description)
