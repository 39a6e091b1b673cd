"""Provides the messages the till's widgets and devices send up to the screens."""

from __future__ import annotations

from textual.message import Message


class BarcodeScanned(Message):
    """A barcode arrived: from the scanner device ("scanner") or typed fast ("wedge")."""

    def __init__(self, code: str, source: str) -> None:
        super().__init__()
        self.code = code
        self.source = source
