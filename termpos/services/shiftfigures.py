"""Provides a shift's figures computed from its documents by SQL sums, and report building.

Only documents count: the sale rows of the shift (with their tenders and tax rows) and its
cash movements. The arithmetic that combines the sums lives in termpos.core.shiftreport.
"""

from __future__ import annotations

import json
from typing import Any

from peewee import fn

from termpos.core.shiftreport import (
    DocSums,
    MoveSum,
    ShiftFigures,
    ShiftReport,
    TaxSum,
    TenderSum,
    shift_figures,
)
from termpos.models import CashMovement, Sale, SaleTax, Shift, Tender, User, ZReport


def _int(value: Any) -> int:
    """A SUM as an int (PostgreSQL returns Decimal for BIGINT sums, NULL for none)."""
    return int(value or 0)


DOC_KINDS = ("sale", "refund")


def _rows(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as plain tuples."""
    return list(query.tuples())


def figures_for(shift: Shift) -> ShiftFigures:
    """The figures of one shift, from its sale, tender, tax and cash movement rows."""
    of_shift = (Sale.shift == shift.id) & Sale.kind.in_(DOC_KINDS)
    docs = [
        DocSums(str(kind), _int(n), _int(total), _int(disc), _int(tax), _int(rnd), _int(chg))
        for kind, n, total, disc, tax, rnd, chg in _rows(Sale.select(
            Sale.kind, fn.COUNT(Sale.id), fn.SUM(Sale.total), fn.SUM(Sale.discount_total),
            fn.SUM(Sale.tax_total), fn.SUM(Sale.rounding), fn.SUM(Sale.change),
        ).where(of_shift).group_by(Sale.kind))
    ]
    tenders = [
        TenderSum(str(doc_kind), str(kind), _int(amount))
        for doc_kind, kind, amount in _rows(
            Tender.select(Sale.kind, Tender.kind, fn.SUM(Tender.amount))
            .join(Sale).where(of_shift).group_by(Sale.kind, Tender.kind))
    ]
    taxes = [
        TaxSum(str(doc_kind), str(code), int(rate), _int(net), _int(tax))
        for doc_kind, code, rate, net, tax in _rows(SaleTax.select(
            Sale.kind, SaleTax.tax_class, SaleTax.rate_ppm, fn.SUM(SaleTax.net),
            fn.SUM(SaleTax.tax),
        ).join(Sale).where(of_shift)
        .group_by(Sale.kind, SaleTax.tax_class, SaleTax.rate_ppm))
    ]
    moves = [
        MoveSum(str(kind), _int(n), _int(amount))
        for kind, n, amount in _rows(CashMovement.select(
            CashMovement.kind, fn.COUNT(CashMovement.id), fn.SUM(CashMovement.amount),
        ).where(CashMovement.shift == shift.id).group_by(CashMovement.kind))
    ]
    return shift_figures(int(shift.opening_float), docs, tenders, taxes, moves)


def previous_grand(till: str) -> tuple[int, int]:
    """Running (sales, refunds) of a till up to its last Z, (0, 0) before the first."""
    last = ZReport.select().where(ZReport.till == till).order_by(ZReport.number.desc()).first()
    if last is None:
        return 0, 0
    data = json.loads(last.payload)
    return int(data["grand_sales"]), int(data["grand_refunds"])


def user_name(user: User | None) -> str:
    """The name of a user row (a foreign key), or "" for none."""
    return "" if user is None else str(user.name)


def _stamp(value: object) -> str:
    """A stored timestamp as "YYYY-MM-DD HH:MM:SS"."""
    return str(value)[:19]


def build_report(shift: Shift, kind: str, printed_at: object, *, number: int = 0,
                 closed_by: str = "", counted_cash: int | None = None,
                 denominations: tuple[tuple[int, int], ...] = ()) -> ShiftReport:
    """An X or Z report of a shift as of now, with the till's running grand totals."""
    figures = figures_for(shift)
    sales, refunds = previous_grand(str(shift.till))
    return ShiftReport(
        kind=kind, number=number, till=str(shift.till), shift_id=int(shift.id),
        opened_at=_stamp(shift.opened_at), opened_by=user_name(shift.opened_by),
        figures=figures, printed_at=_stamp(printed_at), closed_by=closed_by,
        counted_cash=counted_cash, denominations=denominations,
        grand_sales=sales + figures.sales_total, grand_refunds=refunds + figures.refunds_total,
    )
