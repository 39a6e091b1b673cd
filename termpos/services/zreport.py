"""Provides X and Z reports: the open shift's X at any time, any past Z by number, as text.

Z reports are read back exactly as they were stored when the shift closed; an X report is
computed from the documents now and changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from termpos.core.errors import NotFound, Refused
from termpos.core.reportlines import report_lines
from termpos.core.shiftreport import ShiftReport
from termpos.models import PrintJob, ZReport
from termpos.services.runtime import Runtime
from termpos.services.shiftfigures import build_report
from termpos.services.shifts import current_shift
from termpos.store.tx import write_transaction


def x_report(rt: Runtime) -> ShiftReport:
    """The X report of this till's open shift (a reading, not a close)."""
    shift = current_shift(rt)
    if shift is None:
        raise Refused("till {till} has no open shift: nothing to report", till=rt.till)
    return build_report(shift, "X", rt.clock.now().replace(microsecond=0))


def z_report(rt: Runtime, number: int | None = None, till: str | None = None) -> ShiftReport:
    """A stored Z report of a till by number, or its latest when no number is given."""
    till = till or rt.till
    query = ZReport.select().where(ZReport.till == till)
    row = (query.where(ZReport.number == number).first() if number is not None
           else query.order_by(ZReport.number.desc()).first())
    if row is None:
        if number is None:
            raise NotFound("till {till} has no Z report yet", till=till)
        raise NotFound("till {till} has no Z report number {number}", till=till, number=number)
    return ShiftReport.from_dict(json.loads(row.payload))


@dataclass(frozen=True)
class ZSummary:
    """One line of the list of Z reports."""

    number: int
    till: str
    closed_at: str
    net_total: int
    grand_total: int


def list_z(rt: Runtime, till: str | None = None, limit: int = 100) -> list[ZSummary]:
    """The latest Z reports of a till, newest first."""
    out = []
    rows = (ZReport.select().where(ZReport.till == (till or rt.till))
            .order_by(ZReport.number.desc()).limit(limit))
    for row in rows:
        data = json.loads(row.payload)
        f = data["figures"]
        out.append(ZSummary(int(row.number), str(row.till), str(row.created_at)[:19],
                            int(f["sales_total"]) - int(f["refunds_total"]),
                            int(row.grand_total)))
    return out


def report_text(rt: Runtime, report: ShiftReport, width: int | None = None) -> list[str]:
    """The report as printable lines for the receipt printer (its column width by default)."""
    s = rt.settings
    return report_lines(report, width or s.printer.columns, s.currency_exponent,
                        s.currency_symbol)


def queue_report_print(rt: Runtime, report: ShiftReport) -> int:
    """Queues the report on the print spool (kind "report", payload {"title", "lines"}).

    Returns the print job id; the printer service prints it like a receipt, after commit.
    """
    lines = report_text(rt, report)
    title = "X" if report.kind == "X" else f"Z {report.number}"
    now = rt.clock.now().replace(microsecond=0)
    with write_transaction(rt.db):
        job = PrintJob.create(kind="report", till=rt.till, created_at=now, updated_at=now,
                              payload=json.dumps({"title": title, "lines": lines},
                                                 ensure_ascii=False))
    return int(job.id)
