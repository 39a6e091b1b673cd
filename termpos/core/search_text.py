"""Provides the text a product is indexed under and the FTS5 query for what the cashier types.

Chinese has no spaces between words, so every CJK character is indexed as a word of its own
(the unicode61 tokenizer then splits on them) and a CJK run in the query becomes a phrase of
consecutive characters: 茶 (one character) and 珍珠 (two) match inside 珍珠奶茶, which a
trigram index cannot do below three characters. Latin words are prefix queries.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def is_cjk(ch: str) -> bool:
    """Tells whether a character is a CJK ideograph, kana or hangul syllable."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3FFFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x3040 <= cp <= 0x30FF
        or 0xAC00 <= cp <= 0xD7AF
    )


class _Spacing(dict[int, str]):
    """str.translate's table for spaced(): each character as it is, or spaced if CJK; filled
    as characters are met, so a name is translated in C (5x a regex substitution)."""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        out = f" {ch} " if is_cjk(ch) else ch
        self[cp] = out
        return out


_SPACING = _Spacing()


def spaced(text: str) -> str:
    """Puts a space either side of every CJK character so each is a token of its own."""
    if text.isascii():
        return text
    return text.translate(_SPACING)


def search_text(code: str, barcode: str | None, name: str) -> str:
    """The text migration 0002 indexed a product under: code, barcode and spaced name (0012
    indexes the spaced name alone)."""
    return " ".join(part for part in (code, barcode or "", spaced(name)) if part)


def terms(query: str) -> list[tuple[str, str]]:
    """Splits a query into ("cjk", run) and ("word", word) terms, in order."""
    out: list[tuple[str, str]] = []
    for token in _WORD.findall(query):
        run = ""
        word = ""
        for ch in token:
            if is_cjk(ch):
                if word:
                    out.append(("word", word))
                    word = ""
                run += ch
            else:
                if run:
                    out.append(("cjk", run))
                    run = ""
                word += ch
        if run:
            out.append(("cjk", run))
        if word:
            out.append(("word", word))
    return out


def fts_query(query: str) -> str:
    """The FTS5 MATCH expression: CJK runs as phrases, other words as prefixes, all ANDed."""
    parts = []
    for kind, text in terms(query):
        if kind == "cjk":
            parts.append('"' + " ".join(text) + '"')
        else:
            parts.append(f'"{text}"*')
    return " ".join(parts)
