"""The scanner reader: real input_event bytes through a pipe into evdev's own reader."""

from __future__ import annotations

import os
import queue
import threading
import time
from pathlib import Path

import pytest

from termpos.core.config import ScannerSettings
from termpos.core.scan_decoder import ScanDecoder, key_events
from termpos.devices.scanner import EventSource, ScannerReader, ScannerStatus
from tests.evdev_pipe import PipeDevice, make_pipe, pack, unpack
from tests.make_scan_streams import STREAMS, stream

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def test_evdev_reads_input_event_bytes_from_a_pipe() -> None:
    dev, w = make_pipe()
    os.write(w, pack([(1_500_000, 1, 30, 1), (1_500_001, 0, 0, 0)]))
    events = list(dev.read())
    assert [(e.sec, e.usec, e.type, e.code, e.value) for e in events] == [
        (1, 500_000, 1, 30, 1), (1, 500_001, 0, 0, 0)]
    with pytest.raises(BlockingIOError):
        list(dev.read())  # nothing pending: evdev raises, as on a real device
    os.close(w)
    dev.close()


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_recorded_streams_decode(name: str) -> None:
    layout, codes = STREAMS[name]
    data = (DATA / name).read_bytes()
    assert data == stream(layout, codes), "regenerate with python -m tests.make_scan_streams"
    dev, w = make_pipe()
    os.write(w, data)
    os.close(w)
    decoder = ScanDecoder(layout)
    got = []
    while True:
        batch = list(dev.read())  # evdev reads at most 64 events at a time
        if not batch:
            break
        for e in batch:
            scan = decoder.feed(e.type, e.code, e.value, e.sec * 1_000_000 + e.usec)
            if scan:
                got.append(scan.code)
    dev.close()
    assert got == codes
    assert len(unpack(data)) > 4 * sum(len(c) for c in codes)  # MSC + down/up + SYN


class Plug:
    """Hands out a fresh pipe per open, like a scanner plugged in again."""

    def __init__(self) -> None:
        self.writers: queue.Queue[int] = queue.Queue()
        self.fail: Exception | None = None
        self.opened = 0
        self.devices: list[PipeDevice] = []

    def __call__(self, path: str) -> EventSource:
        if self.fail is not None:
            raise self.fail
        dev, w = make_pipe()
        dev.path = path
        dev.grab()
        self.opened += 1
        self.devices.append(dev)
        self.writers.put(w)
        return dev


class Sink:
    def __init__(self) -> None:
        self.scans: queue.Queue[tuple[str, str]] = queue.Queue()
        self.states: queue.Queue[ScannerStatus] = queue.Queue()

    def scan(self, code: str, source: str) -> None:
        self.scans.put((code, source))

    def status(self, st: ScannerStatus) -> None:
        self.states.put(st)

    def wait_state(self, state: str, timeout: float = 3.0) -> ScannerStatus:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                st = self.states.get(timeout=0.1)
            except queue.Empty:
                continue
            if st.state == state:
                return st
        raise AssertionError(f"no {state!r} status within {timeout} s")


BY_ID = "/dev/input/by-id/usb-Test_Scanner-event-kbd"


def _reader(sink: Sink, plug: Plug, **kw: object) -> ScannerReader:
    settings = ScannerSettings(devices=(BY_ID,), **kw)  # type: ignore[arg-type]
    return ScannerReader(settings, sink.scan, sink.status, opener=plug, retry_seconds=0.1)


def test_reader_delivers_scans_and_survives_unplug() -> None:
    sink, plug = Sink(), Plug()
    reader = _reader(sink, plug)
    reader.start()
    try:
        w = plug.writers.get(timeout=2)
        assert sink.wait_state("connected").source == BY_ID
        assert plug.devices[0].grabbed
        os.write(w, pack(key_events("4006381333931")))
        assert sink.scans.get(timeout=2) == ("4006381333931", BY_ID)
        assert reader.status_text() == "scanner: ok"
        os.close(w)  # unplugged
        assert sink.wait_state("disconnected").detail == "unplugged"
        unplugged = time.monotonic()
        w2 = plug.writers.get(timeout=2)  # plugged in again
        assert sink.wait_state("connected")
        assert time.monotonic() - unplugged < 2.0
        os.write(w2, pack(key_events("Abc")))
        assert sink.scans.get(timeout=2) == ("Abc", BY_ID)
        assert plug.opened == 2
    finally:
        reader.stop()
    assert plug.devices[-1].fd == -1  # closed on stop


def test_permission_denied_names_the_fix() -> None:
    sink, plug = Sink(), Plug()
    plug.fail = PermissionError(13, "Permission denied")
    reader = _reader(sink, plug)
    reader.start()
    try:
        st = sink.wait_state("permission denied")
        assert "'input' group" in st.detail and "99-termpos-scanner.rules" in st.detail
        assert reader.status_text() == "scanner: permission denied"
        plug.fail = None  # the udev rule was installed
        sink.wait_state("connected")
    finally:
        reader.stop()
    rules = (ROOT / "scripts" / "99-termpos-scanner.rules").read_text()
    assert 'GROUP="input"' in rules


