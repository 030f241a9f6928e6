"""One pass of the outbox: send what is due, record how it went, schedule retries."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from ipterm.domain.sync import backoff_seconds
from ipterm.store import exports as export_log
from ipterm.store import outbox
from ipterm.store.database import Store
from ipterm.sync.destinations import Destination, SyncError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PassResult:
    sent: int = 0
    failed: int = 0
    stopped_early: bool = False


def run_once(
    store: Store, destination: Destination, now: datetime, *, rng: random.Random | None = None, limit: int = 500
) -> PassResult:
    """Send every due item once. A connection failure stops the pass (the server is down; the rest waits)."""
    with store.transaction():
        outbox.recover_interrupted(store.conn, now)
    sent = failed = 0
    for item in outbox.due(store.conn, destination.key, now, limit=limit):
        with store.transaction():
            outbox.mark_sending(store.conn, item.id, now)
        try:
            content = export_log.export_content(store.conn, item.export_id)
            destination.send(item.remote_name, content)
        except SyncError as exc:
            retry = now + timedelta(seconds=backoff_seconds(item.attempts + 1, rng))
            with store.transaction():
                outbox.mark_failed(store.conn, item.id, exc.message(), retry, now)
            log.info("outbox item %s failed (attempt %s)", item.id, item.attempts + 1)
            failed += 1
            if exc.offline:
                return PassResult(sent, failed, True)
            continue
        with store.transaction():
            outbox.mark_sent(store.conn, item.id, now)
        sent += 1
    return PassResult(sent, failed, False)
