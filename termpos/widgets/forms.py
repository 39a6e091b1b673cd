"""Provides form_enter() and form_step(): Enter and Tab in a form of Inputs, safe when keys
are typed ahead.

Textual hands each key to the focused widget's own queue. A fast typist (or a badge reader)
sending "cashier<Enter>1357<Enter>" would see the PIN digits queued for the user field before
an Enter handled there moves the focus. Called from a screen's priority binding, which runs in
key order on the app, form_enter moves the focus at once (the next keys go to the next field)
and submits only after every field has handled the keys typed before this Enter. Tab and
Shift+Tab (FIELD_KEYS, priority bindings too) move the focus at once for the same reason:
Textual's own focus move waits behind the keys typed after it, which land in the old field
(over SSH a whole "cashier<Tab>1357<Enter>" can arrive in one packet).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

# no ids: these are Textual's own focus keys (core.tillkeys.TEXTUAL_KEYS), acting in key order
FIELD_KEYS = [Binding("tab", "field(1)", show=False, priority=True),
              Binding("shift+tab", "field(-1)", show=False, priority=True)]


def form_step(screen: Screen[Any], fields: Sequence[Input], step: int) -> None:
    """Moves the focus `step` fields on (wrapping round), at once."""
    focused = screen.focused
    here = fields.index(focused) if focused in fields else (-1 if step > 0 else 0)
    screen.set_focus(fields[(here + step) % len(fields)])


def form_enter(screen: Screen[Any], fields: Sequence[Input], submit: Callable[[], None]) -> None:
    """Moves to the next field, or on the last one calls submit() once the fields are up to date."""
    focused = screen.focused
    if focused in fields[:-1]:
        screen.set_focus(fields[fields.index(focused) + 1])
        return

    def after(index: int) -> None:
        # Queued behind the keys each field already has: runs when they are typed in.
        if index == len(fields):
            submit()
        else:
            fields[index].call_later(after, index + 1)

    after(0)
