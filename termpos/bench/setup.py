"""Provides the benchmark's runtime: the work store opened like the till, with real users."""

from __future__ import annotations

from pathlib import Path

from termpos.core.config import Settings
from termpos.services.runtime import Runtime, open_runtime
from termpos.services.users import UserInfo


def bench_runtime(work: Path) -> tuple[Runtime, UserInfo]:
    """Opens the work store, gives it a pepper, a manager and an open shift on till T9."""
    import dataclasses
    import os

    from termpos.services.shifts import current_shift, open_shift
    from termpos.services.users import create_user, ensure_pepper, to_info
    from termpos.services.users import get_user as user_row

    pepper = Path(str(work) + ".pepper")
    ensure_pepper(pepper)
    os.environ["TERMPOS_PEPPER_FILE"] = str(pepper)
    settings = dataclasses.replace(Settings(), till_id="T9")
    rt = open_runtime(settings, str(work))
    try:
        user = to_info(user_row("bench"))
    except Exception:
        user = create_user(rt, "bench", "manager", "2468")
    if current_shift(rt) is None:
        open_shift(rt, user.id, 10_000)
    return rt, user
