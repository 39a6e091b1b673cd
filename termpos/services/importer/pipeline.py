"""Provides the reading side of an import: file rows -> chunks of records, rejects and counts.

A big file is read and checked by a second process (forked, so it starts with the reader
already built) while this one writes the previous chunk: parsing a row and writing it cost
about the same, and a till has two cores. The chunks are the same either way; the writer
sees them in file order, and a reading error ends the import as it would inline.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import marshal
import multiprocessing
import os
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from termpos.core.errors import TranslatedError
from termpos.core.importing.rows import Problem, Skipped
from termpos.services.importer.reading import ImportFileError, Table

WORKER_BYTES = 2_000_000  # files from this size are read by a second process
PIPE_BYTES = 1 << 20  # what the pipe between them holds: a few chunks
GC_THRESHOLDS = (100_000, 50, 100)  # while importing: see few_collections()


class Reader(Protocol):
    """Turns a row into a record, a skipped row or problems."""

    def read(self, line: int, cells: list[str]) -> Any: ...


@dataclass
class Chunk:
    """What a stretch of the file gave: counted rows, rows refused by the reader, records.

    Cells travel with a record only when a rejects file wants them."""

    rows: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    rejected: list[tuple[list[str] | None, list[Problem]]] = field(default_factory=list)
    records: list[tuple[Any, list[str] | None]] = field(default_factory=list)
    bytes_read: int = 0
    packed: tuple[type, bytes] | None = None  # the records, on their way between processes


def pack(chunk: Chunk) -> Chunk:
    """Puts the records into one marshal blob of plain tuples, when they are named tuples of
    plain values (ProductRow): pickle calls Python for each one, marshal does not."""
    recs = chunk.records
    kind = type(recs[0][0]) if recs else None
    if kind is None or not (issubclass(kind, tuple) and hasattr(kind, "_make")) or any(
            type(r) is not kind for r, _ in recs):
        return chunk
    try:
        chunk.packed = (kind, marshal.dumps([(tuple(r), c) for r, c in recs]))
    except ValueError:  # a value marshal cannot write: the chunk is pickled as it is
        return chunk
    chunk.records = []
    return chunk


def unpack(chunk: Chunk) -> Chunk:
    """The records of a packed chunk, as they were."""
    if chunk.packed is not None:
        kind, blob = chunk.packed
        make = functools.partial(tuple.__new__, kind)  # as kind._make, without its check
        chunk.records = [(make(t), c) for t, c in marshal.loads(blob)]
        chunk.packed = None
    return chunk


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Collects the young generation every 100,000 new objects instead of every 700.

    A big import makes and drops millions of rows, all freed by reference counting; the
    default thresholds spent a tenth of the time looking for cycles among them.
    """
    old = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)


@dataclass
class Reading:
    """The chunks of a file and, once they are all taken, the file's SHA-256.

    ``idle`` (set by the importer): called while the reading process has no chunk ready,
    again and again until it returns False, so that the writer can do work it would
    otherwise leave for the end."""

    chunks: Iterator[Chunk]
    sha256: str = ""
    idle: Callable[[], bool] | None = None


def chunks(table: Table, reader: Reader, batch_size: int, keep_cells: bool) -> Iterator[Chunk]:
    """The file's rows read and checked, ``batch_size`` records a chunk."""
    chunk = Chunk()
    for line, cells in table.rows():
        out = reader.read(line, cells)
        if isinstance(out, Skipped):
            if out.reason != "empty row":
                chunk.rows += 1
                chunk.skipped[out.reason] += 1
            continue
        chunk.rows += 1
        if isinstance(out, list):
            chunk.rejected.append((cells if keep_cells else None, out))
        else:
            chunk.records.append((out, cells if keep_cells else None))
        if len(chunk.records) + len(chunk.rejected) >= batch_size:  # memory stays flat
            chunk.bytes_read = table.bytes_read
            yield chunk
            chunk = Chunk()
    chunk.bytes_read = table.bytes_read
    yield chunk


def read_inline(table: Table, reader: Reader, batch_size: int, keep_cells: bool) -> Reading:
    """Reads in this process (small files)."""
    reading = Reading(iter(()))

    def run() -> Iterator[Chunk]:
        yield from chunks(table, reader, batch_size, keep_cells)
        reading.sha256 = table.sha256()

    reading.chunks = run()
    return reading


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def read_forked(table: Table, reader: Reader, batch_size: int, keep_cells: bool) -> Reading:
    """Reads in a forked process; the reader's ``stats`` (if any) come back at the end."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    _widen(send.fileno())
    proc = ctx.Process(target=_work,
                       args=(send, receive, table, reader, batch_size, keep_cells), daemon=True)
    proc.start()
    send.close()
    reading = Reading(iter(()))

    def run() -> Iterator[Chunk]:
        finished = False
        try:
            while True:
                while reading.idle is not None and not receive.poll(0) and reading.idle():
                    pass
                while not receive.poll(1.0):
                    if not proc.is_alive() and not receive.poll(0):
                        raise _stopped(table)
                try:
                    kind, value, extra = receive.recv()
                except EOFError:
                    raise _stopped(table) from None
                if kind == "chunk":
                    yield unpack(value)
                elif kind == "done":
                    finished = True
                    reading.sha256 = value
                    if extra is not None:
                        reader.stats = extra  # type: ignore[attr-defined]
                    return
                elif kind == "error":
                    cls, template, params = value
                    raise cls(template, **params)
                else:
                    raise RuntimeError(f"reading {table.path} failed in the reading process:\n"
                                       f"{value}")
        finally:
            receive.close()
            if not finished:  # the writer stopped early: the reader is not needed any more
                proc.terminate()
            proc.join()

    reading.chunks = run()
    return reading


def _widen(fd: int) -> None:
    """Lets the pipe hold a few chunks (1 MiB instead of 64 KiB), so that neither process
    waits for the other over one slow chunk (Linux; elsewhere the pipe stays as it is)."""
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _stopped(table: Table) -> ImportFileError:
    """The reading process ended without finishing (killed, or out of memory)."""
    return ImportFileError("{path}: reading stopped before the end of the file", path=table.path)


def _work(send: Any, receive: Any, table: Table, reader: Reader, batch_size: int,
          keep_cells: bool) -> None:
    """The reading process: sends each chunk, then the hash and the reader's stats.

    It ends with os._exit: nothing inherited from the importing process (its database
    connection, a progress bar's thread holding a stream lock) is touched on the way out.
    """
    receive.close()  # only the importing process reads: a write to a closed pipe then fails
    gc.freeze()  # what it inherited stays out of its collections
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        for chunk in chunks(table, reader, batch_size, keep_cells):
            send.send(("chunk", pack(chunk), None))
        send.send(("done", table.sha256(), getattr(reader, "stats", None)))
    except BrokenPipeError:
        pass  # the importing process stopped reading (it failed or was stopped)
    except TranslatedError as exc:
        _send_error(send, exc)
    except BaseException:  # a bug: its traceback goes to the importing process
        with contextlib.suppress(Exception):
            send.send(("crash", traceback.format_exc(), None))
    finally:
        with contextlib.suppress(Exception):
            send.close()
        os._exit(0)


def _send_error(send: Any, exc: TranslatedError) -> None:
    try:
        send.send(("error", (type(exc), exc.template, exc.params), None))
    except BrokenPipeError:
        pass
    except Exception:  # params that cannot travel: the message, as text
        with contextlib.suppress(Exception):
            send.send(("error", (ImportFileError, "{error}", {"error": str(exc)}), None))
