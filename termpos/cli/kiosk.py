"""Provides `termpos kiosk`: customers' self-registration screen (Textual imported here only)."""

from __future__ import annotations

from termpos.cli.common import GLOBALS


def kiosk() -> None:
    """Run the customer-facing self-registration screen (a second terminal facing customers)."""
    rt = GLOBALS.runtime()
    from termpos.app.kiosk import make_kiosk

    make_kiosk(rt).run()
