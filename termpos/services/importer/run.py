"""Provides run_import(): the streaming loop shared by product and customer imports.

One transaction per file: rows are read, checked and written in batches; at the end the
transaction commits, or rolls back on --dry-run or when a row was invalid without
--skip-invalid. Memory stays flat: only the current batch is held.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from peewee import IntegrityError

from termpos.core.importing.mapping import DUPLICATE_WHY, Mapping, build_mapping
from termpos.core.importing.rows import Problem
from termpos.services import journal
from termpos.services.importer import pipeline
from termpos.services.importer.pipeline import Reader as Reader  # re-exported
from termpos.services.importer.reading import ImportFileError, Table, open_table
from termpos.services.importer.rejects import RejectsWriter
from termpos.services.runtime import Runtime
from termpos.store.tx import write_transaction

MAX_KEPT_PROBLEMS = 1000
Progress = Callable[[int, int], None]


@dataclass
class ImportOptions:
    """What the admin asked for on the command line."""

    preset: str | None = None
    overrides: tuple[str, ...] = ()
    location: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str = "auto"
    stock: str = "keep"  # set | add | keep
    dry_run: bool = False
    skip_invalid: bool = False
    rejects: Path | None = None
    batch_size: int = 4000
    actor: str = "cli"


@dataclass
class ImportResult:
    """What an import did (or, on a dry run or refusal, would have done)."""

    kind: str
    file: str
    sha256: str = ""
    preset: str = ""
    encoding: str = ""
    delimiter: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    stock_moves: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    notes: list[str] = field(default_factory=list)
    committed: bool = False
    dry_run: bool = False

    def reject(self, problems: list[Problem]) -> None:
        """Counts one rejected row and keeps its problems (the first thousand)."""
        self.rejected += 1
        self.problem_count += len(problems)
        room = MAX_KEPT_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(problems[:room])


class Writer(Protocol):
    """Writes a batch of records; returns the rows it rejected with their problems."""

    def flush(self, batch: list[tuple[Any, list[str] | None]]
              ) -> list[tuple[list[str] | None, list[Problem]]]:
        ...

    def finish(self, result: ImportResult) -> None: ...

    def idle(self) -> bool:
        """Does a little of the work left for finish() while the file is still being read
        (called only while no chunk is ready); False when there is none to do now."""
        ...


class _Rollback(Exception):
    """Leaves the transaction without committing (dry run or invalid rows)."""


Build = Callable[[Runtime, Mapping, Table, ImportResult], tuple[Reader, Writer]]


def run_import(rt: Runtime, path: Path | str, opts: ImportOptions, kind: str, build: Build,
               progress: Progress | None = None) -> ImportResult:
    """Streams a file through a reader and a writer inside one transaction."""
    if opts.rejects is not None and Path(opts.rejects).resolve() == Path(path).resolve():
        from termpos.core.errors import UsageError

        raise UsageError(
            "--rejects {rejects}: that is the file being imported",
            rejects=opts.rejects,
        )
    with open_table(path, opts.encoding, opts.delimiter) as table:
        mapping = build_mapping(table.header, opts.preset, opts.overrides, opts.location, kind)
        result = ImportResult(kind, str(path), preset=mapping.preset, encoding=table.encoding,
                              delimiter=table.delimiter, dry_run=opts.dry_run)
        for col in mapping.columns:
            if col.why.startswith(DUPLICATE_WHY):
                result.notes.append(f"column {col.index + 1} {col.header.strip()!r} is not read: "
                                    f"{col.why}")
        if table.title_lines:
            result.notes.append(f"the header is on line {table.header_line}: "
                                f"{table.title_lines} title lines above it were skipped")
        rejects = RejectsWriter(opts.rejects, table.header, table.delimiter) if (
            opts.rejects) else None
        try:
            with write_transaction(rt.db):
                reader, writer = build(rt, mapping, table, result)
                result.sha256 = _stream(table, reader, writer, result, rejects,
                                        opts.batch_size, progress)
                writer.finish(result)
                _note_earlier(result, kind, opts)
                if opts.dry_run or (result.rejected and not opts.skip_invalid):
                    raise _Rollback
                if result.created or result.updated:
                    journal.append(rt, f"import.{kind}", opts.actor, {
                        "file": Path(path).name, "sha256": result.sha256,
                        "preset": result.preset, "rows": result.rows,
                        "created": result.created, "updated": result.updated,
                        "unchanged": result.unchanged, "rejected": result.rejected,
                        "stock_mode": opts.stock, "stock_moves": result.stock_moves,
                    })
                result.committed = True
        except _Rollback:
            pass
        except IntegrityError as exc:
            raise ImportFileError(
                "{path}: the database refused the rows ({error}); nothing was imported",
                path=path, error=exc,
            ) from None
        finally:
            if rejects is not None:
                rejects.close()
    result.problems.sort(key=lambda p: p.line)
    return result


def _note_earlier(result: ImportResult, kind: str, opts: ImportOptions) -> None:
    """Says when this exact file (same SHA-256) was imported before."""
    from termpos.models import Journal

    earlier = (Journal.select(Journal.id, Journal.created_at)
               .where(Journal.kind == f"import.{kind}", Journal.payload.contains(result.sha256))
               .order_by(Journal.id.desc()).first())
    if earlier is None:
        return
    note = f"this exact file was imported before (journal #{earlier.id}, {earlier.created_at})"
    if opts.stock == "add" and result.stock_moves:
        note += "; --stock add has added its quantities again"
    result.notes.append(note)


def _stream(table: Table, reader: Reader, writer: Writer, result: ImportResult,
            rejects: RejectsWriter | None, batch_size: int, progress: Progress | None) -> str:
    """Hands the file's chunks to the writer, records what was refused; the file's hash."""
    keep = rejects is not None
    big = table.size >= pipeline.WORKER_BYTES and pipeline.can_fork()
    reading = (pipeline.read_forked if big else pipeline.read_inline)(
        table, reader, batch_size, keep)
    reading.idle = writer.idle

    def reject(cells: list[str] | None, problems: list[Problem]) -> None:
        result.reject(problems)
        if rejects is not None and cells is not None:
            rejects.write(cells, "; ".join(str(p) for p in problems))

    try:
        with pipeline.few_collections():
            for chunk in reading.chunks:
                result.rows += chunk.rows
                result.skipped.update(chunk.skipped)
                for read_cells, problems in chunk.rejected:
                    reject(read_cells, problems)
                for cells, problems in writer.flush(chunk.records):
                    reject(cells, problems)
                if progress is not None:
                    progress(chunk.bytes_read, table.size)
    finally:
        close = getattr(reading.chunks, "close", None)
        if close is not None:
            close()  # a reading process still running is stopped
    return reading.sha256
