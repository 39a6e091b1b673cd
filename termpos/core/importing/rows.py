"""Provides Problem and Skipped (what a row can turn into besides a record) and cell plans."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from termpos.core.importing.mapping import Mapping
from termpos.core.importing.values import ValueProblem


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a row (or the file) cannot be imported: line, column header and reason."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        if self.column:
            where += f", column {self.column.strip()!r}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row that is read correctly but is not a product to sell (a parent, an image row)."""

    line: int
    reason: str


Parser = Callable[[str], Any]
Step = tuple[str, int, Parser, str, dict[str, Any] | None]
# Fields whose values repeat from row to row: their parsed values are memoised.
REPEATING = frozenset({"category", "supplier", "tax_class", "tax_rate", "unit", "weighed",
                       "active", "archived", "reorder_level", "type", "group", "parent",
                       "option1", "option2", "option3", "price", "cost", "on_hand",
                       "consent", "variant_name"})
MEMO_SIZE = 4096
_MISS = object()


def make_plan(mapping: Mapping, parsers: dict[str, Parser]) -> list[Step]:
    """The (field, column index, parser, header, memo) steps that read one row."""
    plan: list[Step] = []
    for name, idx in mapping.index.items():
        parser = parsers.get(name)
        if parser is not None:
            memo: dict[str, Any] | None = {} if name in REPEATING else None
            plan.append((name, idx, parser, mapping.columns[idx].header, memo))
    return plan


def read_cells(
    line: int, cells: list[str], width: int, plan: list[Step],
) -> tuple[dict[str, Any], list[Problem]]:
    """Runs the plan over one row: field values (missing ones left out) and problems."""
    problems: list[Problem] = []
    if len(cells) > width:
        if any(c.strip() for c in cells[width:]):
            problems.append(Problem(line, "", f"{len(cells)} cells but the header has {width} "
                                    "(an unquoted delimiter inside a cell?)"))
            return {}, problems
    elif len(cells) < width:
        cells = cells + [""] * (width - len(cells))
    values: dict[str, Any] = {}
    for name, idx, parser, header, memo in plan:
        cell = cells[idx]
        if not cell:
            continue
        if memo is not None:
            value = memo.get(cell, _MISS)
            if value is not _MISS:  # the usual case for a repeating field
                if value is not None:
                    values[name] = value
                continue
        try:
            value = parser(cell)
        except ValueProblem as exc:
            problems.append(Problem(line, header, str(exc)))
            continue
        if memo is not None and len(memo) < MEMO_SIZE:
            memo[cell] = value
        if value is not None:
            values[name] = value
    return values, problems
