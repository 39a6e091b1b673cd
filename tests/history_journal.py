"""Chains generated journal events onto the journal the store holds already."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from termpos.core.journal import GENESIS, chain_hash
from termpos.models import Journal
from termpos.services.journal import entry_dict
from termpos.services.runtime import Runtime


def chain_rows(
    rt: Runtime, events: Iterable[tuple[dt.datetime, str, str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Journal rows for (when, kind, actor, payload) events, hashed as services.journal does."""
    last = Journal.select(Journal.id, Journal.hash).order_by(Journal.id.desc()).first()
    prev = last.hash if last else GENESIS
    seq = last.id if last else 0
    rows = []
    for when, kind, actor, payload in events:
        seq += 1
        at = when.replace(microsecond=0)
        digest = chain_hash(prev, entry_dict(seq, at.isoformat(sep=" "), rt.till, kind, actor,
                                             payload))
        rows.append({"id": seq, "created_at": at, "till": rt.till, "kind": kind, "actor": actor,
                     "payload": json.dumps(payload, sort_keys=True, ensure_ascii=False),
                     "prev_hash": prev, "hash": digest})
        prev = digest
    return rows
