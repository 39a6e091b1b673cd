"""Provides the print spool: print_job rows, printing one job safely, reprints.

A job is written in the sale's own transaction (status pending) and printed after the commit
by the spool of the till that wrote it (a till without a printer writes it as skipped):
pending -> sent -> done, or failed when its payload cannot be printed at all. Before sending,
a serial printer is asked for its status: a fault or no reply leaves the job pending (counted
in attempts, the reason in last_error). After sending, a fault or no reply leaves it "sent":
the printer may still hold it (python-escpos #370), so it is never resent automatically —
`termpos printer retry --sent` or a reprint does that on a person's decision.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from termpos.core.errors import NotFound, Refused
from termpos.core.printer_status import PrinterState
from termpos.core.receipt import ReceiptData
from termpos.devices.printer import PrinterError, ReceiptPrinter
from termpos.models import PrintJob, Sale
from termpos.services import journal
from termpos.services.runtime import Runtime
from termpos.services.staff import authorize
from termpos.services.users import UserInfo
from termpos.store.tx import write_transaction

UNPRINTED = ("pending", "sent")
ANY_TILL = ""  # jobs queued before 0013 without a sale: any till's spool prints them


@dataclass(frozen=True)
class JobInfo:
    """A print job as the till and the CLI show it."""

    id: int
    kind: str
    status: str
    till: str
    attempts: int
    last_error: str
    created_at: str
    number: str  # the receipt number, "" for other kinds


@dataclass(frozen=True)
class JobResult:
    """What happened to one job: its new status and the printer's state."""

    job_id: int
    status: str
    printer: PrinterState

    @property
    def fault(self) -> bool:
        """True when the printer stopped the queue (the job stays pending or sent)."""
        return self.status != "done" and self.status != "failed"


def enqueue(rt: Runtime, kind: str, payload: str, sale_id: int | None = None) -> int:
    """Adds a pending job; call inside the document's write_transaction."""
    now = rt.clock.now().replace(microsecond=0)
    with write_transaction(rt.db):
        job = PrintJob.create(sale=sale_id, kind=kind, payload=payload, status="pending",
                              till=rt.till,
                              attempts=0, last_error="", created_at=now, updated_at=now)
    return int(job.id)


def enqueue_receipt(rt: Runtime, receipt: ReceiptData, sale_id: int | None = None) -> int:
    """Adds a pending receipt job (what the sale engine does in the sale's transaction)."""
    return enqueue(rt, "receipt", receipt.to_json(), sale_id)


def _number(job: PrintJob) -> str:
    if job.kind != "receipt":
        return ""
    try:
        return str(json.loads(job.payload).get("number", ""))
    except (ValueError, AttributeError):
        return ""


def to_info(job: PrintJob) -> JobInfo:
    """Converts a row to a JobInfo."""
    return JobInfo(int(job.id), job.kind, job.status, str(job.till), int(job.attempts),
                   job.last_error, job.created_at.isoformat(sep=" "), _number(job))


def for_till(till: str) -> Any:
    """The condition for the jobs a till's printer prints: its own and those of any till."""
    return PrintJob.till.in_((till, ANY_TILL))


def unprinted(rt: Runtime, statuses: tuple[str, ...] = UNPRINTED,
              till: str | None = None) -> list[JobInfo]:
    """Jobs not (known to be) printed, oldest first: a till's (see for_till), or all."""
    where = PrintJob.status.in_(statuses)
    if till is not None:
        where &= for_till(till)
    return [to_info(j) for j in PrintJob.select().where(where).order_by(PrintJob.id)]


def count_unprinted(rt: Runtime) -> int:
    """How many of this till's jobs are pending or sent without confirmation."""
    return int(PrintJob.select().where(PrintJob.status.in_(UNPRINTED),
                                       for_till(rt.till)).count())


def require_printer(rt: Runtime) -> None:
    """Refuses what only a till with a receipt printer can do (reprints, printed reports)."""
    if not rt.has_printer:
        raise Refused("till {till} has no receipt printer ([printer] connection is none)",
                      till=rt.till)


def skip_unprinted(rt: Runtime) -> int:
    """Marks this till's pending jobs skipped (called when the till has no printer: jobs of
    a store upgraded from before 0013 would otherwise print once a printer is set up)."""
    now = rt.clock.now().replace(microsecond=0)
    with write_transaction(rt.db):
        return int(PrintJob.update(status="skipped", last_error="no printer at this till",
                                   updated_at=now)
                   .where(PrintJob.till == rt.till, PrintJob.status == "pending").execute())


def _update(rt: Runtime, job_id: int, **fields: object) -> None:
    fields["updated_at"] = rt.clock.now().replace(microsecond=0)
    if "last_error" in fields:
        fields["last_error"] = str(fields["last_error"])[:200]
    with write_transaction(rt.db):
        PrintJob.update(**fields).where(PrintJob.id == job_id).execute()


