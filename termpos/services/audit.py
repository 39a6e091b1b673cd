"""Provides the audit: the journal's hash chain, document digests and gap-free numbering.

``verify`` walks the whole journal in order, recomputing each hash from the previous one;
checks that every sale and refund has its journal entry and still matches the digest written
there; and that each till's numbers run 1..N without a gap. It reports the first problem.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from termpos.core.document import receipt_number
from termpos.core.journal import GENESIS, chain_hash
from termpos.models import Counter, Journal, Sale
from termpos.services.documents import counter_name, stored_digests
from termpos.services.journal import entry_dict
from termpos.services.runtime import Runtime

_BATCH = 2000


@dataclass(frozen=True)
class AuditReport:
    """What verify found: counts, and the first problem (None when all is well)."""

    entries: int
    documents: int
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return self.problem is None


@dataclass(frozen=True)
class JournalEntry:
    """One journal entry as listed by ``termpos audit log``."""

    id: int
    created_at: dt.datetime
    till: str
    kind: str
    actor: str
    payload: dict[str, Any]
    hash: str


def _at(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat(sep=" ")


def _verify_chain() -> tuple[int, dict[str, tuple[int, str]], str | None]:
    """Walks the chain; returns entry count, {document number: (entry id, digest)}, problem."""
    prev = GENESIS
    count = 0
    docs: dict[str, tuple[int, str]] = {}
    last_id = 0
    while True:
        rows = list(Journal.select().where(Journal.id > last_id)
                    .order_by(Journal.id).limit(_BATCH))
        if not rows:
            break
        for row in rows:
            count += 1
            if row.id != last_id + 1:
                return count, docs, f"journal entry {last_id + 1}: missing (next is {row.id})"
            last_id = row.id
            if row.prev_hash != prev:
                return count, docs, f"journal entry {row.id}: previous hash does not match"
            try:
                payload = json.loads(row.payload)
            except ValueError:
                return count, docs, f"journal entry {row.id}: payload is not valid JSON"
            entry = entry_dict(row.id, _at(row.created_at), row.till, row.kind, row.actor,
                               payload)
            if chain_hash(prev, entry) != row.hash:
                return count, docs, f"journal entry {row.id} ({row.kind}): hash does not match"
            prev = row.hash
            if row.kind in ("sale", "refund") and isinstance(payload, dict):
                docs[str(payload.get("number"))] = (row.id, str(payload.get("digest")))
    return count, docs, None


def _verify_documents(docs: dict[str, tuple[int, str]]) -> tuple[int, str | None]:
    """Each document: journaled, unchanged since, numbered without gaps per till."""
    expected: dict[str, int] = {}
    count = 0
    last_id = 0
    while True:
        rows = list(Sale.select(Sale.id, Sale.number, Sale.till, Sale.seq)
                    .where(Sale.id > last_id).order_by(Sale.id).limit(_BATCH))
        if not rows:
            break
        digests = stored_digests(rows[0].id, rows[-1].id)
        for sale in rows:
            count += 1
            last_id = sale.id
            if sale.number != receipt_number(sale.till, sale.seq):
                return count, f"document {sale.number}: number does not match till/sequence"
            entry = docs.pop(sale.number, None)
            if entry is None:
                return count, f"document {sale.number}: no journal entry"
            if digests.get(sale.id) != entry[1]:
                return count, (f"document {sale.number}: changed since journal entry "
                               f"{entry[0]}")
            nxt = expected.get(sale.till, 0) + 1
            if sale.seq != nxt:
                return count, f"till {sale.till}: number {receipt_number(sale.till, nxt)} missing"
            expected[sale.till] = nxt
    if docs:
        number, (entry_id, _) = min(docs.items(), key=lambda kv: kv[1][0])
        return count, f"journal entry {entry_id}: document {number} is missing"
    for till, last in expected.items():
        counter = Counter.get_or_none(Counter.name == counter_name(till))
        if counter is None or int(counter.value) != last:
            return count, f"till {till}: counter does not match the last number {last}"
    return count, None


def verify(rt: Runtime) -> AuditReport:
    """Checks the whole journal chain, every document's digest and gap-free numbering."""
    entries, docs, problem = _verify_chain()
    if problem is not None:
        return AuditReport(entries, 0, problem)
    documents, problem = _verify_documents(docs)
    return AuditReport(entries, documents, problem)


def log(rt: Runtime, *, kind: str | None = None, since: dt.datetime | None = None,
        until: dt.datetime | None = None, limit: int = 100) -> list[JournalEntry]:
    """Journal entries, newest first, filtered by kind (prefix ``sale`` matches ``sale*``)."""
    query = Journal.select().order_by(Journal.id.desc())
    if kind:
        query = query.where((Journal.kind == kind) | Journal.kind.startswith(kind + "."))
    if since is not None:
        query = query.where(Journal.created_at >= since)
    if until is not None:
        query = query.where(Journal.created_at < until)
    return [JournalEntry(r.id, r.created_at, r.till, r.kind, r.actor, json.loads(r.payload),
                         r.hash) for r in query.limit(max(1, limit))]
