"""Provides import_customers(): customer files (termpos, Open Source Point of Sale, Loyverse,
Square, generic) into the customer table, matched by code, then phone, then email.

A customer who asked to be forgotten is never brought back by an old file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from termpos.core.importing.customers import CustomerReader, CustomerRow
from termpos.core.importing.mapping import Mapping
from termpos.core.importing.rows import Problem
from termpos.models import Customer
from termpos.services.importer.reading import ImportFileError, Table
from termpos.services.importer.run import (
    ImportOptions,
    ImportResult,
    Progress,
    Reader,
    Writer,
    run_import,
)
from termpos.services.runtime import Runtime

_FIELDS = ("name", "phone", "email", "birthday", "notes", "consent")


class CustomerWriter:
    """Creates and updates customers one row at a time (customer files are small)."""

    def __init__(self, rt: Runtime, mapping: Mapping, result: ImportResult) -> None:
        self.rt, self.mapping, self.result = rt, mapping, result
        self.touched: dict[int, int] = {}

    def _find(self, r: CustomerRow) -> Customer | None:
        found: Customer | None
        if r.code_given:
            found = Customer.get_or_none(Customer.code == r.code)
            if found is not None:
                return found
        if r.phone:
            found = Customer.get_or_none(Customer.phone == r.phone)
            if found is not None:
                return found
        if r.email:
            found = Customer.select().where(Customer.email == r.email).first()
            if found is not None:
                return found
        found = Customer.get_or_none(Customer.code == r.code)
        return found

    def _one(self, r: CustomerRow) -> Problem | None:
        now = self.rt.clock.now()
        found = self._find(r)
        if found is None:
            if r.phone and Customer.get_or_none(Customer.phone == r.phone) is not None:
                return Problem(r.line, self.mapping.header_of("phone"), "phone already used")
            Customer.create(code=r.code, name=r.name, phone=r.phone, email=r.email or "",
                            birthday=r.birthday, notes=r.notes or "", consent=bool(r.consent),
                            consent_at=now if r.consent else None, source="import",
                            created_at=now)
            self.result.created += 1
            found = Customer.get(Customer.code == r.code)
            self.touched[int(found.id)] = r.line
            return None
        earlier = self.touched.get(int(found.id))
        if earlier:
            return Problem(r.line, "", f"duplicate: the same customer as line {earlier}")
        self.touched[int(found.id)] = r.line
        if found.forgotten_at is not None:
            self.result.skipped["customer asked to be forgotten: not imported again"] += 1
            return None
        changes: dict[str, Any] = {}
        for name in _FIELDS:
            value = getattr(r, name)
            if value is not None and value != getattr(found, name):
                changes[name] = value
        if r.phone and "phone" in changes:
            other = Customer.get_or_none(Customer.phone == r.phone)
            if other is not None and other.id != found.id:
                return Problem(r.line, self.mapping.header_of("phone"),
                               f"phone {r.phone} belongs to customer {other.code}")
        if "consent" in changes:
            changes["consent_at"] = now if r.consent else None
        if changes:
            Customer.update(**changes).where(Customer.id == found.id).execute()
            self.result.updated += 1
        else:
            self.result.unchanged += 1
        return None

    def flush(self, batch: list[tuple[Any, list[str] | None]]
              ) -> list[tuple[list[str] | None, list[Problem]]]:
        """Writes each customer of the batch; returns the rejected rows."""
        out = []
        for row, cells in batch:
            problem = self._one(row)
            if problem is not None:
                out.append((cells, [problem]))
        return out

    def idle(self) -> bool:
        """Nothing is left for the end: nothing to do meanwhile."""
        return False

    def finish(self, result: ImportResult) -> None:
        """Nothing to add for customers."""


def import_customers(rt: Runtime, path: Path | str, opts: ImportOptions,
                     progress: Progress | None = None) -> ImportResult:
    """Imports a customer file; see ImportOptions."""

    def build(rt: Runtime, mapping: Mapping, table: Table,
              result: ImportResult) -> tuple[Reader, Writer]:
        if not (mapping.has("name") or mapping.has("first_name") or mapping.has("last_name")):
            raise ImportFileError(
                "{path}: no column gives a customer name (columns: {names}); use --preset or "
                '--map "Header=name"',
                path=path, names=', '.join(h.strip() for h in table.header[:12]),
            )
        return (CustomerReader(mapping, len(table.header), rt.settings.customer_country_code),
                CustomerWriter(rt, mapping, result))

    return run_import(rt, path, opts, "customers", build, progress)
