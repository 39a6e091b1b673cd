"""Provides training mode: the same services over a separate training database.

The training store is a SQLite file beside the real one (``termpos.training.db``; for a
PostgreSQL store, in the data folder), created and migrated on demand. Staff, products,
categories, suppliers and customers are copied in from the real store; sales, stock,
numbering and the journal stay in the training file, and receipts say TRAINING — NOT A VALID
RECEIPT. Models are bound to one database at a time: ``leave_training`` binds them back.
"""

from __future__ import annotations

from pathlib import Path

from peewee import Database, fn

from termpos.models import MODELS, Base, Category, Customer, Product, Supplier, User
from termpos.services import journal
from termpos.services.runtime import Runtime, default_data_dir
from termpos.services.staff import authorize
from termpos.services.users import UserInfo
from termpos.store.db import open_database, parse_target
from termpos.store.tx import write_transaction

_CHUNK = 2000


def training_path(db_url: str) -> Path:
    """Where the training store of a store lives."""
    target = parse_target(db_url)
    if target.sqlite_path is not None:
        p = target.sqlite_path
        return p.with_name(f"{p.stem}.training{p.suffix or '.db'}")
    return default_data_dir() / "termpos.training.db"


def _copy_new_rows(real: Database, training: Database, model: type[Base]) -> None:
    """Copies rows the training store does not have yet (by id), in chunks."""
    with training.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False):
        start = int(model.select(fn.COALESCE(fn.MAX(model.id), 0)).scalar() or 0)
    while True:
        with real.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False):
            rows = list(model.select().where(model.id > start).order_by(model.id)
                        .limit(_CHUNK).dicts())
        if not rows:
            return
        with training.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False), training.atomic():
            model.insert_many(rows).execute()
        start = int(rows[-1]["id"])  # type: ignore[index]


def _refresh_users(real: Database, training: Database) -> None:
    """Brings PINs, roles and active flags of existing staff up to date."""
    with real.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False):
        users: list[tuple[int, str, str, bool]] = [
            (u.id, u.role, u.pin_hash, bool(u.active)) for u in User.select()]
    with training.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False), training.atomic():
        for uid, role, pin_hash, active in users:
            User.update(role=role, pin_hash=pin_hash, active=active, failed_attempts=0,
                        locked_until=None).where(User.id == uid).execute()


def enter_training(rt: Runtime, user: UserInfo, *,
                   approver: tuple[str, str] | None = None, reason: str = "") -> Runtime:
    """Switches to the training store (needs training_mode) and returns its Runtime.

    The training Runtime keeps the real store's URL for the PIN pepper, so the same PINs
    work; a shift is opened in the training store when none is open.
    """
    authorize(rt, user, "training_mode", approver=approver, reason=reason)
    path = training_path(rt.db_url)
    with write_transaction(rt.db):
        journal.append(rt, "training.enter", user.name, {"file": str(path)})
    training = open_database(str(path), create=True)  # binds the models to it
    for model in (User, Category, Supplier, Product, Customer):
        _copy_new_rows(rt.db, training, model)
    _refresh_users(rt.db, training)
    trt = Runtime(rt.settings, training, rt.db_url, rt.clock, training=True)
    from termpos.services.shifts import current_shift, open_shift

    if current_shift(trt) is None:
        open_shift(trt, user.id, 0)
    return trt


def leave_training(real: Runtime, training: Runtime) -> None:
    """Closes the training store and binds the models to the real one again."""
    if training.db is not real.db:
        training.db.close()
    real.db.bind(MODELS, bind_refs=False, bind_backrefs=False)
