"""Provides the text a product is indexed under and the FTS5 query for what the cashier types.

Chinese has no spaces between words, so every CJK character is indexed as a word of its own
(the unicode61 tokenizer then splits on them) and a CJK run in the query becomes a phrase of
consecutive characters: 茶 (one character) and 珍珠 (two) match inside 珍珠奶茶, which a
trigram index cannot do below three characters. Latin words are prefix queries.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# The same ranges as is_cjk(), for spacing a whole name in one pass (the import's hot path).
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
                  "\U00020000-\U0003ffff]")


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


def spaced(text: str) -> str:
    """Puts a space either side of every CJK character so each is a token of its own."""
    if text.isascii():
        return text
    return _CJK.sub(r" \g<0> ", text)


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
