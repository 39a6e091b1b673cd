"""Pilot tests of the till's flows at 80x24, asserting on database rows and messages."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable

from textual.widgets import Static

from termpos.core.clock import FixedClock
from termpos.models import (
    Basket,
    BasketLine,
    Journal,
    PrintJob,
    Sale,
    SaleLine,
    Shift,
    StockMove,
    Tender,
    User,
)
from termpos.screens.lock import LockScreen
from termpos.screens.login import LoginScreen
from termpos.screens.open_shift import OpenShiftScreen
from termpos.screens.override import OverrideModal
from termpos.screens.sale import SaleScreen
from termpos.screens.search import SearchModal
from termpos.screens.tender import TenderModal
from termpos.services.runtime import Runtime
from termpos.services.users import create_user
from termpos.widgets.messages import BarcodeScanned
from termpos.widgets.status import StatusLine
from tests.tillkit import (
    burst,
    login,
    login_and_open,
    pilot_test,
    screen_text,
    till,
    type_text,
)

WATER = "4710000000042"  # 1.29
TEA = "4710000000011"  # 珍珠奶茶 3.50




def message(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one("#message", Static).render())


def lines() -> list[tuple[str, int, int]]:
    return [(r.name, r.qty_milli, r.unit_price) for r in
            BasketLine.select().where(BasketLine.voided == False).order_by(BasketLine.id)]  # noqa: E712


async def scan(pilot: object, code: str) -> None:
    await burst(pilot, code, enter=True)  # type: ignore[arg-type]


@pilot_test
async def test_login_and_open_shift(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, LoginScreen)
        await pilot.press(*"cashier", "enter", *"1357", "enter")  # key by key
        await pilot.pause()
        assert isinstance(app.screen, OpenShiftScreen)
        await pilot.press("escape")  # log out again
        await pilot.pause()
        await burst(pilot, "cashier\r1357\r")  # typed ahead in one burst: still in order
        assert isinstance(app.screen, OpenShiftScreen)
        await type_text(pilot, "1x.2.3")  # letters are refused by the field
        assert app.screen.query_one("#float").value == "1.2.3"  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert "not an amount: 1.2.3" in message(app) and Shift.select().count() == 0
        await pilot.press(*["backspace"] * 4, "0", "0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)
        shift = Shift.get()
        assert shift.opening_float == 10000 and shift.opened_by.name == "cashier"
        assert Journal.select().where(Journal.kind == "shift.open").count() == 1
        status = app.screen.query_one(StatusLine).status
        assert (status.till, status.cashier, status.shift) == ("T1", "cashier", str(shift.id))
        assert status.clock == "09:00" and status.printer == "Printer: no printer"


@pilot_test
async def test_wrong_pin_then_lockout(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await login(pilot, pin="0000")
        assert isinstance(app.screen, LoginScreen)
        assert "wrong PIN" in message(app)
        assert User.get(User.name == "cashier").failed_attempts == 1
        User.update(failed_attempts=4).where(User.name == "cashier").execute()
        await type_text(pilot, "9999")  # the PIN field keeps the focus
        await pilot.press("enter")
        assert "locked for 30 s" in message(app)
        await type_text(pilot, "1357")  # the right PIN, but still locked
        await pilot.press("enter")
        assert isinstance(app.screen, LoginScreen) and "try again" in message(app)
        assert Shift.select().count() == 0


async def _selling(store: Runtime, pilot: object) -> None:
    await login_and_open(pilot)  # type: ignore[arg-type]


@pilot_test
async def test_search_chinese_and_latin(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _selling(store, pilot)
        await pilot.press("f2")
        assert isinstance(app.screen, SearchModal)
        await type_text(pilot, "茶")
        assert sorted(h.name for h in app.screen.hits) == ["烏龍茶", "珍珠奶茶"]
        await pilot.press("down", "down", "enter")  # into the list, second result
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)
        await pilot.press("f2")
        await type_text(pilot, "spark wat")
        assert [h.name for h in app.screen.hits] == ["Sparkling water 1L"]
        await pilot.press("enter")
        await pilot.pause()
        assert [n for n, _q, _p in lines()] == ["珍珠奶茶", "Sparkling water 1L"]
        await type_text(pilot, "zzz")  # typed text that is no code opens the search
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchModal) and "nothing found" in message(app)
        await pilot.press("escape")
        assert len(lines()) == 2


@pilot_test
async def test_wedge_scan_and_quantity(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _selling(store, pilot)
        await scan(pilot, WATER)
        screen = app.screen
        assert isinstance(screen, SaleScreen)
        assert screen.last_scan == (WATER, "wedge")
        await type_text(pilot, "3*")
        await scan(pilot, TEA)
        assert lines() == [("Sparkling water 1L", 1000, 129), ("珍珠奶茶", 3000, 350)]
        keys = [k for ch in "4710000000035" for k in (ch, "wait:70")]
        await pilot.press(*keys, "enter")  # typed by hand: a code, but not a scan
        await pilot.pause()
        assert screen.last_scan == (TEA, "wedge") and lines()[-1][0] == "Sourdough loaf"
        assert "Total: 16.29" in str(screen.query_one("#totals", Static).render())
        basket = Basket.get()
        assert basket.status == "open" and basket.till == "T1"


@pilot_test
async def test_not_found_scan_beeps_and_keeps_the_basket(store: Runtime) -> None:
    app = till(store)
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await _selling(store, pilot)
        await scan(pilot, WATER)
        await scan(pilot, "4006381333931")
        assert bells == [1]
        assert "Not found: 4006381333931" in message(app)
        assert lines() == [("Sparkling water 1L", 1000, 129)]
        assert Basket.get().status == "open"


class FakeScanner:
    """A scanner reader that delivers scans from its own thread, like the devices layer."""

    def __init__(self, on_scan: Callable[[str, str], None]) -> None:
        self.on_scan = on_scan
        self.started = self.stopped = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def status_text(self) -> str:
        return "scanner: ok"

    def fire(self, code: str) -> None:
        t = threading.Thread(target=self.on_scan, args=(code, "/dev/input/event3"))
        t.start()
        t.join()


@pilot_test
async def test_device_scans_arrive_as_messages(store: Runtime) -> None:
    from termpos.app import make_app

    readers: list[FakeScanner] = []

    def build(on_scan: Callable[[str, str], None]) -> FakeScanner:
        readers.append(FakeScanner(on_scan))
        return readers[-1]

    app = make_app(store, scanner=build, console=False)
    async with app.run_test(size=(80, 24)) as pilot:
        scanner = readers[0]
        assert scanner.started
        scanner.fire(WATER)  # on the login screen: refused, nothing added
        await pilot.pause()
        assert lines() == []
        await _selling(store, pilot)
        scanner.fire(TEA)
        await pilot.pause()
        assert lines() == [("珍珠奶茶", 1000, 350)]
        assert isinstance(app.screen, SaleScreen)
        assert app.screen.last_scan == (TEA, "/dev/input/event3")
        assert app.screen.query_one(StatusLine).status.scanner == "scanner: ok"
        app.post_message(BarcodeScanned(WATER, "scanner"))
        await pilot.pause()
        assert len(lines()) == 2
    assert scanner.stopped


@pilot_test
async def test_override_escape_has_no_side_effects(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _selling(store, pilot)
        await scan(pilot, WATER)
        journal_before = Journal.select().count()
        await type_text(pilot, "1")
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, OverrideModal)
        await type_text(pilot, "manager")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)
        assert lines() == [("Sparkling water 1L", 1000, 129)]
        assert Journal.select().count() == journal_before
        assert "Not approved" in message(app)
        # Now approved by the manager: the price changes and the override is journaled.
        await type_text(pilot, "1")
        await pilot.press("f5")
        await type_text(pilot, "manager")
        await pilot.press("enter")
        await type_text(pilot, "2468")
        await pilot.press("enter")
        await type_text(pilot, "dented")
        await pilot.press("enter")
        await pilot.pause()
        assert lines() == [("Sparkling water 1L", 1000, 100)]
        line = BasketLine.get()
        assert line.price_override_by.name == "manager" and line.price_override_reason == "dented"
        entry = Journal.select().where(Journal.kind == "override").get()
        assert "dented" in entry.payload and entry.actor == "manager"


@pilot_test
async def test_override_wrong_pin_is_refused(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _selling(store, pilot)
        await scan(pilot, WATER)
        await type_text(pilot, "1")
        await pilot.press("f5")
        await login(pilot, "manager", "1111")
        await type_text(pilot, "why")
        await pilot.press("enter")
        await pilot.pause()
        assert "wrong PIN" in message(app)
        assert lines() == [("Sparkling water 1L", 1000, 129)]


@pilot_test
async def test_tender_split_and_change(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _selling(store, pilot)
        await pilot.press("f10")  # greyed out: nothing to pay
        assert isinstance(app.screen, SaleScreen)
        assert app.screen.check_action("tender", ()) is None
        await scan(pilot, TEA)
        await scan(pilot, WATER)
        await pilot.press("f10")
        assert isinstance(app.screen, TenderModal)
        await pilot.press("escape")
        assert isinstance(app.screen, SaleScreen) and Basket.get().status == "open"
        await pilot.press("f10")
        await type_text(pilot, "2")
        await pilot.press("f2")  # card 2.00
        await type_text(pilot, "5")
        await pilot.press("enter")  # cash 5.00 of 2.79 due
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)
        assert Basket.get_by_id(1).status == "done"
        assert "Change: 2.21" in message(app)
        assert app.screen.lines == () and Basket.get_by_id(2).status == "open"
        sale = Sale.get()  # the real sale document, its tenders, stock and receipt
        assert (sale.kind, sale.total, sale.change) == ("sale", 479, 221)
        assert sale.number in message(app)
        assert sorted((t.kind, t.amount) for t in Tender.select()) == [
            ("card", 200), ("cash", 500)]
        assert sorted((m.product.code, m.qty_milli, m.kind) for m in StockMove.select()) == [
            ("P1", -1000, "sale"), ("P4", -1000, "sale")]
        job = PrintJob.get()
        assert job.kind == "receipt" and job.sale_id == sale.id
        assert job.status == "skipped"  # kept for a reprint: this till has no printer
        assert [ln.name for ln in SaleLine.select().order_by(SaleLine.seq)] == [
            "珍珠奶茶", "Sparkling water 1L"]


@pilot_test
async def test_void_line_and_cancel_needs_approval(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _selling(store, pilot)
        await scan(pilot, TEA)
        await scan(pilot, WATER)
        await pilot.press("up", "f4")
        assert lines() == [("Sparkling water 1L", 1000, 129)]
        await pilot.press("f6")
        assert isinstance(app.screen, OverrideModal)
        await pilot.press("escape")
        assert Basket.get().status == "open"


@pilot_test
async def test_tab_moves_between_fields_in_key_order(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(pilot, "cashier")
        await pilot.press("shift+tab")  # from the user field back round to the PIN
        assert app.focused is not None and app.focused.id == "pin"
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "user"
        await pilot.press(*["backspace"] * 7)
        # over SSH a whole login can arrive in one packet: Textual's own Tab would move the
        # focus only after the PIN digits had gone into the user field
        await burst(pilot, "cashier\t1357\r")
        assert isinstance(app.screen, OpenShiftScreen)
        await burst(pilot, "100", enter=True)
        await scan(pilot, TEA)
        await pilot.press("f6")
        assert isinstance(app.screen, OverrideModal)
        await burst(pilot, "manager\t2468\tchanged mind\r")
        assert isinstance(app.screen, SaleScreen)
        assert Basket.get_by_id(1).status == "cancelled"


@pilot_test
async def test_lock_and_unlock(store: Runtime) -> None:
    create_user(store, "other", "cashier", "4444")
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _selling(store, pilot)
        await scan(pilot, WATER)
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, LockScreen)
        await pilot.press("escape")  # Esc does not unlock
        assert isinstance(app.screen, LockScreen)
        await pilot.press(*["backspace"] * 10)  # user field holds the locked user's name
        app.screen.query_one("#user").value = "other"  # type: ignore[attr-defined]
        await type_text(pilot, "4444")
        await pilot.press("enter")
        assert "only cashier or a manager" in message(app)
        app.screen.query_one("#user").value = "manager"  # type: ignore[attr-defined]
        await type_text(pilot, "2468")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen) and lines() == [("Sparkling water 1L", 1000, 129)]
        # Idle for longer than idle_lock_seconds: locked again.
        clock = store.clock
        assert isinstance(clock, FixedClock)
        clock.advance(store.settings.idle_lock_seconds + 1)
        app.check_idle_lock()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await type_text(pilot, "1357")  # the same user unlocks
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen)
        kinds = [j.kind for j in Journal.select().where(Journal.kind.startswith("till."))]
        assert kinds == ["till.lock", "till.unlock.refused", "till.unlock", "till.lock",
                         "till.unlock"]


@pilot_test
async def test_keymap_from_settings(store: Runtime) -> None:
    store.settings = dataclasses.replace(store.settings, keymap={"search": "f7"})
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _selling(store, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert footer.startswith("f1 Keys f7 Search f3 Qty")  # in place, not moved to the end
        await pilot.press("f2")
        assert isinstance(app.screen, SaleScreen)
        await pilot.press("f7")
        assert isinstance(app.screen, SearchModal)


class FakePrinter:
    """A print spool worker: its own status text, woken after each sale."""

    def __init__(self, text: str) -> None:
        self.text, self.wakes, self.running = text, 0, False

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False

    def wake(self) -> None:
        self.wakes += 1

    def state_text(self) -> str:
        if not self.text:
            raise OSError("spool gone")
        return self.text


@pilot_test
async def test_status_shows_printer_and_training(store: Runtime) -> None:
    from termpos.app import make_app

    store.training = True
    printer = FakePrinter("not printed: 2 jobs (offline)")
    app = make_app(store, printer=printer, console=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert printer.running
        await _selling(store, pilot)
        status = app.screen.query_one(StatusLine).status
        assert status.printer == "not printed: 2 jobs (offline)" and status.training
        assert "TRAINING MODE" in str(app.screen.query_one("#training", Static).render())
        printer.text = ""  # the spool itself fails: shown, never raised
        app.refresh_status()
        assert app.screen.query_one(StatusLine).status.printer == "Printer: printer fault"
        await scan(pilot, WATER)  # a printer fault never blocks a sale
        await pilot.press("f10", "enter")
        await pilot.pause()
        assert Basket.get_by_id(1).status == "done" and printer.wakes == 1
    assert not printer.running


@pilot_test
async def test_chinese_language(store: Runtime) -> None:
    store.settings = dataclasses.replace(store.settings, language="zh_TW")
    app = till(store)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _selling(store, pilot)
            descriptions = {b.binding.description for b in app.active_bindings.values()}
            assert {"搜尋", "結帳"} <= descriptions
    finally:
        from termpos.core.i18n import set_language

        set_language("en")



@pilot_test
async def test_ctrl_q_quits_only_from_the_login_screen(store: Runtime) -> None:
    app = till(store)
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await _selling(store, pilot)
        await scan(pilot, WATER)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, SaleScreen) and app.is_running and bells == [1]
        assert Basket.get().status == "open"
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running
    assert app.return_code in (None, 0)


@pilot_test
async def test_ctrl_q_on_the_login_screen_quits(store: Runtime) -> None:
    app = till(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
