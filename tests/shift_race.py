"""A child process for the race test: opens and closes shifts on one till as fast as it can."""

from __future__ import annotations

import contextlib
import sys

from termpos.core import pins
from termpos.core.config import Settings
from termpos.core.errors import Refused
from termpos.services import cash, shifts
from termpos.services.runtime import open_runtime
from termpos.services.users import UserInfo


def main(db_url: str, rounds: int) -> None:
    pins._N = 2**6
    rt = open_runtime(Settings(), db_url)
    user = UserInfo(1, "boss", "admin", True, False)
    for _ in range(rounds):
        for step in (lambda: shifts.open_shift(rt, user, 1000),
                     lambda: cash.paid_in(rt, user, 100, "race"),
                     lambda: shifts.close_day(rt, user)):
            with contextlib.suppress(Refused):  # the other process got there first
                step()
    rt.db.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
