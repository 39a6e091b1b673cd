"""A zygote for the crash test: imports termpos once, then forks a seller per request.

Reads one line per request from stdin; for each it forks a child that opens the store and
completes sales in a tight loop until it is killed, prints the child's pid, waits for it and
prints "exit". The test SIGKILLs the child at a random moment.
"""

from __future__ import annotations

import os
import random
import sys

from termpos.core.config import Settings
from termpos.core.tenders import TenderInput
from termpos.models import Product, User
from termpos.services import basket, checkout
from termpos.services.runtime import open_runtime
from termpos.services.users import to_info


def sell_forever(db_path: str, seed: int) -> None:
    """Completes sales until killed, recovering the till's open basket each time."""
    rng = random.Random(seed)
    rt = open_runtime(Settings(cash_rounding_step=5), db_path)
    user = to_info(User.get(User.name == "cashier"))
    codes = [p.code for p in Product.select(Product.code).where(Product.weighed == False)]  # noqa: E712
    while True:
        cart = basket.open_basket(rt, user)  # after a kill: the same basket, as it was
        for _ in range(rng.randint(1, 3) - len(cart.lines)):
            basket.scan(rt, cart.id, rng.choice(codes), 1000 * rng.randint(1, 3))
        total = basket.get_basket(rt, cart.id).totals(rt.settings).total
        tenders = [TenderInput("cash", total + 5 + rng.randint(0, 500))]  # 5: cash rounding
        if rng.random() < 0.3:
            tenders = [TenderInput("card", total // 2, "AUTH9"),
                       TenderInput("cash", total - total // 2 + 5)]
        checkout.complete_sale(rt, cart.id, user, tenders)


def main() -> None:
    db_path = sys.argv[1]
    for n, _line in enumerate(sys.stdin):
        pid = os.fork()
        if pid == 0:
            try:
                sell_forever(db_path, n)
            finally:
                os._exit(3)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print("exit", status, flush=True)


if __name__ == "__main__":
    main()
