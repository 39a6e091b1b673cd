"""`import stock`: counted quantities from messy CSV files into the open count, all or nothing."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from termpos.cli.common import GLOBALS
from termpos.cli.importstock import import_stock
from termpos.core.errors import Refused
from termpos.models import StockCountLine
from termpos.services import counts
from termpos.services.runtime import Runtime
from termpos.services.stockcsv import read_count_file

from .invhelp import make_product, make_staff


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_scan_log_counts_one_per_row(tmp_path: Path) -> None:
    for data in (b"4006381333931\nA1\n4006381333931\n", b"barcode\n4006381333931\nA1\n"
                 b"4006381333931\n"):
        got = read_count_file(_write(tmp_path, "scans.csv", data))
        assert sorted((r.code, r.qty_milli) for r in got) == [("4006381333931", 2000),
                                                             ("A1", 1000)]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plain.csv", b"code,counted\nA1,3\nB2,1.5\n"),
        ("bom_semicolon.csv", codecs.BOM_UTF8 + b"Barcode;Qty\r\nA1;3\r\nB2;1,5\r\n"),
        ("utf16_tab.csv", "SKU\tQuantity\nA1\t3\nB2\t1.5\n".encode("utf-16")),
        ("noheader_pipe.csv", b"A1|3\nB2|1.5\n"),
        ("cp1252.csv", "Article;Stock;Désignation\nA1;2;café crème\nB2;1,5;pâté\nA1;1;x\n"
         .encode("cp1252")),
    ],
)
def test_read_count_file_formats(tmp_path: Path, name: str, data: bytes) -> None:
    got = read_count_file(_write(tmp_path, name, data))
    assert [(r.code, r.qty_milli) for r in got] == [("A1", 3000), ("B2", 1500)]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"code,counted\nA1,3\nB2,three\n", ":3: column 2 (counted quantity)"),
        (b"code,counted\nA1,3\n,2\n", ":3: column 1 (code) is empty"),
        (b"code,counted\nA1,3\nB2\n", ":3: 1 column(s)"),
        (b"code,price\nA1,3\n", ":1: no counted quantity column"),
        (b"code,counted\n", "no counted quantities"),
        (b"code,counted\nA1,-3\n", "cannot be negative"),
    ],
)
def test_read_count_file_errors(tmp_path: Path, data: bytes, words: str) -> None:
    with pytest.raises(Refused, match=words.replace("(", r"\(").replace(")", r"\)")):
        read_count_file(_write(tmp_path, "bad.csv", data))


@pytest.fixture
def cli(sqlite_rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    """The command registered as the import group will register it, over the test's store."""
    app = typer.Typer()
    app.command("stock")(import_stock)
    app.command("noop")(lambda: None)  # keeps `stock` a subcommand, as under `import`
    monkeypatch.setattr(GLOBALS, "runtime", lambda **_: sqlite_rt)
    return app


def test_import_stock_all_or_nothing(sqlite_rt: Runtime, cli: typer.Typer,
                                     tmp_path: Path) -> None:
    staff = make_staff(sqlite_rt)
    make_product(sqlite_rt, "A1")
    make_product(sqlite_rt, "B2", weighed=True)
    runner = CliRunner()
    good = _write(tmp_path, "count.csv", b"code;counted\nA1;3\nB2;1,5\n")
    result = runner.invoke(cli, ["stock", str(good)])
    assert result.exit_code == 1 and "no stock count is open" in str(result.exception)
    view = counts.start_count(sqlite_rt, staff["manager"])
    bad = _write(tmp_path, "bad.csv", b"code;counted\nA1;3\nB2;1,5\nA1;0,5\n")
    result = runner.invoke(cli, ["stock", str(bad)])
    assert result.exit_code == 1 and "bad.csv:2" in str(result.exception)
    assert "by the item" in str(result.exception)
    result = runner.invoke(cli, ["stock", str(good), "--dry-run"])
    assert result.exit_code == 0 and "nothing changed" in result.output
    counted = StockCountLine.select().where(StockCountLine.counted_milli.is_null(False))
    assert counted.count() == 0
    result = runner.invoke(cli, ["stock", str(good)])
    assert result.exit_code == 0, result.output
    assert {ln.code: ln.counted_milli for ln in counts.count_view(view.id, lines="all").lines} == {
        "A1": 3000, "B2": 1500}
