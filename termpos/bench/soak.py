"""Provides the simulated shop day: `python -m termpos.bench.soak [--minutes N]` (scripts/soak).

A till process reads real evdev event bytes from a FIFO, written here at cashier speed, and
prints into a pseudo-terminal printer that runs out of paper now and then; a second process
runs every report in a loop and a third imports price updates with `termpos import products`.
Afterwards: no sale lost, no "database is locked" anywhere, every receipt printed or listed as
not printed, `termpos audit verify` passes. Prints sales per minute and scan-to-line p99.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from termpos.bench.soakcheck import Outcome, check, summary
from termpos.bench.soakroles import END, TOTAL

ROOT = Path(__file__).resolve().parents[2]


def prepare(cache: Path, tmp: Path, products: int) -> tuple[Path, list[Path]]:
    """A store with the catalogue, a manager and an open shift on T9; two price files."""
    from termpos.bench.dataset import build, cache_path
    from termpos.bench.measures import work_copy
    from termpos.bench.setup import bench_runtime

    cached = build(cache_path(cache, products, 0), products, 0)
    work = work_copy(cached, tmp / "soak.db")
    rt, _user = bench_runtime(work)
    rt.db.close()
    files = []
    for k, cents in enumerate((11, 37)):
        path = tmp / f"prices-{k}.csv"
        with path.open("w") as fh:
            fh.write("code,price\n")
            for i in range(1, min(products, 2000) + 1):
                fh.write(f"B{i:07d},{1 + i % 40}.{cents}\n")
        files.append(path)
    return work, files


def _events(code: str) -> bytes:
    """input_event bytes typing code and Enter, the Enter stamped now (wall clock)."""
    import struct

    from termpos.core.scan_decoder import key_events

    events = key_events(code, step_us=1000)
    shift = time.time_ns() // 1000 - events[-1][0]
    record = struct.Struct("llHHi")
    return b"".join(record.pack((t + shift) // 1_000_000, (t + shift) % 1_000_000, ty, c, v)
                    for t, ty, c, v in events)


def drive(fifo: Path, products: int, seconds: float, pace: float,
          seed: int = 21) -> tuple[list[int], int]:
    """Rings up baskets through the FIFO until time is up: (known items per basket, unknown)."""
    from termpos.bench.dataset import barcode_for

    rng = random.Random(seed)
    fd = os.open(fifo, os.O_WRONLY)  # waits for the till's scanner to open it
    intended: list[int] = []
    unknown = 0
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            known = 0
            for _ in range(rng.randint(1, 8)):
                if rng.random() < 0.03:
                    os.write(fd, _events(barcode_for(products + 1 + rng.randint(0, 999))))
                    unknown += 1
                else:
                    os.write(fd, _events(barcode_for(rng.randint(1, products))))
                    known += 1
                time.sleep(rng.uniform(0.3, 1.2) * pace)
            if not known:
                os.write(fd, _events(barcode_for(1)))
                known = 1
            os.write(fd, _events(TOTAL))
            intended.append(known)
            time.sleep(rng.uniform(1.0, 3.0) * pace)  # tender, change, next customer
        os.write(fd, _events(END))
    finally:
        os.close(fd)
    return intended, unknown


def store_facts(db: Path, first_seq: int) -> tuple[list[tuple[str, int]], dict[str, str]]:
    """This run's sales on T9 with their line counts, and their receipts' job status."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        sales = [(str(n), int(c)) for n, c in con.execute(
            "SELECT s.number, (SELECT COUNT(*) FROM sale_line l WHERE l.sale_id = s.id) "
            "FROM sale s WHERE s.till = 'T9' AND s.seq > ? ORDER BY s.seq", (first_seq,))]
        jobs = {str(n): str(st) for n, st in con.execute(
            "SELECT s.number, j.status FROM print_job j JOIN sale s ON s.id = j.sale_id "
            "WHERE s.till = 'T9' AND s.seq > ? AND j.kind = 'receipt'", (first_seq,))}
    finally:
        con.close()
    return sales, jobs


def _role(role: str, tmp: Path, db: Path, *extra: str) -> tuple[subprocess.Popen[bytes], Path]:
    out = tmp / f"{role}.json"
    err = (tmp / f"{role}.stderr").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "termpos.bench.soakroles", role, "--db",
                             str(db), "--out", str(out), *extra], stdout=subprocess.DEVNULL,
                            stderr=err)
    err.close()
    return proc, out


def _read(path: Path) -> dict[str, Any]:
    try:
        result: dict[str, Any] = json.loads(path.read_text())
        return result
    except (OSError, ValueError):
        return {}


