"""Helpers for tests that run the real termpos command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_termpos(
    *args: str, env: dict[str, str] | None = None, input_text: str | None = None,
    cwd: Path | None = None, timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Runs `python -m termpos ARGS` in a subprocess and returns its result."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "termpos", *args],
        capture_output=True, text=True, env=full_env, input=input_text, cwd=cwd,
        timeout=timeout,
    )
