"""Provides the till's key bindings as data, and the check of a config's [keys] table.

The screens declare their bindings with these ids and keys (tests/test_keymap.py keeps the
two in step); here, without Textual, a [keys] entry is refused when its action is not a
binding id, its key is not a name Textual ever sends, types a character, or is another
action's on one of the screens the action is on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from termpos.core.errors import UsageError

# Binding id -> default key, per screen. "app" holds the app's own keys, active everywhere.
SCREEN_KEYS: dict[str, dict[str, str]] = {
    "app": {"quit": "ctrl+q"},
    "login": {"quit": "ctrl+q", "login_enter": "enter"},
    "open_shift": {"logout": "escape"},
    "lock": {"lock_enter": "enter"},
    "sale": {
        "search": "f2", "quantity": "f3", "void_line": "f4", "price_override": "f5",
        "cancel_sale": "f6", "tender": "f10", "lock": "ctrl+l", "logout": "f12",
        "stock_count": "ctrl+k", "line_up": "up", "line_down": "down",
        "line_discount": "ctrl+d", "order_discount": "ctrl+o", "customer": "ctrl+u",
        "park": "f8", "recall": "f9", "refund": "ctrl+r", "reprint": "ctrl+p",
        "no_sale": "ctrl+n", "paid_in": "ctrl+e", "paid_out": "ctrl+t", "x_report": "ctrl+x",
        "close_shift": "f11", "training": "ctrl+g", "keys": "f1",
    },
    "search": {"back": "escape", "results": "down"},
    "tender": {"back": "escape", "card": "f2", "points": "f3"},
    "ask": {"back": "escape", "ask_enter": "enter"},
    "info": {"back": "escape", "info_close": "enter"},
    "override": {"back": "escape", "override_enter": "enter"},
    "count": {"back": "escape"},
}

BINDING_IDS: tuple[str, ...] = tuple(sorted({i for keys in SCREEN_KEYS.values() for i in keys}))

# Keys Textual itself binds on every screen (focus moves, copy, the Ctrl+C hint).
TEXTUAL_KEYS: dict[str, str] = {
    "tab": "focus_next", "shift+tab": "focus_previous", "ctrl+c": "copy_text",
    "super+c": "copy_text",
}

# Named keys Textual sends (textual.keys.Keys without modifiers); modifiers in the order
# Textual writes them (sorted).
NAMED_KEYS = frozenset({
    "backspace", "delete", "down", "end", "enter", "escape", "home", "insert", "left",
    "pagedown", "pageup", "right", "space", "tab", "up", *(f"f{n}" for n in range(1, 25)),
})
MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")

# Unicode names Textual shortens (textual.keys.KEY_NAME_REPLACEMENTS).
_SHORT_NAMES = {
    "solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
    "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore",
}


def char_key(char: str) -> str:
    """The key name Textual gives a character: "a", "5", "question_mark", "plus"."""
    if char.isalnum():
        return char
    try:
        name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return char
    return _SHORT_NAMES.get(name, name)


_CHAR_NAMES = frozenset(char_key(chr(code)) for code in range(33, 127))


def normal_key(key: str) -> str:
    """A key as Textual compares it: a single character becomes its name."""
    key = key.strip()
    return char_key(key) if len(key) == 1 else key


def valid_key(key: str) -> bool:
    """Tells whether Textual can send this key: known modifiers in order, then a key."""
    *mods, base = normal_key(key).split("+")
    if len(set(mods)) != len(mods) or any(m not in MODIFIERS for m in mods):
        return False
    if mods != sorted(mods):
        return False
    if len(base) == 1:  # Shift+a arrives as "A", never as "shift+a"
        return base.isprintable() and mods != ["shift"] and not (mods and base.isupper())
    return base in NAMED_KEYS or base in _CHAR_NAMES


def typed_key(key: str) -> bool:
    """Tells whether a key types a character (no Ctrl or Alt): entry fields and the sale
    screen's entry line take those as text and scans, so they cannot be an action's key."""
    *mods, base = normal_key(key).split("+")
    return mods in ([], ["shift"]) and (len(base) == 1 or base in _CHAR_NAMES or base == "space")


def _guess(key: str) -> str | None:
    """A suggestion for a near miss: "F5" -> f5, "shift+ctrl+x" -> ctrl+shift+x."""
    *mods, base = key.strip().lower().split("+")
    guess = "+".join([*sorted(mods), base])
    return guess if guess != key and valid_key(guess) else None


def check_keymap(keymap: Mapping[str, str]) -> UsageError | None:
    """What is wrong with a [keys] table (binding id -> keys, comma-separated), or None."""
    for action, keys in keymap.items():
        if action not in BINDING_IDS:
            return UsageError("{action}: not a till action (known: {known})", action=action,
                              known=", ".join(BINDING_IDS))
        for key in keys.split(","):
            if not valid_key(key):
                guess = _guess(key)
                if guess is not None:
                    return UsageError("{action}: {key!r} is not a key name (such as f5, "
                                      "ctrl+p, escape, a); did you mean {guess!r}?",
                                      action=action, key=key.strip(), guess=guess)
                return UsageError("{action}: {key!r} is not a key name (such as f5, ctrl+p, "
                                  "escape, a)", action=action, key=key.strip())
            if typed_key(key):
                return UsageError("{action}: key {key!r} types a character, which the till "
                                  "takes as text or a scan (use an F-key or a ctrl+ key)",
                                  action=action, key=key.strip())
            if normal_key(key) in TEXTUAL_KEYS:
                return UsageError("{action}: key {key!r} is Textual's {textual} on every "
                                  "screen", action=action, key=key.strip(),
                                  textual=TEXTUAL_KEYS[normal_key(key)])
    for screen, defaults in SCREEN_KEYS.items():
        clash = _clash(screen, {**SCREEN_KEYS["app"], **defaults}, keymap)
        if clash is not None:
            return clash
    return None


def _clash(screen: str, defaults: dict[str, str], keymap: Mapping[str, str]
           ) -> UsageError | None:
    """The first key given to two actions of one screen, as a message, or None."""
    owner: dict[str, str] = {}
    for action, default in defaults.items():
        for key in keymap.get(action, default).split(","):
            key = normal_key(key)
            other = owner.setdefault(key, action)
            if other != action:
                moved = action if action in keymap else other
                first = other if moved == action else action
                return UsageError("{moved}: key {key!r} already does {first!r} on the "
                                  "{screen} screen (give one of them another key)",
                                  moved=moved, key=key, first=first, screen=screen)
    return None
