"""Login: PIN hashing, lockout timing with an injected clock, and the journal of every try."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from termpos.core.clock import FixedClock
from termpos.core.errors import NotFound, Refused
from termpos.core.lockout import lock_delay
from termpos.core.pins import hash_pin, verify_pin
from termpos.models import User
from termpos.services.runtime import Runtime
from termpos.services.staff import authenticate
from termpos.services.users import create_user, ensure_pepper, list_users
from tests.staffkit import entries, fast_scrypt, kinds

__all__ = ["fast_scrypt"]
pytestmark = pytest.mark.usefixtures("fast_scrypt")


def test_pin_hash_is_salted_scrypt_with_pepper() -> None:
    a, b = hash_pin("1234", b"pepper"), hash_pin("1234", b"pepper")
    assert a.startswith("scrypt$") and a != b  # a fresh salt each time
    assert verify_pin("1234", a, b"pepper")
    assert not verify_pin("1234", a, b"other pepper")
    assert not verify_pin("1235", a, b"pepper")
    assert not verify_pin("1234", "garbage", b"pepper")


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "١٢٣٤"])
def test_bad_pin_formats_are_refused(pin: str) -> None:
    with pytest.raises(Refused, match="4 to 8 digits"):
        hash_pin(pin, b"p")


def test_pepper_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "pepper"
    first = ensure_pepper(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_pepper(path) == first and len(first) == 64


def test_login_and_journal(rt: Runtime) -> None:
    create_user(rt, "ann", "cashier", "1234")
    user = authenticate(rt, "ann", "1234")
    assert (user.name, user.role, user.active) == ("ann", "cashier", True)
    assert entries("login") == [{"user": "ann", "role": "cashier"}]
    with pytest.raises(NotFound, match="unknown user or wrong PIN"):
        authenticate(rt, "nobody", "1234")
    assert entries("login.failed")[-1] == {"user": "nobody", "reason": "unknown"}


def test_stored_hash_never_contains_the_pin(sqlite_rt: Runtime) -> None:
    create_user(sqlite_rt, "ann", "cashier", "98765")
    stored = User.get(User.name == "ann").pin_hash
    assert "98765" not in stored and stored.startswith("scrypt$")


def test_five_wrong_pins_lock_with_growing_delay(rt: Runtime, clock: FixedClock) -> None:
    create_user(rt, "ann", "cashier", "1234")
    for attempt in range(1, 5):
        with pytest.raises(Refused, match="unknown user or wrong PIN"):
            authenticate(rt, "ann", "0000")
        assert User.get(User.name == "ann").failed_attempts == attempt
    assert "user.locked" not in kinds()
    with pytest.raises(Refused, match="locked for 30 s"):
        authenticate(rt, "ann", "0000")
    assert entries("user.locked")[-1]["delay_s"] == 30
    # While locked even the right PIN is refused, and the try does not count.
    clock.advance(29)
    with pytest.raises(Refused, match="try again in"):
        authenticate(rt, "ann", "1234")
    assert User.get(User.name == "ann").failed_attempts == 5
    assert entries("login.locked")[-1]["user"] == "ann"
    assert [u.locked for u in list_users(rt) if u.name == "ann"] == [True]
    # After the delay a wrong PIN locks again, for twice as long.
    clock.advance(1)
    with pytest.raises(Refused, match="locked for 60 s"):
        authenticate(rt, "ann", "0000")
    clock.advance(59)
    with pytest.raises(Refused, match="try again in 1 s"):
        authenticate(rt, "ann", "1234")
    clock.advance(1)
    assert authenticate(rt, "ann", "1234").name == "ann"
    row = User.get(User.name == "ann")
    assert (row.failed_attempts, row.locked_until) == (0, None)
    assert [u.locked for u in list_users(rt) if u.name == "ann"] == [False]
    assert [e["delay_s"] for e in entries("user.locked")] == [30, 60]
    assert len(entries("login.failed")) == 6


def test_lock_delay_grows_and_is_capped() -> None:
    assert [lock_delay(n) for n in range(4, 9)] == [0, 30, 60, 120, 240]
    assert lock_delay(50) == 3600


def test_a_right_pin_resets_the_count(sqlite_rt: Runtime) -> None:
    rt = sqlite_rt
    create_user(rt, "ann", "cashier", "1234")
    for _ in range(4):
        with pytest.raises(Refused):
            authenticate(rt, "ann", "9999")
    authenticate(rt, "ann", "1234")
    for _ in range(4):  # four more do not lock: the count started again
        with pytest.raises(Refused, match="wrong PIN"):
            authenticate(rt, "ann", "9999")
    assert User.get(User.name == "ann").locked_until is None


def test_disabled_user_cannot_log_in(sqlite_rt: Runtime) -> None:
    rt = sqlite_rt
    create_user(rt, "ann", "cashier", "1234")
    User.update(active=False).where(User.name == "ann").execute()
    with pytest.raises(NotFound):
        authenticate(rt, "ann", "1234")
    assert entries("login.failed")[-1] == {"user": "ann", "reason": "disabled"}


def test_overlong_name_is_journaled_cut(rt: Runtime) -> None:
    """A 500-character name is refused cleanly on PostgreSQL too (actor is VARCHAR(64))."""
    with pytest.raises(NotFound):
        authenticate(rt, "x" * 500, "1234")
    assert entries("login.failed")[-1]["user"] == "x" * 64


def test_bad_user_names_are_refused(sqlite_rt: Runtime) -> None:
    for name in ["", "   ", "a\tb", "x" * 65]:
        with pytest.raises(Refused, match="user name"):
            create_user(sqlite_rt, name, "cashier", "1234")
    assert User.select().count() == 0


def test_wrong_pins_inside_a_rolled_back_transaction_still_lock(rt: Runtime) -> None:
    """An approver's PIN checked inside a caller's transaction: the refusal rolls it back."""
    from termpos.services.staff import authorize
    from termpos.store.tx import write_transaction

    cashier = create_user(rt, "ann", "cashier", "1234")
    create_user(rt, "max", "manager", "2468")

    def override(pin: str) -> None:
        with write_transaction(rt.db):
            authorize(rt, cashier, "price_override", approver=("max", pin), reason="r")

    for _ in range(4):
        with pytest.raises(Refused, match="wrong PIN"):
            override("0000")
    with pytest.raises(Refused, match="locked for 30 s"):
        override("0000")
    assert User.get(User.name == "max").failed_attempts == 0  # rolled back in the store
    with pytest.raises(Refused, match="try again in 30 s"):
        override("2468")  # the right PIN is still refused while locked
    authenticate(rt, "ann", "1234")  # a login outside a transaction writes them down
    row = User.get(User.name == "max")
    assert row.failed_attempts == 5 and row.locked_until is not None
    assert [e["attempts"] for e in entries("login.failed") if e["user"] == "max"] == [
        1, 2, 3, 4, 5]
    assert entries("user.locked")[-1]["deferred"] is True
    with pytest.raises(Refused, match="try again"):
        authenticate(rt, "max", "2468")


def test_control_characters_are_stored_safely(rt: Runtime) -> None:
    """A NUL typed into a name or reason must not break PostgreSQL (it refuses NUL in text)."""
    from termpos.services import cash, shifts
    from termpos.services.staff import authorize

    ann = create_user(rt, "ann", "cashier", "1234")
    create_user(rt, "max", "manager", "2468")
    with pytest.raises(NotFound):
        authenticate(rt, "an\x00n", "1234")
    assert entries("login.failed")[-1]["user"] == "an?n"
    authorize(rt, ann, "price_override", approver=("max", "2468"), reason="bad\x00label")
    assert entries("override")[-1]["reason"] == "bad?label"
    shifts.open_shift(rt, ann, 100)
    move = cash.paid_out(rt, authenticate(rt, "max", "2468"), 5, "tip\x00s")
    assert move.reason == "tip?s"
