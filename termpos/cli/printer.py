"""Provides `termpos printer`: test page, unprinted queue, retry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from termpos.cli.common import GLOBALS
from termpos.core.errors import TermposError, UsageError

if TYPE_CHECKING:
    from termpos.devices.printer import ReceiptPrinter

app = typer.Typer(help="Receipt printer: test page, queue, retry.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)

DeviceOpt = Annotated[str | None, typer.Option(
    "--device", help="serial:/dev/ttyUSB0 | usb:VID:PID | tcp:HOST:PORT | file:PATH "
    "(instead of [printer] connection).")]
TillOpt = Annotated[str | None, typer.Option(
    "--till", help="Only this till's jobs (those it queued, and old jobs of no till).")]
CharsetOpt = Annotated[str | None, typer.Option(
    "--charset", help="big5 | gb18030 | cp437 | cp858 | ... (instead of [printer] charset).")]


def _printer(device: str | None, charset: str | None) -> ReceiptPrinter:
    from termpos.devices.printer import ReceiptPrinter

    try:
        return ReceiptPrinter(GLOBALS.settings().printer, connection=device, charset=charset)
    except ValueError as exc:
        raise UsageError("{error}", error=exc) from exc


@app.command("test")
def test(device: DeviceOpt = None, charset: CharsetOpt = None) -> None:
    """Print a test page: all styles, a code page sample, Chinese text, a barcode."""
    from termpos.core.testpage import build_test_page
    from termpos.devices.printer import PrinterError

    printer = _printer(device, charset)
    try:
        state = printer.status()
        if state.state == "gone":
            raise PrinterError(state.state, "{error}", error=state.detail)
        if state.state in ("paper out", "cover open", "offline", "error"):
            raise PrinterError(
                state.state,
                "printer {connection}: {status}",
                connection=printer.connection, status=state,
            )
        page = build_test_page(printer.columns, printer.charset, str(printer.connection))
        printer.send(printer.render(page))
    finally:
        printer.close()
    typer.echo(f"test page sent to {printer.connection} ({printer.charset}, "
               f"{printer.columns} columns); printer status: {state}")


@app.command("queue")
def queue(till: TillOpt = None) -> None:
    """List print jobs that are not printed (pending, or sent without confirmation), of every
    till unless --till is given."""
    from termpos.cli.auth import on_till
    from termpos.services import spool

    rt = on_till(GLOBALS.runtime(read_only=True), till)  # checks the id
    jobs = spool.unprinted(rt, till=rt.till if till is not None else None)
    if not jobs:
        typer.echo("no unprinted jobs")
        return
    for j in jobs:
        what = f"receipt {j.number}" if j.number else j.kind
        error = f"  {j.last_error}" if j.last_error else ""
        typer.echo(f"{j.id:>6}  {j.till or '-':<8} {j.status:<7} {what:<22} {j.created_at}  "
                   f"tries {j.attempts}{error}")
    typer.echo(f"{len(jobs)} unprinted")


@app.command("retry")
def retry(
    device: DeviceOpt = None,
    charset: CharsetOpt = None,
    sent: Annotated[bool, typer.Option(
        "--sent", help="Also resend jobs that were sent but not confirmed (may duplicate).")
    ] = False,
    till: TillOpt = None,
) -> None:
    """Resend this till's unprinted jobs now (another's with --till), oldest first; stops at
    the first printer fault."""
    from termpos.cli.auth import on_till
    from termpos.services import spool

    rt = on_till(GLOBALS.runtime(), till)
    statuses = ("pending", "sent") if sent else ("pending",)
    jobs = spool.unprinted(rt, statuses, till=rt.till)
    if not jobs:
        typer.echo("nothing to print")
        return
    printer = _printer(device, charset)
    done = 0
    try:
        for j in jobs:
            result = spool.print_job(rt, printer, j.id, resend=sent)
            if result.fault:
                left = len(jobs) - done
                raise TermposError(
                    "printer {connection}: {printer}; {left} job(s) still unprinted",
                    connection=printer.connection, printer=result.printer, left=left,
                )
            done += result.status == "done"
    finally:
        printer.close()
    typer.echo(f"printed {done} job(s)")


@app.command("done")
def done(job_ids: Annotated[list[int], typer.Argument(help="Job ids from `printer queue`.")]
         ) -> None:
    """Confirm that jobs left "sent" after a fault did come out of the printer."""
    from termpos.core.errors import NotFound
    from termpos.models import PrintJob
    from termpos.services import spool

    rt = GLOBALS.runtime()
    for job_id in job_ids:
        job = PrintJob.get_or_none(PrintJob.id == job_id)
        if job is None:
            raise NotFound("print job {job_id} not found", job_id=job_id)
        if job.status != "sent":
            raise TermposError(
                "print job {job_id} is {status}, not sent: only a sent job can be confirmed",
                job_id=job_id, status=job.status,
            )
    for job_id in job_ids:
        spool.mark_done(rt, job_id)
    typer.echo(f"confirmed {len(job_ids)} job(s) as printed")
