"""Provides small helpers for reading Peewee rows that peewee's type stubs do not describe."""

from __future__ import annotations

from peewee import Model


def fk_id(row: Model, field: str) -> int | None:
    """The raw id held in a foreign-key column (``row.<field>_id``) without loading the row."""
    value = row.__data__.get(field)
    return int(value) if value is not None else None
