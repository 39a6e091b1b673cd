"""Provides the encoding guess for CSV files: BOMs, strict UTF-8, then the legacy encodings
shops really write (GB18030/GBK, Big5, Windows-1252) told apart by their byte patterns, then
charset-normalizer for the rest.
"""

from __future__ import annotations

import codecs

from termpos.core.errors import TermposError

_CANDIDATES = ["gb18030", "big5", "cp1252", "shift_jis", "euc_kr", "cp1251", "cp1250",
               "iso8859_15"]
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "ascii": "utf-8",
            "big5hkscs": "big5", "cp950": "big5", "latin_1": "cp1252", "iso8859_1": "cp1252"}
_CP1252_LETTERS = frozenset(
    [0x8A, 0x8C, 0x8E, 0x9A, 0x9C, 0x9E, 0x9F, 0xAA, 0xB5, 0xBA]
    + [b for b in range(0xC0, 0x100) if b not in (0xD7, 0xF7)])


class ImportFileError(TermposError):
    """The file cannot be read as CSV at all (exit 1); the message names file and line."""


def detect_encoding(sample: bytes, complete: bool) -> str:
    """Finds the encoding of a file from its first bytes."""
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(sample) >= 4 and sample[1:4:2] == b"\x00\x00" and sample[0] and sample[2]:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0:4:2] == b"\x00\x00" and sample[1] and sample[3]:
        return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    for guess in guess_legacy(sample):
        try:
            codecs.getincrementaldecoder(guess)().decode(sample, final=complete)
            return guess
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise ImportFileError("cannot tell the text encoding; give it with --encoding "
                              "(utf-8, gb18030, big5, cp1252, ...)")
    name = str(best.encoding).lower()
    return _ALIASES.get(name, name)


def guess_legacy(sample: bytes) -> list[str]:
    """Orders the legacy encodings by what the high bytes look like.

    Latin text has single high bytes between ASCII letters (`Cr\xe8me`); Chinese text has
    byte pairs. Big5 pairs often have a trail byte below 0x7F or a lead byte in 0xA4-0xAF
    (where its most common characters are); GB2312 pairs almost never do.
    """
    latin = cjk = pairs = big5_like = gbk_only = 0
    n, i = len(sample), 0
    while i < n:
        b = sample[i]
        if b < 0x80:
            i += 1
            continue
        prev = sample[i - 1] if i else 0
        nxt = sample[i + 1] if i + 1 < n else 0
        letter = b in _CP1252_LETTERS
        if letter and prev < 0x80 and nxt < 0x80:
            latin += 1
        if b >= 0x81 and nxt >= 0x40:
            pairs += 1
            if nxt >= 0x80 or not letter:
                cjk += 1
            if b <= 0xA0:
                gbk_only += 1  # lead bytes Big5 never uses
            if nxt < 0x7F or 0xA4 <= b <= 0xAF:
                big5_like += 1
            i += 2
        else:
            i += 1
    if latin > cjk:
        return ["cp1252"]
    if pairs and not gbk_only and big5_like * 100 > pairs * 15:
        return ["big5", "gb18030"]
    return ["gb18030", "big5"]
