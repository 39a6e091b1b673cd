"""Tests of reading CSV files: encodings, BOMs, delimiters, line ends, quoting, signatures."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from termpos.core.errors import UsageError
from termpos.services.importer.reading import ImportFileError, open_table

ROWS = [["code", "name", "price"], ["4710088410012", "珍珠奶茶", "55"],
        ["4710088410029", "烏龍茶 大杯", "35"], ["4710088410036", "鳳梨酥禮盒", "366.80"],
        ["4710088410043", "綠茶", "25"]]
SIMPLIFIED = [["code", "name", "price"], ["6901234567892", "珍珠奶茶", "55"],
              ["6901234567893", "乌龙茶 大杯", "35"], ["6901234567894", "凤梨酥礼盒", "￥366.80"],
              ["6901234567895", "绿茶", "25"]]
LATIN = [["code", "name", "price"], ["123", "Crème brûlée", "3,50"],
         ["124", "Pâté de campagne", "4,20"], ["125", "Bœuf bourguignon", "12,00"]]


def _write(tmp_path: Path, rows: list[list[str]], encoding: str, delim: str = ",",
           end: str = "\n", bom: bytes = b"") -> Path:
    text = end.join(delim.join(r) for r in rows) + end
    path = tmp_path / "f.csv"
    path.write_bytes(bom + text.encode(encoding))
    return path


def _read(path: Path, **kw: str) -> tuple[str, str, list[list[str]]]:
    with open_table(path, **kw) as t:
        return t.encoding, t.delimiter, [t.header] + [cells for _, cells in t.rows()]


@pytest.mark.parametrize(("rows", "encoding", "bom", "expected"), [
    (ROWS, "utf-8", b"", "utf-8"),
    (ROWS, "utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    (ROWS, "utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    (ROWS, "utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
    (ROWS, "big5", b"", "big5"),
    (ROWS, "gbk", b"", "gb18030"),
    (SIMPLIFIED, "gbk", b"", "gb18030"),
    (SIMPLIFIED, "gb18030", b"", "gb18030"),
    (LATIN, "cp1252", b"", "cp1252"),
])
def test_encodings_are_detected(tmp_path: Path, rows: list[list[str]], encoding: str,
                                bom: bytes, expected: str) -> None:
    path = _write(tmp_path, rows, encoding, ";" if rows is LATIN else ",", bom=bom)
    got, _, read = _read(path)
    assert got == expected
    assert read == rows


def test_encoding_override_and_unknown_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path, LATIN, "cp1252", ";")
    assert _read(path, encoding="latin-1")[2][1][1] == "Crème brûlée"
    with pytest.raises(UsageError, match="unknown encoding"):
        _read(path, encoding="klingon")


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"code,name\n1,ok\n2,caf\xe9\n")
    with pytest.raises(ImportFileError, match="line 3"):
        _read(path, encoding="utf-8")


@pytest.mark.parametrize("delim", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(tmp_path: Path, delim: str) -> None:
    rows = [["code", "name", "price"], ["1", "Tea, green", "2,50"], ["2", "Cake", "3,00"]]
    text = "\n".join(delim.join(f'"{c}"' if delim in c else c for c in r) for r in rows)
    path = tmp_path / "f.csv"
    path.write_text(text + "\n", encoding="utf-8")
    _, got, read = _read(path)
    assert got == delim
    assert read == rows


def test_line_ends_quotes_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b'code,name\r\n1,"two\r\nlines"\n2,plain\r3,"say ""hi"""')
    with open_table(path) as t:
        rows = list(t.rows())
        digest = t.sha256()
    assert rows == [(2, ["1", "two\r\nlines"]), (4, ["2", "plain"]), (5, ["3", 'say "hi"'])]
    import hashlib

    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()


def test_broken_quoting_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('code,name\n1,ok\n2,"never closed\n3,x\n', encoding="utf-8")
    with pytest.raises(ImportFileError, match="line 3: a quoted cell opened here is never closed"):
        _read(path)


@pytest.mark.parametrize(("magic", "what"), [
    (b"PK\x03\x04\x14\x00\x06\x00", "xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "xls"),
])
def test_spreadsheets_renamed_csv_are_refused(tmp_path: Path, magic: bytes, what: str) -> None:
    path = tmp_path / "products.csv"
    path.write_bytes(magic + b"\x00" * 100)
    with pytest.raises(ImportFileError, match=f"Excel .{what} workbook.*not a CSV"):
        _read(path)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFileError, match="empty"):
        _read(empty)
    with pytest.raises(ImportFileError, match="cannot be read"):
        _read(tmp_path / "missing.csv")


def test_excel_sep_hint_and_blank_lines_before_the_header(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("sep=;\r\n\r\ncode;name\r\n1;Tea, green\r\n", encoding="utf-8")
    with open_table(path) as t:
        assert (t.delimiter, t.header, t.header_line) == (";", ["code", "name"], 3)
        assert list(t.rows()) == [(4, ["1", "Tea, green"])]


def test_title_lines_above_the_header_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("Product export,,\nGenerated 2024-05-01,,\ncode,name,price\nA,Tea,1\n",
                    encoding="utf-8")
    with open_table(path) as t:
        assert (t.header, t.header_line, t.title_lines) == (["code", "name", "price"], 3, 2)
        assert list(t.rows()) == [(4, ["A", "Tea", "1"])]
    single = tmp_path / "s.csv"
    single.write_text("name\nTea\nCake\n", encoding="utf-8")
    with open_table(single) as t:
        assert t.header == ["name"] and [c for _, c in t.rows()] == [["Tea"], ["Cake"]]
