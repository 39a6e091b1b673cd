"""Provides Runtime: the settings, database and clock that every service is given."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from peewee import Database

from termpos.core.clock import Clock, SystemClock
from termpos.core.config import Settings
from termpos.store.db import open_database, parse_target


def default_data_dir() -> Path:
    """The XDG data folder where the default store lives."""
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "termpos"


def default_db_url() -> str:
    """The default database: termpos.db in the XDG data folder."""
    return str(default_data_dir() / "termpos.db")


def pepper_path(db_url: str) -> Path:
    """Where the PIN pepper is kept: beside a SQLite file, else in the data folder."""
    override = os.environ.get("TERMPOS_PEPPER_FILE")
    if override:
        return Path(override)
    target = parse_target(db_url)
    if target.sqlite_path is not None:
        return target.sqlite_path.with_name(target.sqlite_path.name + ".pepper")
    return default_data_dir() / "pepper"


@dataclass
class Runtime:
    """What a service needs: the settings, the open database, the clock, where things are."""

    settings: Settings
    db: Database
    db_url: str
    clock: Clock = field(default_factory=SystemClock)
    training: bool = False

    @property
    def till(self) -> str:
        """The id of this till, as used in receipt numbers."""
        return self.settings.till_id

    @property
    def has_printer(self) -> bool:
        """Whether this till has a receipt printer ([printer] connection is not none)."""
        return self.settings.printer.connection.strip() != "none"


def open_runtime(
    settings: Settings,
    db_url: str,
    *,
    clock: Clock | None = None,
    read_only: bool = False,
    create: bool = False,
    pg_schema: str | None = None,
) -> Runtime:
    """Opens the database named by db_url and returns a Runtime over it."""
    db = open_database(db_url, read_only=read_only, create=create, pg_schema=pg_schema)
    return Runtime(settings, db, db_url, clock or SystemClock())
