"""Provides the in-process measurements: lookup, scan, search, sale completion, TUI scan."""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path
from typing import Any

from termpos.bench.dataset import barcode_for
from termpos.bench.stats import Figure, percentile
from termpos.services.runtime import Runtime


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def lookup_us(rt: Runtime, products: int, n: int, seed: int = 3) -> list[float]:
    """Microseconds per barcode lookup through termpos's resolve()."""
    from termpos.services.basket import resolve

    rng = random.Random(seed)
    codes = [barcode_for(rng.randint(1, products)) for _ in range(n)]
    out = []
    for code in codes:
        t = time.perf_counter()
        resolve(rt, code)
        out.append((time.perf_counter() - t) * 1e6)
    return out


def scan_ms(rt: Runtime, user: object, products: int, n: int) -> list[float]:
    """Milliseconds to add a scanned line (lookup + persist) to an open basket."""
    from termpos.services.basket import cancel_basket, scan, start_basket
    from termpos.services.users import UserInfo

    assert isinstance(user, UserInfo)
    rng = random.Random(5)
    cart = start_basket(rt, user)
    out = []
    for i in range(n):
        code = barcode_for(rng.randint(1, products))
        t = time.perf_counter()
        scan(rt, cart.id, code)
        out.append(_ms(t))
        if i % 20 == 19:
            cancel_basket(rt, cart.id, user, approver=None, reason="bench")
            cart = start_basket(rt, user)
    cancel_basket(rt, cart.id, user, approver=None, reason="bench")
    return out


def search_ms(rt: Runtime, queries: list[str], rounds: int) -> list[float]:
    """Milliseconds per search (search_products, as the till's F2), over the given queries."""
    from termpos.services.search import search_products

    out = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            search_products(rt, q)
            out.append(_ms(t))
    return out


def sale_ms(rt: Runtime, user: object, products: int, n: int) -> list[float]:
    """Milliseconds to complete a 3-line cash sale (one transaction, synchronous=FULL)."""
    from termpos.core.tenders import TenderInput
    from termpos.services.basket import scan, start_basket
    from termpos.services.checkout import complete_sale, quote
    from termpos.services.users import UserInfo

    assert isinstance(user, UserInfo)
    rng = random.Random(9)
    out = []
    for _ in range(n):
        cart = start_basket(rt, user)
        for _ in range(3):
            scan(rt, cart.id, barcode_for(rng.randint(1, products)))
        totals, _settled = quote(rt, cart.id)
        tenders = [TenderInput("cash", totals.total + 10_000)]
        t = time.perf_counter()
        complete_sale(rt, cart.id, user, tenders)
        out.append(_ms(t))
    return out


def tui_scan_ms(rt: Runtime, user: object, products: int, n: int) -> list[float]:
    """Milliseconds from a BarcodeScanned message to the line shown in the basket table."""
    return asyncio.run(_tui_scan(rt, user, products, n))


async def _tui_scan(rt: Runtime, user: object, products: int, n: int) -> list[float]:
    """Each sample ends at the first frame drawn after the line is in the table.

    Frames are caught at App._display, where Textual hands each screen update to the
    terminal (headless here, so the update is rendered to terminal text by this hook, as
    the driver would). Pilot.pause() is not timed: it waits for CPU idleness in 20 ms
    sleeps, which measured the wait and not the till.
    """
    from textual.widgets import DataTable

    from termpos.app import make_app
    from termpos.screens.sale import SaleScreen
    from termpos.services.users import UserInfo
    from termpos.widgets.messages import BarcodeScanned

    assert isinstance(user, UserInfo)
    app = make_app(rt)
    frames: list[float] = []
    display = app._display

    def drawn(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)  # the terminal text the driver would write
            frames.append(time.perf_counter())
        display(screen, renderable)

    app._display = drawn  # type: ignore[method-assign]
    rng = random.Random(13)
    out: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.session.user = user
        app.session.refresh_shift()
        screen = SaleScreen(app.session)
        await app.push_screen(screen)
        await pilot.pause()
        table = screen.query_one("#basket", DataTable)
        for i in range(n):
            before = table.row_count
            t = time.perf_counter()
            screen.post_message(BarcodeScanned(barcode_for(rng.randint(1, products)), "bench"))
            while table.row_count == before:
                await asyncio.sleep(0)
            added = time.perf_counter()
            while not frames or frames[-1] < added:
                await asyncio.sleep(0.001)
            out.append((frames[-1] - t) * 1000)
            await pilot.pause()  # between scans, not timed
            if i % 20 == 19:  # a new basket every 20 lines, like a long real one
                from termpos.services.basket import cancel_basket

                assert app.session.basket_id is not None
                cancel_basket(rt, app.session.basket_id, user, reason="bench")
                screen.new_basket("bench")
                await pilot.pause()
    return out


def figure_pcts(name: str, samples: list[float], unit: str, budget: str = "",
                pcts: tuple[int, ...] = (50, 99)) -> list[Figure]:
    """Figures for chosen percentiles of one sample set (one 'run' each)."""
    return [Figure(f"{name} p{p}", unit, [percentile(samples, p)], budget if p == pcts[-1]
                   else "") for p in pcts]


def work_copy(src: Path, dest: Path) -> Path:
    """Copies the cached store so that writes never touch the cache."""
    import shutil

    for suffix in ("", "-wal", "-shm"):
        Path(str(dest) + suffix).unlink(missing_ok=True)
    shutil.copyfile(src, dest)
    return dest
