"""Provides BasketTable: the basket's lines in columns that line up with CJK names."""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import DataTable

from termpos.core.i18n import _
from termpos.widgets.cells import fit

NAME_CELLS = 34


@dataclass(frozen=True)
class Row:
    """One basket line as text: the screen formats quantities and amounts."""

    key: str
    name: str
    qty: str
    price: str
    amount: str


class BasketTable(DataTable[str]):
    """The basket; never focused (the entry line keeps the keys), the cursor moves by key."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.can_focus = False

    def on_mount(self) -> None:
        self.add_column("#", width=3, key="seq")
        self.add_column(_("Item"), width=NAME_CELLS, key="name")
        self.add_column(_("Qty"), width=7, key="qty")
        self.add_column(_("Price"), width=9, key="price")
        self.add_column(_("Amount"), width=10, key="amount")

    def show(self, rows: list[Row], select_last: bool = False) -> None:
        """Replaces the rows, keeping the cursor where it was (or on the last row)."""
        cursor = self.cursor_row
        self.clear()
        for n, row in enumerate(rows, 1):
            self.add_row(str(n), fit(row.name, NAME_CELLS), f"{row.qty:>7}", f"{row.price:>9}",
                         f"{row.amount:>10}", key=row.key)
        if rows:
            last = len(rows) - 1
            self.move_cursor(row=last if select_last else min(cursor, last))

    def step(self, delta: int) -> None:
        """Moves the cursor up or down."""
        self.move_cursor(row=max(0, self.cursor_row + delta))