def test_missing_device_is_waited_for() -> None:
    sink, plug = Sink(), Plug()
    plug.fail = FileNotFoundError(2, "No such file")
    reader = _reader(sink, plug)
    reader.start()
    try:
        assert sink.wait_state("not found").source == BY_ID
        plug.fail = None
        sink.wait_state("connected")
    finally:
        reader.stop()


def test_autodetect_by_name_prefix_and_a_broken_callback() -> None:
    plug, calls = Plug(), []
    sink = Sink()

    def bad(code: str, source: str) -> None:
        calls.append(code)
        if code == "1":
            raise RuntimeError("boom")
        sink.scan(code, source)

    settings = ScannerSettings(name_pattern="(?i)scanner", prefix="*", suffix="/")
    reader = ScannerReader(settings, bad, sink.status, opener=plug, retry_seconds=0.1,
                           finder=lambda pattern: ["/dev/input/event7"])
    reader.start()
    try:
        w = plug.writers.get(timeout=2)
        os.write(w, pack(key_events("*1/") + key_events("*22/", start_us=100_000)))
        assert sink.scans.get(timeout=2) == ("22", "/dev/input/event7")
        assert calls == ["1", "22"]
    finally:
        reader.stop()


def test_wedge_mode_starts_no_thread() -> None:
    sink = Sink()
    reader = ScannerReader(ScannerSettings(), sink.scan, sink.status)
    before = threading.active_count()
    reader.start()
    assert threading.active_count() == before
    assert reader.status_text() == "scanner: keyboard"
    reader.stop()


def test_autodetect_finds_a_second_scanner_and_restarts() -> None:
    sink, plug = Sink(), Plug()
    found = ["/dev/input/event7"]
    reader = ScannerReader(ScannerSettings(name_pattern="Scanner"), sink.scan, sink.status,
                           opener=plug, retry_seconds=0.1, finder=lambda pattern: list(found))
    reader.start()
    try:
        w1 = plug.writers.get(timeout=2)
        found.append("/dev/input/event9")  # a second scanner is plugged in
        w2 = plug.writers.get(timeout=2)
        os.write(w2, pack(key_events("222")))
        assert sink.scans.get(timeout=2) == ("222", "/dev/input/event9")
        os.write(w1, pack(key_events("111")))
        assert sink.scans.get(timeout=2) == ("111", "/dev/input/event7")
        assert reader.status_text() == "scanners: 2 ok"
    finally:
        reader.stop()
    reader.start()  # the till can start it again after stop()
    try:
        w3 = plug.writers.get(timeout=2)
        os.write(w3, pack(key_events("333")))
        assert sink.scans.get(timeout=2)[0] == "333"
    finally:
        reader.stop()


def test_list_inputs_reports_errors_and_by_id_links(tmp_path: Path) -> None:
    from termpos.devices import inputs

    (tmp_path / "event2").write_bytes(b"")  # not an input device: evdev's ioctl fails
    (tmp_path / "event10").write_bytes(b"")
    (tmp_path / "by-id").mkdir()
    (tmp_path / "by-id" / "usb-Acme_Scanner-event-kbd").symlink_to(tmp_path / "event10")
    found = inputs.list_inputs(str(tmp_path))
    assert [i.path.rsplit("/", 1)[1] for i in found] == ["event2", "event10"]  # numeric order
    assert found[1].by_id.endswith("usb-Acme_Scanner-event-kbd")
    assert all(i.error and not i.name for i in found)
    assert inputs.find_by_name("Scanner", str(tmp_path)) == []
    assert inputs.list_inputs(str(tmp_path / "missing")) == []


def test_evdev_async_reader_on_a_pipe() -> None:
    import asyncio

    from evdev import eventio_async

    class AsyncPipe(eventio_async.EventIO):
        def __init__(self, fd: int) -> None:
            self.fd = fd

    r, w = os.pipe()
    os.set_blocking(r, False)
    dev = AsyncPipe(r)

    async def main() -> list[str]:
        decoder, codes = ScanDecoder(), []
        loop = asyncio.get_running_loop()
        loop.call_later(0.01, os.write, w, pack(key_events("ABC-42")))
        async for e in dev.async_read_loop():
            scan = decoder.feed(e.type, e.code, e.value, e.sec * 1_000_000 + e.usec)
            if scan:
                codes.append(scan.code)
                break
        return codes

    try:
        assert asyncio.run(asyncio.wait_for(main(), 5)) == ["ABC-42"]
    finally:
        os.close(w)
        os.close(r)


def test_a_fifo_in_the_config_is_read_as_a_recorded_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "scanner.fifo"
    os.mkfifo(fifo)
    sink = Sink()
    reader = ScannerReader(ScannerSettings(devices=(str(fifo),)), sink.scan, sink.status,
                           retry_seconds=0.1)
    reader.start()
    try:
        assert sink.wait_state("connected").source == str(fifo)
        for code in ("4006381333931", "96385074"):  # a writer comes, writes, goes away
            w = os.open(fifo, os.O_WRONLY)
            os.write(w, pack(key_events(code)))
            assert sink.scans.get(timeout=2) == (code, str(fifo))
            os.close(w)
            assert sink.wait_state("disconnected").detail == "unplugged"
            assert sink.wait_state("connected")
    finally:
        reader.stop()
