"""Provides keyboard layouts for barcode scanners: Linux key codes to characters.

A scanner is a keyboard: it sends key codes, and which character a code means depends on the
layout the scanner was set up for. Codes are the Linux input event codes (KEY_A = 30, ...),
written here as numbers so this module needs only the standard library.
"""

from __future__ import annotations

# Linux input-event-codes.h values used by the layouts and the decoder.
KEY_ESC, KEY_MINUS, KEY_EQUAL, KEY_BACKSPACE, KEY_TAB = 1, 12, 13, 14, 15
KEY_LEFTBRACE, KEY_RIGHTBRACE, KEY_ENTER, KEY_LEFTCTRL = 26, 27, 28, 29
KEY_SEMICOLON, KEY_APOSTROPHE, KEY_GRAVE, KEY_LEFTSHIFT, KEY_BACKSLASH = 39, 40, 41, 42, 43
KEY_COMMA, KEY_DOT, KEY_SLASH, KEY_RIGHTSHIFT, KEY_KPASTERISK = 51, 52, 53, 54, 55
KEY_LEFTALT, KEY_SPACE, KEY_CAPSLOCK, KEY_NUMLOCK = 56, 57, 58, 69
KEY_KPMINUS, KEY_KPPLUS, KEY_KPDOT, KEY_102ND = 74, 78, 83, 86
KEY_KPENTER, KEY_RIGHTCTRL, KEY_KPSLASH, KEY_RIGHTALT = 96, 97, 98, 100

# Physical positions in row order: digits row, then letter rows (US names).
_DIGIT_CODES = list(range(2, 12))  # KEY_1 .. KEY_0
_TOP_ROW = dict(zip("qwertyuiop", range(16, 26), strict=True))
_HOME_ROW = dict(zip("asdfghjkl", range(30, 39), strict=True))
_BOTTOM_ROW = dict(zip("zxcvbnm", range(44, 51), strict=True))
LETTER_CODES: dict[str, int] = {**_TOP_ROW, **_HOME_ROW, **_BOTTOM_ROW}
DIGIT_CODES: dict[str, int] = dict(zip("1234567890", _DIGIT_CODES, strict=True))

# The keypad always gives digits: scanners in "keypad" mode use it regardless of NumLock.
_KEYPAD: dict[int, str] = {
    71: "7", 72: "8", 73: "9", 75: "4", 76: "5", 77: "6", 79: "1", 80: "2", 81: "3", 82: "0",
    KEY_KPDOT: ".", KEY_KPASTERISK: "*", KEY_KPMINUS: "-", KEY_KPPLUS: "+", KEY_KPSLASH: "/",
}

Level = tuple[str, str]  # (plain, with Shift)


def _us() -> dict[int, Level]:
    keys: dict[int, Level] = {c: (ch, ch.upper()) for ch, c in LETTER_CODES.items()}
    for ch, shifted, code in zip("1234567890", "!@#$%^&*()", _DIGIT_CODES, strict=True):
        keys[code] = (ch, shifted)
    keys.update({
        KEY_MINUS: ("-", "_"), KEY_EQUAL: ("=", "+"), KEY_LEFTBRACE: ("[", "{"),
        KEY_RIGHTBRACE: ("]", "}"), KEY_SEMICOLON: (";", ":"), KEY_APOSTROPHE: ("'", '"'),
        KEY_GRAVE: ("`", "~"), KEY_BACKSLASH: ("\\", "|"), KEY_COMMA: (",", "<"),
        KEY_DOT: (".", ">"), KEY_SLASH: ("/", "?"), KEY_SPACE: (" ", " "),
        KEY_102ND: ("\\", "|"),
    })
    return keys


def _uk() -> dict[int, Level]:
    keys = _us()
    for ch, shifted in zip("1234567890", "!\"£$%^&*()", strict=True):
        keys[DIGIT_CODES[ch]] = (ch, shifted)
    keys.update({KEY_APOSTROPHE: ("'", "@"), KEY_BACKSLASH: ("#", "~"),
                 KEY_GRAVE: ("`", "¬"), KEY_102ND: ("\\", "|")})
    return keys


def _de() -> dict[int, Level]:
    keys = _us()
    for ch, shifted in zip("1234567890", "!\"§$%&/()=", strict=True):
        keys[DIGIT_CODES[ch]] = (ch, shifted)
    keys[LETTER_CODES["y"]], keys[LETTER_CODES["z"]] = ("z", "Z"), ("y", "Y")
    keys.update({
        KEY_MINUS: ("ß", "?"), KEY_EQUAL: ("´", "`"), KEY_LEFTBRACE: ("ü", "Ü"),
        KEY_RIGHTBRACE: ("+", "*"), KEY_SEMICOLON: ("ö", "Ö"), KEY_APOSTROPHE: ("ä", "Ä"),
        KEY_GRAVE: ("^", "°"), KEY_BACKSLASH: ("#", "'"), KEY_COMMA: (",", ";"),
        KEY_DOT: (".", ":"), KEY_SLASH: ("-", "_"), KEY_102ND: ("<", ">"),
    })
    return keys


