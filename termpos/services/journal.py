"""Provides append(): adds an entry to the hash-chained journal inside the caller's transaction."""

from __future__ import annotations

import json
from typing import Any

from termpos.core.journal import GENESIS, chain_hash
from termpos.models import Journal
from termpos.services.runtime import Runtime
from termpos.store.tx import write_transaction


def entry_dict(
    seq: int, created_at: str, till: str, kind: str, actor: str, payload: dict[str, Any]
) -> dict[str, Any]:
    """The fields that the hash covers, in the form that verify recomputes."""
    return {
        "seq": seq,
        "at": created_at,
        "till": till,
        "kind": kind,
        "actor": actor,
        "data": payload,
    }


def append(rt: Runtime, kind: str, actor: str, payload: dict[str, Any]) -> Journal:
    """Appends one entry; call inside ``write_transaction(rt.db)`` with the document it records."""
    with write_transaction(rt.db):
        last = Journal.select(Journal.id, Journal.hash).order_by(Journal.id.desc()).first()
        prev = last.hash if last else GENESIS
        seq = (last.id + 1) if last else 1
        now = rt.clock.now().replace(microsecond=0)
        at = now.isoformat(sep=" ")
        digest = chain_hash(prev, entry_dict(seq, at, rt.till, kind, actor, payload))
        return Journal.create(
            id=seq,
            created_at=now,
            till=rt.till,
            kind=kind,
            actor=actor,
            payload=json.dumps(payload, sort_keys=True, ensure_ascii=False),
            prev_hash=prev,
            hash=digest,
        )
