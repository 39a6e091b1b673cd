"""Snapshot tests of the till's screens at 80x24 with a fixed clock (pytest-textual-snapshot).

Update after an intended change with `pytest tests/test_till_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from termpos.app import TillApp
from termpos.services.runtime import Runtime
from tests.tillkit import (
    burst,
    login_and_open,
    till,
)

SnapCompare = Callable[..., bool]


@pytest.fixture
def app(store: Runtime) -> TillApp:
    return till(store)


async def _with_lines(pilot: Pilot[Any]) -> None:
    await login_and_open(pilot)
    for code in ("4710000000011", "4710000000028", "4710000000059", "4710000000042"):
        await burst(pilot, code, enter=True)
    await burst(pilot, "2*")
    await burst(pilot, "4710000000011", enter=True)


def test_login(app: TillApp, snap_compare: SnapCompare) -> None:
    assert snap_compare(app, terminal_size=(80, 24))


def test_sale_with_chinese_lines(app: TillApp, snap_compare: SnapCompare) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=_with_lines)


def test_tender(app: TillApp, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _with_lines(pilot)
        await pilot.press("f10")
        await burst(pilot, "5")
        await pilot.press("f2")  # card 5.00, the rest still to pay

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_override_modal(app: TillApp, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _with_lines(pilot)
        await burst(pilot, "3")
        await pilot.press("f5")
        await burst(pilot, "manager")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_search_modal(app: TillApp, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await login_and_open(pilot)
        await pilot.press("f2")
        await burst(pilot, "茶")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_close_shift(app: TillApp, snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await login_and_open(pilot)
        await burst(pilot, "4710000000011", enter=True)
        await pilot.press("f10", "enter")  # a cash sale of 3.50
        await pilot.pause()
        await pilot.press("f11")
        await burst(pilot, "103", enter=True)  # counted blind: 0.50 short
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