def _fr() -> dict[int, Level]:
    keys = _us()
    for ch, plain in zip("1234567890", "&é\"'(-è_çà", strict=True):
        keys[DIGIT_CODES[ch]] = (plain, ch)
    swaps = {"q": "a", "a": "q", "w": "z", "z": "w"}
    for position, letter in swaps.items():
        keys[LETTER_CODES[position]] = (letter, letter.upper())
    keys.update({
        KEY_MINUS: (")", "°"), KEY_EQUAL: ("=", "+"), KEY_LEFTBRACE: ("^", "¨"),
        KEY_RIGHTBRACE: ("$", "£"), KEY_SEMICOLON: ("m", "M"), KEY_APOSTROPHE: ("ù", "%"),
        KEY_GRAVE: ("²", "²"), KEY_BACKSLASH: ("*", "µ"), LETTER_CODES["m"]: (",", "?"),
        KEY_COMMA: (";", "."), KEY_DOT: (":", "/"), KEY_SLASH: ("!", "§"),
        KEY_102ND: ("<", ">"),
    })
    return keys


# Third level (AltGr) for the characters a barcode may carry.
_ALTGR: dict[str, dict[int, str]] = {
    "us": {},
    "uk": {DIGIT_CODES["4"]: "€"},
    "de": {
        DIGIT_CODES["2"]: "²", DIGIT_CODES["3"]: "³", DIGIT_CODES["7"]: "{",
        DIGIT_CODES["8"]: "[", DIGIT_CODES["9"]: "]", DIGIT_CODES["0"]: "}",
        KEY_MINUS: "\\", LETTER_CODES["q"]: "@", LETTER_CODES["e"]: "€",
        KEY_RIGHTBRACE: "~", KEY_102ND: "|",
    },
    "fr": {
        DIGIT_CODES["2"]: "~", DIGIT_CODES["3"]: "#", DIGIT_CODES["4"]: "{",
        DIGIT_CODES["5"]: "[", DIGIT_CODES["6"]: "|", DIGIT_CODES["7"]: "`",
        DIGIT_CODES["8"]: "\\", DIGIT_CODES["9"]: "^", DIGIT_CODES["0"]: "@",
        KEY_MINUS: "]", KEY_EQUAL: "}", LETTER_CODES["e"]: "€",
    },
}

_LAYOUTS: dict[str, dict[int, Level]] = {"us": _us(), "uk": _uk(), "de": _de(), "fr": _fr()}
LAYOUTS: tuple[str, ...] = tuple(_LAYOUTS)


class Keymap:
    """One keyboard layout: turns a key code plus modifier state into a character."""

    def __init__(self, name: str = "us") -> None:
        if name not in _LAYOUTS:
            raise ValueError(f"unknown keymap {name!r} (known: {', '.join(LAYOUTS)})")
        self.name = name
        self._keys = _LAYOUTS[name]
        self._altgr = _ALTGR[name]

    def char(self, code: int, *, shift: bool = False, caps: bool = False,
             altgr: bool = False) -> str | None:
        """The character a key gives, or None for keys that give none (Ctrl, F1, ...).

        Caps Lock flips Shift only for letter keys (where the shifted level is the
        upper case of the plain one), as a Linux keyboard does.
        """
        if code in _KEYPAD:
            return _KEYPAD[code]
        if altgr:
            return self._altgr.get(code)
        level = self._keys.get(code)
        if level is None:
            return None
        plain, shifted = level
        if caps and plain.isalpha() and shifted == plain.upper() and shifted != plain:
            shift = not shift
        return shifted if shift else plain

    def codes_for(self, text: str) -> list[tuple[int, bool]]:
        """The (key code, shift) presses that type this text; ValueError for a missing one.

        Used to record test streams and by `devices scan-test --simulate`.
        """
        reverse: dict[str, tuple[int, bool]] = {}
        for code, (plain, shifted) in self._keys.items():
            reverse.setdefault(shifted, (code, True))
            reverse[plain] = (code, False)
        presses = []
        for ch in text:
            if ch not in reverse:
                raise ValueError(f"keymap {self.name} cannot type {ch!r}")
            presses.append(reverse[ch])
        return presses