def _claim(rt: Runtime, job_id: int, allowed: tuple[str, ...], attempts: int) -> bool:
    """Marks the job sent only if it is still in an allowed state (one sender wins)."""
    now = rt.clock.now().replace(microsecond=0)
    with write_transaction(rt.db):
        changed = (PrintJob.update(status="sent", attempts=attempts, updated_at=now)
                   .where(PrintJob.id == job_id, PrintJob.status.in_(allowed)).execute())
    return bool(changed)


def job_bytes(job: PrintJob, printer: ReceiptPrinter) -> bytes:
    """The ESC/POS bytes of a job (receipts are laid out for this printer's columns; an X or
    Z report's lines, {"title", "lines"}, are wrapped to them)."""
    from termpos.core.receipt_layout import layout_receipt

    if job.kind == "receipt":
        receipt = ReceiptData.from_json(job.payload)
        return printer.render(layout_receipt(receipt, printer.columns))
    if job.kind == "report":
        from termpos.core.reportlines import report_blocks

        payload = json.loads(job.payload)
        lines = payload.get("lines") if isinstance(payload, dict) else None
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            raise ValueError("a report job needs its lines")
        return printer.render(report_blocks(lines, printer.columns))
    raise ValueError(f"cannot print a job of kind {job.kind!r}")


def print_job(rt: Runtime, printer: ReceiptPrinter, job_id: int, *,
              resend: bool = False) -> JobResult:
    """Prints one job if the printer is fit; never resends a "sent" job unless resend."""
    job = PrintJob.get_or_none(PrintJob.id == job_id)
    if job is None:
        raise NotFound("print job {job_id} not found", job_id=job_id)
    allowed = ("pending", "sent", "failed") if resend else ("pending",)
    if job.status not in allowed:
        return JobResult(job_id, job.status, PrinterState("ok"))
    attempts = int(job.attempts) + 1
    try:
        data = job_bytes(job, printer)
    except PrinterError as exc:  # the printer's setup (raster font), not the job: retry
        state = PrinterState(exc.state, str(exc))
        _update(rt, job_id, status="pending", attempts=attempts, last_error=str(state))
        return JobResult(job_id, "pending", state)
    except (ValueError, KeyError, TypeError) as exc:
        _update(rt, job_id, status="failed", attempts=attempts, last_error=f"bad job: {exc}")
        return JobResult(job_id, "failed", PrinterState("ok"))
    before = printer.status()
    if printer.has_status and not before.ok:
        _update(rt, job_id, status="pending", attempts=attempts, last_error=str(before))
        return JobResult(job_id, "pending", before)
    try:
        printer.open()
    except PrinterError as exc:
        state = PrinterState(exc.state, str(exc))
        _update(rt, job_id, status="pending", attempts=attempts, last_error=str(state))
        return JobResult(job_id, "pending", state)
    if not _claim(rt, job_id, allowed, attempts):  # another worker or `printer retry` has it
        return JobResult(job_id, job.status, before)
    try:
        printer.send(data)
    except PrinterError as exc:
        state = PrinterState(exc.state, str(exc))
        _update(rt, job_id, status="pending", last_error=f"interrupted: {state}")
        return JobResult(job_id, "pending", state)
    if not printer.has_status:
        _update(rt, job_id, status="done")
        return JobResult(job_id, "done", before)
    after = printer.status()
    if after.ok:
        _update(rt, job_id, status="done")
        return JobResult(job_id, "done", after)
    _update(rt, job_id, last_error=f"sent, then {after}: check the receipt; reprint if needed")
    return JobResult(job_id, "sent", after)


def mark_done(rt: Runtime, job_id: int) -> None:
    """Confirms a "sent" job did print (the cashier saw the receipt)."""
    _update(rt, job_id, status="done")


def reprint(rt: Runtime, user: UserInfo, number: str, *,
            approver: tuple[str, str] | None = None, reason: str = "") -> int:
    """Queues a copy of a receipt, marked COPY, for this till's printer; needs the `reprint`
    permission or approval. Refused at a till without a printer."""
    require_printer(rt)
    approving = authorize(rt, user, "reprint", approver=approver, reason=reason,
                          before={"receipt": number})
    original = (PrintJob.select().join(Sale)
                .where(Sale.number == number, PrintJob.kind == "receipt")
                .order_by(PrintJob.id).first())
    if original is None:
        like = json.dumps({"number": number}, ensure_ascii=False)[1:-1]
        rows = (PrintJob.select().where(PrintJob.kind == "receipt",
                                        PrintJob.payload.contains(like)).order_by(PrintJob.id))
        original = next((j for j in rows if _number(j) == number), None)
    if original is None:
        raise NotFound("receipt {number} not found", number=number)
    copy = replace(ReceiptData.from_json(original.payload), copy=True)
    with write_transaction(rt.db):
        job_id = enqueue(rt, "receipt", copy.to_json(), original.sale_id)
        journal.append(rt, "receipt.reprint", user.name, {
            "receipt": number, "job": job_id,
            "approver": approving.name if approving else None,
        })
    return job_id
