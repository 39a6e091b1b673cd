"""Provides `termpos till`: starts the cashier's Textual app (imported only here)."""

from __future__ import annotations

from termpos.cli.common import GLOBALS


def run_till() -> None:
    """Opens the store and runs the till until the cashier quits."""
    rt = GLOBALS.runtime()
    from termpos.app import make_app

    make_app(rt).run()


def till() -> None:
    """Run the till (what a bare `termpos` does)."""
    run_till()
