"""Provides load_escpos(): python-escpos imported safely, once, only when printing.

python-escpos 3.1 calls logging.basicConfig() on import (a stderr handler that would draw
over the TUI), re-parses its capabilities file unless ESCPOS_CAPABILITIES_PICKLE_DIR names
a cache, and prints to stdout. So: give the root logger a handler first, point the pickle
at termpos's cache folder, and swallow stdout while it imports.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import threading
from pathlib import Path
from types import ModuleType

_lock = threading.Lock()
_module: ModuleType | None = None


def cache_dir() -> Path:
    """termpos's cache folder for python-escpos's capabilities pickle."""
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "termpos" / "escpos"


def quiet_logging() -> None:
    """Makes logging.basicConfig() a no-op and keeps escpos's own log messages quiet."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())
    logging.getLogger("escpos").setLevel(logging.WARNING)


def load_escpos() -> ModuleType:
    """Imports escpos.printer with the traps above handled; returns the module."""
    global _module
    with _lock:
        if _module is not None:
            return _module
        quiet_logging()
        if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
            folder = cache_dir()
            try:
                folder.mkdir(parents=True, exist_ok=True)
                os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(folder)
            except OSError:
                pass  # escpos falls back to a temporary folder: slower, still works
        with contextlib.redirect_stdout(io.StringIO()):
            import escpos.printer as printer_module
        loaded: ModuleType = printer_module
        _module = loaded
        return loaded
