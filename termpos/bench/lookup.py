"""Provides barcode lookup timing: termpos's lookup against a bare sqlite3 query, same run."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

from termpos.bench.dataset import barcode_for
from termpos.bench.stats import percentile


def raw_lookup_us(path: Path, products: int, n: int, seed: int = 3) -> list[float]:
    """Microseconds per lookup with the standard sqlite3 module and a prepared query."""
    rng = random.Random(seed)
    codes = [barcode_for(rng.randint(1, products)) for _ in range(n)]
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sql = "SELECT id, name, price, tax_class FROM product WHERE barcode = ?"
    out = []
    for code in codes:
        t = time.perf_counter()
        row = con.execute(sql, (code,)).fetchone()
        out.append((time.perf_counter() - t) * 1e6)
        assert row is not None
    con.close()
    return out


def summary(samples: list[float]) -> tuple[float, float]:
    """(p50, p99) of samples."""
    return percentile(samples, 50), percentile(samples, 99)
