"""Provides the text a product is indexed under and the FTS5 query for what the cashier types.

Chinese has no spaces between words, so every CJK character is indexed as a word of its own
(the unicode61 tokenizer then splits on them) and a CJK run in the query becomes a phrase of
consecutive characters: 茶 (one character) and 珍珠 (two) match inside 珍珠奶茶, which a
trigram index cannot do below three characters. Latin words and codes are prefix queries.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CJK_RANGES = (
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0003ffff"  # CJK extensions B and later
)
_CJK = re.compile(f"([{_CJK_RANGES}])")


def is_cjk(ch: str) -> bool:
    """Tells whether a character is a CJK ideograph, kana or hangul syllable."""
    return _CJK.fullmatch(ch) is not None


def spaced(text: str) -> str:
    """Puts a space either side of every CJK character so each is a token of its own."""
    return _CJK.sub(r" \1 ", text)


def search_text(code: str, barcode: str | None, name: str) -> str:
    """The text a product is indexed under: its code, barcode and spaced name."""
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
