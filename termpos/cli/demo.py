"""Provides `termpos demo`: a realistic sale history through the same services as the till."""

from __future__ import annotations

from typing import Annotated

import typer

from termpos.cli.common import GLOBALS, out_console


def demo(
    sales: Annotated[int, typer.Option("--sales", min=1, help="How many sales to ring up.")],
    days: Annotated[int, typer.Option("--days", min=1, help="Spread over this many days.")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same history).")]
    = 11,
) -> None:
    """Generate a sale history: one shift and one Z report per day (the till must be closed)."""
    rt = GLOBALS.runtime()
    from termpos.services.demo_sales import generate_sales

    summary = generate_sales(rt, sales, days, seed)
    out_console.print(f"{summary.sales} sales ({summary.first} to {summary.last}), "
                      f"{summary.refunds} refunds")
    z = summary.z_numbers
    if z:
        out_console.print(f"{len(z)} days closed: Z {z[0]} to {z[-1]}")
