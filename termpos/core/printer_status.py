"""Provides the meaning of a printer's DLE EOT status bytes.

No reply is "unknown", never "ok": python-escpos's paper_status() reports paper when the
printer says nothing (python-escpos #370), and a printer out of paper keeps what it is sent
and prints it later. Each reply byte has bit 1 and bit 4 set and bits 0 and 7 clear.
"""

from __future__ import annotations

from dataclasses import dataclass

QUERIES = (1, 2, 4)  # printer, offline cause, paper roll sensor


@dataclass(frozen=True)
class PrinterState:
    """What the printer said: ok, paper out, cover open, offline, error, unknown, gone."""

    state: str
    detail: str = ""

    @property
    def ok(self) -> bool:
        """True only when the printer answered and reported no fault."""
        return self.state == "ok"

    def __str__(self) -> str:
        return self.state + (f" ({self.detail})" if self.detail else "")


def valid_reply(byte: int) -> bool:
    """A status byte has its fixed bits: bit 1 and 4 set, bit 0 and 7 clear."""
    return byte & 0x93 == 0x12


def decode_status(replies: dict[int, int | None]) -> PrinterState:
    """Reads the replies to DLE EOT 1, 2 and 4 (None where the printer did not answer)."""
    for n in QUERIES:
        byte = replies.get(n)
        if byte is None:
            return PrinterState("unknown", "no status reply")
        if not valid_reply(byte):
            return PrinterState("unknown", f"unexpected status byte 0x{byte:02x}")
    printer, offline, paper = replies[1] or 0, replies[2] or 0, replies[4] or 0
    if offline & 0x04:
        return PrinterState("cover open")
    if paper & 0x60 or offline & 0x20:
        return PrinterState("paper out")
    if offline & 0x40:
        return PrinterState("error", "the printer reports an error")
    if printer & 0x08:
        return PrinterState("offline")
    if paper & 0x0C:
        return PrinterState("ok", "paper low")
    return PrinterState("ok")
