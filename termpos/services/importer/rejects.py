"""Provides the rejects file: rejected rows written untouched, plus a reason column."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from termpos.core.errors import UsageError


class RejectsWriter:
    """Writes the header with a `reason` column, then each rejected row as it was read."""

    def __init__(self, path: Path, header: list[str], delimiter: str) -> None:
        self.path, self.count = path, 0
        try:
            self._file: TextIO = path.open("w", encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise UsageError(
                "--rejects {path}: cannot be written ({reason})",
                path=path, reason=exc.strerror,
            ) from None
        self._writer = csv.writer(self._file, delimiter=delimiter, lineterminator="\r\n")
        self._writer.writerow([*header, "reason"])

    def write(self, cells: list[str], reason: str) -> None:
        """Appends one rejected row with why it was rejected."""
        self._writer.writerow([*cells, reason])
        self.count += 1

    def close(self) -> None:
        """Closes the file."""
        self._file.close()