def run_day(minutes: float, cache: Path, tmp: Path, products: int = 50_000, pace: float = 1.0,
            paper_every_s: float = 20.0, paper_out_s: float = 4.0,
            import_every_s: float = 15.0) -> Outcome:
    """Runs the simulated day and gathers what it did (call check() on the outcome)."""
    from termpos.bench.fakeprinter import FakePrinter

    db, prices = prepare(cache, tmp, products)
    con = sqlite3.connect(db)
    first_seq = int(con.execute("SELECT COALESCE(MAX(seq), 0) FROM sale WHERE till = 'T9'")
                    .fetchone()[0])
    con.close()
    env_pepper = str(db) + ".pepper"
    os.environ["TERMPOS_PEPPER_FILE"] = env_pepper
    fifo = tmp / "scanner.fifo"
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    stop = tmp / "stop"
    stop.unlink(missing_ok=True)
    printer = FakePrinter(paper_every_s, paper_out_s)
    till_p, till_out = _role("till", tmp, db, "--fifo", str(fifo), "--printer",
                             printer.connection)
    rep_p, rep_out = _role("reports", tmp, db, "--stop", str(stop))
    imp_p, imp_out = _role("importer", tmp, db, "--stop", str(stop), "--every",
                           str(import_every_s), *map(str, prices))
    started = time.monotonic()
    intended: list[int] = []
    unknown = 0
    driver_error = ""
    try:
        intended, unknown = drive(fifo, products, minutes * 60, pace)
    except OSError as exc:  # the till went away: its exit code and stderr say why
        driver_error = f"driver: {exc}"
    elapsed = (time.monotonic() - started) / 60
    codes: dict[str, int | None] = {"till": _wait(till_p, 90)}
    stop.touch()
    codes.update({"reports": _wait(rep_p, 60), "importer": _wait(imp_p, 60)})
    printer.close()
    sales, jobs = store_facts(db, first_seq)
    audit = subprocess.run([sys.executable, "-m", "termpos", "--db", str(db), "audit", "verify"],
                           capture_output=True, text=True, check=False)
    stderr = {r: (tmp / f"{r}.stderr").read_text(errors="replace")
              for r in ("till", "reports", "importer")}
    outcome = Outcome(intended, _read(till_out), _read(rep_out), _read(imp_out), stderr, codes,
                      sales, jobs, (audit.returncode, audit.stdout + audit.stderr), unknown,
                      elapsed)
    outcome.problems = check(outcome) + ([driver_error] if driver_error else [])
    outcome.till["paper_outs"] = printer.paper_outs
    return outcome


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> int | None:
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return None


def main(argv: list[str] | None = None) -> int:
    """Runs the day, prints its figures and problems; exit 1 when anything went wrong."""
    ap = argparse.ArgumentParser(prog="termpos.bench.soak", description=__doc__)
    ap.add_argument("--minutes", type=float, default=1.0, help="length of the day (1 minute)")
    ap.add_argument("--products", type=int, default=50_000)
    ap.add_argument("--pace", type=float, default=1.0, help="pause multiplier (0.5: faster)")
    ap.add_argument("--paper-every", type=float, default=20.0,
                    help="seconds between the printer's out-of-paper spells")
    ap.add_argument("--paper-out", type=float, default=4.0, help="length of a spell (s)")
    ap.add_argument("--import-every", type=float, default=15.0, help="seconds between imports")
    ap.add_argument("--cache", default=str(ROOT / "bench-results" / "cache"))
    ap.add_argument("--out", default=str(ROOT / "bench-results" / "soak.json"))
    args = ap.parse_args(argv)
    from termpos.bench.run import machine

    tmp = Path(tempfile.mkdtemp(prefix="termpos-soak-"))
    outcome = run_day(args.minutes, Path(args.cache), tmp, args.products, args.pace,
                      args.paper_every, args.paper_out, args.import_every)
    figures = summary(outcome)
    figures["paper_outs"] = outcome.till.get("paper_outs", 0)
    if outcome.problems:
        figures["work_dir"] = str(tmp)  # kept for a look at the store and the stderr files
    else:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    figures["machine"] = machine()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    for key, value in figures.items():
        if key != "problems":
            sys.stdout.write(f"{key:24s} {value}\n")
    for problem in outcome.problems:
        sys.stdout.write(f"PROBLEM: {problem}\n")
    sys.stdout.write("shop day passed\n" if not outcome.problems else "shop day FAILED\n")
    return 1 if outcome.problems else 0


if __name__ == "__main__":
    sys.exit(main())
