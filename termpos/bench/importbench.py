"""Provides the import measurement: `termpos import products` of a termpos-format file as a
process (rows/s, peak memory) against a bare executemany of the same rows, same run.

The file is what `termpos export products` writes (its header and cell formats), generated
once and cached beside the benchmark store.
"""

from __future__ import annotations

import csv
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from termpos.bench.dataset import NOW, barcode_for, product_name
from termpos.bench.stats import Figure, cpu_probe_s
from termpos.services.exporter import PRODUCT_HEADER
from termpos.store.db import SEARCH_FUNCTIONS

CHUNK = 50_000
BARE_COLUMNS = ("id", "code", "barcode", "name", "category_id", "tax_class", "price", "cost",
                "unit", "weighed", "reorder_level", "supplier_id", "active", "created_at",
                "updated_at")


def _amount(minor: int) -> str:
    return f"{minor // 100}.{minor % 100:02d}"


def csv_rows(n: int, seed: int = 7) -> Iterator[list[str]]:
    """The rows of a products export of n products (without the header)."""
    rng = random.Random(seed)
    for i in range(1, n + 1):
        price = rng.randint(50, 5000)
        cost = price * rng.randint(40, 75) // 100
        yield [f"B{i:07d}", barcode_for(i), product_name(rng, i), _amount(price), _amount(cost),
               "A" if i % 3 else "B", f"Category {1 + i % 40}",
               f"Supplier {1 + i % 12}" if i % 4 == 0 else "", str(rng.randint(0, 50)),
               rng.choice(("", "5", "10")), "ea", "no", "yes"]


def products_csv(folder: Path, n: int) -> Path:
    """The cached n-row products file (written once)."""
    path = folder / f"products-{n}.csv"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".partial")
    with part.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(PRODUCT_HEADER)
        writer.writerows(csv_rows(n))
    part.rename(path)
    return path


def _termpos(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "termpos", "--db", str(db), *args]


def fresh_store(path: Path) -> Path:
    """An empty, migrated store (made by `termpos init`)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    subprocess.run(_termpos(path, "init"), check=True, capture_output=True)
    return path


def run_import(db: Path, csv_path: Path) -> tuple[float, int, str]:
    """Runs `termpos import products FILE`; returns (seconds, peak RSS in KiB, stderr).

    The peak is the largest sum of the resident sets of the import process and its reading
    process, sampled every 20 ms (shared pages count twice: an upper bound). wait4's
    ru_maxrss would include the benchmark's own image, copied by fork before the exec.
    """
    import threading

    t0 = time.perf_counter()
    proc = subprocess.Popen(_termpos(db, "import", "products", str(csv_path)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], tree_rss_kib(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read().decode(errors="replace")
    proc.wait()
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"termpos import products failed ({proc.returncode}): {err[-300:]}")
    return seconds, peak[0], err


def tree_rss_kib(pid: int) -> int:
    """The resident set of a process and its children, in KiB (0 once it is gone)."""
    total = 0
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1])
    return total + sum(tree_rss_kib(int(k)) for k in kids)


def parsed_chunks(csv_path: Path, limit: int | None = None) -> Iterator[list[tuple[Any, ...]]]:
    """The file's rows parsed into product-table tuples, CHUNK at a time (not timed).

    Flags are 0 and 1, as the importer binds them on SQLite (sqlite3 looks for an adapter
    for a bool, which makes a bare executemany with bools slower than it need be)."""
    stamp = NOW.isoformat(sep=" ")
    chunk: list[tuple[Any, ...]] = []
    with csv_path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        for i, c in enumerate(reader, 1):
            if limit is not None and i > limit:
                break
            chunk.append((i, c[0], c[1], c[2], None, c[5], int(c[3].replace(".", "")),
                          int(c[4].replace(".", "")), c[10], 0,
                          int(c[9]) * 1000 if c[9] else None, None, 1, stamp, stamp))
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def bare_executemany(db: Path, csv_path: Path, search_trigger: bool,
                     limit: int | None = None) -> tuple[float, int]:
    """Seconds spent in executemany of the parsed rows into the product table, and rows.

    Without `search_trigger` the product search trigger is dropped first (on this copy):
    run row by row, it makes FTS5 write its pending terms after every statement.
    """
    con = sqlite3.connect(db, isolation_level=None)
    for name, args, fn in SEARCH_FUNCTIONS:
        con.create_function(name, args, fn, deterministic=True)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    if not search_trigger:
        con.execute('DROP TRIGGER "product_search_insert"')
    sql = (f'INSERT INTO "product" ({", ".join(BARE_COLUMNS)}) '
           f'VALUES ({", ".join("?" * len(BARE_COLUMNS))})')
    spent, rows = 0.0, 0
    con.execute("BEGIN IMMEDIATE")
    for chunk in parsed_chunks(csv_path, limit):
        t0 = time.perf_counter()
        con.executemany(sql, chunk)
        spent += time.perf_counter() - t0
        rows += len(chunk)
    t0 = time.perf_counter()
    con.execute("COMMIT")
    spent += time.perf_counter() - t0
    con.close()
    return spent, rows


def bench_import(cache: Path, tmp: Path, size: int, runs: int) -> list[Figure]:
    """CSV import rate and peak memory against a bare executemany of the same rows."""
    csv_path = products_csv(cache, size)
    ours = Figure(f"import products {size:,} rows (process)", "rows/s", budget=">= 70,000 rows/s")
    secs = Figure(f"import products {size:,} rows (process)", "s",
                  budget="< 15 s" if size >= 1_000_000 else "")
    peak = Figure("import products peak memory (RSS)", "MB", budget="< 150 MB")
    bare = Figure("bare executemany, same rows, no search index", "rows/s", baseline="yes",
                  note="product search trigger dropped; parsing not timed")
    ratio = Figure("import rate / bare executemany", "x")
    slow = Figure("bare executemany with search trigger (20k rows)", "rows/s", baseline="yes",
                  note="FTS5 writes its pending terms after each statement")
    probe = Figure("machine speed before each import (Python loop, 10M steps)", "s",
                   baseline="yes", note="lower is faster; the same loop, before each import run")
    for i in range(runs):
        store = fresh_store(tmp / f"import-{i}.db")
        probe.runs.append(cpu_probe_s())
        seconds, rss, _err = run_import(store, csv_path)
        spent, rows = bare_executemany(fresh_store(tmp / f"bare-{i}.db"), csv_path, False)
        ours.runs.append(size / seconds)
        secs.runs.append(seconds)
        peak.runs.append(rss / 1024)
        bare.runs.append(rows / spent)
        ratio.runs.append((size / seconds) / (rows / spent))
        for leftover in tmp.glob(f"*-{i}.db*"):
            leftover.unlink()
    spent, rows = bare_executemany(fresh_store(tmp / "slow.db"), csv_path, True, 20_000)
    slow.runs.append(rows / spent)
    return [ours, secs, peak, bare, ratio, slow, probe]
