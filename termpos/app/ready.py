"""Provides announce_ready(): tells a benchmark or test harness that the first screen is ready.

Only active when TERMPOS_READY_FILE is set; writes the time and optionally exits the app.
"""

from __future__ import annotations

import os
import time
from typing import Any

from textual.app import App


def announce_ready(app: App[Any]) -> None:
    """Writes the ready time to TERMPOS_READY_FILE and exits if TERMPOS_EXIT_WHEN_READY."""
    path = os.environ.get("TERMPOS_READY_FILE")
    if not path:
        return
    with open(path, "w", encoding="ascii") as fh:
        fh.write(repr(time.time()))
    if os.environ.get("TERMPOS_EXIT_WHEN_READY"):
        app.exit()
