"""Provides open_table(): a CSV file streamed row by row with its line numbers.

Detects the encoding (encodings.py) and the delimiter (, ; tab |), skips Excel's `sep=` line
and title lines above the header, refuses spreadsheets renamed .csv, and hashes the bytes as
it reads them.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from termpos.core.errors import UsageError
from termpos.services.importer.encodings import ImportFileError, detect_encoding

__all__ = ["DELIMITERS", "ImportFileError", "Table", "detect_encoding", "open_table",
           "sniff_delimiter", "sniff_signature"]

SAMPLE_BYTES = 256 * 1024
DELIMITERS = (",", ";", "\t", "|")
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "an Excel .xlsx workbook (a zip file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel .xls workbook"),
    (b"%PDF", "a PDF document"),
)

csv.field_size_limit(1 << 20)


class _Hashing(io.RawIOBase):
    """A raw reader that hashes and counts every byte read through it."""

    def __init__(self, raw: Any) -> None:
        self.raw, self.sha256, self.count = raw, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = int(self.raw.readinto(buffer))
        if n:
            self.sha256.update(memoryview(buffer)[:n])
            self.count += n
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def sniff_signature(sample: bytes) -> str | None:
    """Names the kind of file when it is a spreadsheet or other binary, not text."""
    for magic, what in _SIGNATURES:
        if sample.startswith(magic):
            return what
    head = sample[:2048].lstrip().lower()
    if head.startswith(b"<?xml") and b"spreadsheet" in sample[:4096].lower():
        return "an Excel XML spreadsheet"
    if head.startswith((b"<html", b"<!doctype html", b"<table")):
        return "an HTML page (some systems save .xls files as HTML)"
    return None


def sniff_delimiter(text: str) -> str:
    """Picks the delimiter that splits the first rows into the same number of cells."""
    best, best_score = ",", (-1.0, 0)
    for delim in DELIMITERS:
        widths: list[int] = []
        try:
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
                widths.append(len(row))
                if len(widths) >= 30:
                    break
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        body = widths[1:-1] or widths[1:] or [widths[0]]
        same = sum(1 for w in body if w == widths[0]) / len(body)
        score = (same, widths[0])
        if score > best_score:
            best, best_score = delim, score
    return best


class Table:
    """An open CSV file: `header`, then `rows()` yields (line number, cells)."""

    def __init__(self, path: Path, encoding: str | None = None,
                 delimiter: str | None = None) -> None:
        self.path = path
        try:
            with path.open("rb") as f:
                sample = f.read(SAMPLE_BYTES)
                complete = not f.read(1)
            self.size = path.stat().st_size
        except OSError as exc:
            raise ImportFileError(
                "{path}: cannot be read ({reason})",
                path=path, reason=exc.strerror or exc,
            ) from None
        what = sniff_signature(sample)
        if what:
            raise ImportFileError(
                "{path}: this is {what}, not a CSV file; save it as CSV (UTF-8) in the "
                "spreadsheet and import that",
                path=path, what=what,
            )
        if encoding:
            try:
                encoding = codecs.lookup(encoding).name
            except LookupError:
                raise UsageError(
                    "--encoding {encoding!r}: unknown encoding",
                    encoding=encoding,
                ) from None
        try:
            self.encoding = encoding or detect_encoding(sample, complete)
        except ImportFileError as exc:
            raise ImportFileError("{path}: {error}", path=path, error=exc) from None
        if delimiter is not None and delimiter not in DELIMITERS + ("tab",):
            raise UsageError("--delimiter {delimiter!r}: use , ; tab or |", delimiter=delimiter)
        text = self._decode_sample(sample, complete)
        if "\x00" in text:
            raise ImportFileError(
                "{path}: contains NUL bytes: a binary file, or the wrong --encoding ({encoding})",
                path=path, encoding=self.encoding,
            )
        lines = text.count("\n")
        # rows in the file, from the sample's share of it (a big import plans with it)
        self.estimated_rows = lines if complete else self.size * lines // max(1, len(sample))
        excel_sep = text[4:5] if text[:4].lower() == "sep=" and text[5:6] in "\r\n" else ""
        self.delimiter = "\t" if delimiter == "tab" else (
            delimiter or excel_sep or sniff_delimiter(text))
        self._hashing = _Hashing(path.open("rb", buffering=0))
        self._text = io.TextIOWrapper(io.BufferedReader(self._hashing, 1 << 16),
                                      encoding=self.encoding, newline="")
        self._reader = csv.reader(self._text, delimiter=self.delimiter, strict=True)
        self.line = 0
        self.title_lines = 0
        header = self._next()
        # Excel's "sep=;" hint line and blank lines before the header are skipped.
        while header is not None and (not "".join(header[1]).strip() or (
                excel_sep and header[0] == 1 and header[1][0].lower().startswith("sep="))):
            header = self._next()
        if header is None:
            raise ImportFileError("{path}: the file is empty (no header row)", path=path)
        self._pending: list[tuple[int, list[str]]] = []
        header = self._skip_titles(header)
        self.header_line, self.header = header

    def _decode_sample(self, sample: bytes, complete: bool) -> str:
        """The first bytes as text (a cut multibyte character at the end is dropped)."""
        try:
            decoder = codecs.getincrementaldecoder(self.encoding)()
            return str(decoder.decode(sample, final=complete))
        except UnicodeDecodeError as exc:
            line = sample[: exc.start].count(b"\n") + 1
            raise ImportFileError(
                "{path}: line {line}: not valid {encoding} text; give the encoding with --encoding",
                path=self.path, line=line, encoding=self.encoding,
            ) from None

    def _next(self) -> tuple[int, list[str]] | None:
        """The next record and the line it starts on (None at the end)."""
        start = self._reader.line_num + 1
        try:
            row = next(self._reader)
        except StopIteration:
            return None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise self._failed(exc, start) from None
        return start, row

    def _failed(self, exc: Exception, start: int) -> ImportFileError:
        """What a record that cannot be read (from line ``start``) says to the user."""
        if isinstance(exc, UnicodeDecodeError):
            return ImportFileError(
                "{path}: after line {line}: not valid {encoding} text; give the encoding with "
                "--encoding",
                path=self.path, line=self._reader.line_num, encoding=self.encoding,
            )
        if "unexpected end of data" in str(exc):
            return ImportFileError(
                "{path}: line {start}: a quoted cell opened here is never closed (broken CSV)",
                path=self.path, start=start,
            )
        return ImportFileError(
            "{path}: line {line}: broken CSV ({error})",
            path=self.path, line=self._reader.line_num, error=exc,
        )

    def _skip_titles(self, first: tuple[int, list[str]]) -> tuple[int, list[str]]:
        """Skips title lines above the header (`Product export 2024`): a first row with one
        filled cell when one of the next rows has several."""
        def filled(row: list[str]) -> int:
            return sum(1 for c in row if c.strip())

        if filled(first[1]) > 1:
            return first
        ahead: list[tuple[int, list[str]]] = []
        while len(ahead) < 10:
            item = self._next()
            if item is None:
                break
            ahead.append(item)
            if filled(item[1]) > 1:
                self.title_lines = item[0] - first[0]
                return item
        self._pending = ahead
        return first

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Yields each record after the header with the line number it starts on."""
        while self._pending:
            yield self._pending.pop(0)
        reader = self._reader  # a plain loop: a million rows pay for no call per row
        start = reader.line_num + 1
        try:
            for row in reader:
                yield start, row
                start = reader.line_num + 1
        except (csv.Error, UnicodeDecodeError) as exc:
            raise self._failed(exc, start) from None

    @property
    def bytes_read(self) -> int:
        """How far the file has been read (for a progress bar)."""
        return self._hashing.count

    def sha256(self) -> str:
        """The SHA-256 of the whole file (reads what is left, so call it at the end)."""
        while self._hashing.read(1 << 16):
            pass
        return self._hashing.sha256.hexdigest()

    def close(self) -> None:
        """Closes the file."""
        self._text.close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_table(path: Path | str, encoding: str | None = None,
               delimiter: str | None = None) -> Table:
    """Opens a CSV file for streaming; raises ImportFileError with a one-line reason."""
    return Table(Path(path), encoding, delimiter)
