"""Provides gettext translation of user-facing text: _(), N_(), render() and set_language().

The catalogues are termpos/locale/<lang>/LC_MESSAGES/termpos.mo, built from the .po files
by scripts/compile-translations. The language is Settings.language ("en" or "zh_TW").
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "termpos"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES: tuple[str, ...] = ("en", "zh_TW")

_state: dict[str, gettext.NullTranslations | str] = {
    "translation": gettext.NullTranslations(),
    "language": "en",
}


def set_language(language: str) -> None:
    """Switches all later _() calls to a language; unknown languages fall back to English."""
    _state["translation"] = gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[language], fallback=True
    )
    _state["language"] = language


def language() -> str:
    """The language set last."""
    return str(_state["language"])


def _(message: str) -> str:
    """Translates a message into the current language."""
    translation = _state["translation"]
    assert isinstance(translation, gettext.NullTranslations)
    return translation.gettext(message)


def render(template: str, params: dict[str, object]) -> str:
    """Translates a message template and fills in its params (str.format, `{code!r}` too).

    Without params the text is not formatted; a translation that does not fit its params
    falls back to the English template rather than hiding the message.
    """
    text = _(template)
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return template.format(**params)


def N_(message: str) -> str:
    """Marks a message for translation where it is defined; _() translates it when shown."""
    return message


class Phrase:
    """A message marked with N_() that translates itself when formatted into another message."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return _(self.message)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)
