"""Provides the printer connection string: none, serial:PATH, usb:VID:PID, tcp:HOST:PORT, file:PATH.

Parsed here, in core, so the config check and the printer read it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMS = "none, serial:/dev/ttyUSB0, usb:VID:PID, tcp:HOST:PORT or file:PATH"


@dataclass(frozen=True)
class Connection:
    """A parsed printer connection string."""

    kind: str  # none | serial | usb | tcp | file
    target: str = ""
    port: int = 0
    vendor: int = 0
    product: int = 0

    def __str__(self) -> str:
        if self.kind == "usb":
            return f"usb:{self.vendor:04x}:{self.product:04x}"
        if self.kind == "tcp":
            return f"tcp:{self.target}:{self.port}"
        return self.kind if self.kind == "none" else f"{self.kind}:{self.target}"


def parse_connection(text: str) -> Connection:
    """Reads a connection string; ValueError with the accepted forms when it is wrong."""
    kind, _, rest = text.strip().partition(":")
    try:
        if kind == "none" and not rest:
            return Connection("none")
        if kind in ("serial", "file") and rest:
            return Connection(kind, rest)
        if kind == "usb":
            vid, pid = rest.split(":")
            return Connection("usb", vendor=int(vid, 16), product=int(pid, 16))
        if kind == "tcp":
            host, _, port = rest.rpartition(":")
            if host and 0 < int(port) < 65536:
                return Connection("tcp", host.strip("[]"), int(port))
    except ValueError:
        pass
    raise ValueError(f"printer connection {text!r}: expected {FORMS}")
