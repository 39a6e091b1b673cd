"""Writes the recorded scanner streams in tests/data/ (run: python -m tests.make_scan_streams).

Each stream is what a USB HID scanner sends for a real key sequence: an MSC_SCAN event with
the HID usage before every key, the key down and up, a SYN report after each, Shift held
around shifted characters, and the terminator.
"""

from __future__ import annotations

from pathlib import Path

from termpos.core.scan_decoder import key_events
from tests.evdev_pipe import EV_MSC, MSC_SCAN, pack

DATA = Path(__file__).resolve().parent / "data"
HID_BASE = 0x70000

STREAMS: dict[str, tuple[str, list[str]]] = {
    # name: (layout, codes scanned one after another)
    "scan_us_ean13.events": ("us", ["4006381333931", "5901234123457"]),
    "scan_us_code128.events": ("us", ["ABC-123/x_y", "RET:T1-000042"]),
    "scan_uk_symbols.events": ("uk", ["A\"B@C#1£"]),
    "scan_de_qwertz.events": ("de", ["Yz-123_ÄÖÜß"]),
    "scan_fr_azerty.events": ("fr", ["0123456789", "AZQWM"]),
}


def with_msc(events: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Adds the MSC_SCAN event a HID keyboard sends before each key event."""
    out = []
    for t, ty, code, value in events:
        if ty == 1:
            out.append((t, EV_MSC, MSC_SCAN, HID_BASE + code))
        out.append((t, ty, code, value))
    return out


def stream(layout: str, codes: list[str]) -> bytes:
    """The bytes for a sequence of scans, 300 ms apart."""
    events = []
    t = 1_700_000_000_000_000
    for code in codes:
        part = key_events(code, layout, start_us=t)
        events += with_msc(part)
        t = part[-1][0] + 300_000
    return pack(events)


def main() -> None:
    DATA.mkdir(exist_ok=True)
    for name, (layout, codes) in STREAMS.items():
        (DATA / name).write_bytes(stream(layout, codes))


if __name__ == "__main__":
    main()
