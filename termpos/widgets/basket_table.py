"""Provides BasketTable: the basket's lines in columns that line up with CJK names."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
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
        self.shown: list[Row] = []

    def on_mount(self) -> None:
        self.add_column("#", width=3, key="seq")
        self.add_column(_("Item"), width=NAME_CELLS, key="name")
        # Numbers are right-aligned in their cells, so their headings are too.
        self.add_column(Text(_("Qty"), justify="right"), width=7, key="qty")
        self.add_column(Text(_("Price"), justify="right"), width=9, key="price")
        self.add_column(Text(_("Amount"), justify="right"), width=10, key="amount")

    def show(self, rows: list[Row], select_last: bool = False) -> None:
        """Shows these rows, keeping the cursor where it was (or on the last row).

        A scan only appends a line: then only the new row is added, so the rows already on
        screen keep their rendering (rebuilding them all is what makes a long basket slow).
        """
        cursor = self.cursor_row
        old = self.shown
        if len(rows) >= len(old) and [r.key for r in rows[: len(old)]] == [r.key for r in old]:
            for n, (was, now) in enumerate(zip(old, rows, strict=False), 1):
                if was != now:
                    for column, value in zip(("name", "qty", "price", "amount"),
                                             self.cells(n, now)[1:], strict=True):
                        self.update_cell(now.key, column, value)
            start = len(old)
        else:
            self.clear()
            start = 0
        for n, row in enumerate(rows[start:], start + 1):
            self.add_row(*self.cells(n, row), key=row.key)
        self.shown = list(rows)
        if rows:
            last = len(rows) - 1
            self.move_cursor(row=last if select_last else min(cursor, last))

    @staticmethod
    def cells(n: int, row: Row) -> tuple[str, str, str, str, str]:
        """The texts of one row's cells, padded so that columns line up."""
        return (str(n), fit(row.name, NAME_CELLS), f"{row.qty:>7}", f"{row.price:>9}",
                f"{row.amount:>10}")

    def step(self, delta: int) -> None:
        """Moves the cursor up or down."""
        self.move_cursor(row=max(0, self.cursor_row + delta))
