"""Provides terminal/printer text width: CJK characters take two columns, accents none."""

from __future__ import annotations

import unicodedata


def char_width(ch: str) -> int:
    """Columns one character takes on a receipt: 2 for wide CJK, 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Columns a string takes."""
    return sum(char_width(ch) for ch in text)


def truncate(text: str, width: int) -> str:
    """Cuts text to at most width columns without splitting a wide character."""
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out)


def pad(text: str, width: int, align: str = "left") -> str:
    """Pads (or cuts) text to exactly width columns: left, right or center."""
    text = truncate(text, width)
    gap = width - text_width(text)
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def wrap(text: str, width: int) -> list[str]:
    """Wraps text to width columns at spaces, or anywhere between wide characters."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line, used = "", 0
        for word in _words(para):
            w = text_width(word)
            if used and used + w > width:
                lines.append(line.rstrip())
                line, used = "", 0
                word = word.lstrip()
                w = text_width(word)
            while w > width:  # a word longer than the line: hard split
                head = truncate(word, width)
                lines.append(head)
                word = word[len(head):]
                w = text_width(word)
            line += word
            used += w
        lines.append(line.rstrip())
    return lines


def _words(text: str) -> list[str]:
    """Splits into words (with their leading space); each wide character is its own word."""
    words: list[str] = []
    current = ""
    for ch in text:
        if ch == " " or char_width(ch) == 2:
            if current:
                words.append(current)
            current = ch
            if char_width(ch) == 2:
                words.append(current)
                current = ""
        else:
            current += ch
    if current:
        words.append(current)
    return words


def two_columns(left: str, right: str, width: int) -> list[str]:
    """Left text and a right-aligned value on one line, or on two when they do not fit."""
    room = width - text_width(right) - 1
    if text_width(left) <= room:
        return [left + " " * (width - text_width(left) - text_width(right)) + right]
    lines = wrap(left, width)
    last = lines[-1]
    if text_width(last) <= room:
        lines[-1] = last + " " * (width - text_width(last) - text_width(right)) + right
    else:
        lines.append(pad(right, width, "right"))
    return lines
