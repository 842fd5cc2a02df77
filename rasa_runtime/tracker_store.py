"""Rasa's SQL tracker store with its database work off the server's event loop.

Rasa 3.6's SQLTrackerStore is declared async but reads and writes the database synchronously: a
conversation's events are fetched, decoded and replayed, and a turn's new events encoded and
committed, while every other conversation of the replica waits (a third of the event loop's time
when 20 people send long messages at once). This store, named in endpoints.yml
(`type: rasa_runtime.tracker_store.OffLoopSQLTrackerStore`, the same settings as `type: SQL`), runs
that work in worker threads; the tables, rows and queries are Rasa's own, so everything that reads
them (the inbox, erasure, the purge) is unchanged.

An event broker, if a firm configures one, is still fed on the server's loop (it belongs to it).
The methods run in the threads are Rasa's own; the seams `tracker_store_retrieve` and
`tracker_store_save` stop the server at start if a Rasa upgrade changes them.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_runtime import seams

T = TypeVar("T")
THREADS = 4  # a slow commit (PostgreSQL across a network) holds one thread, not every conversation


class OffLoopSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        for seam_id in ("tracker_store_retrieve", "tracker_store_save"):
            seams.check(seam_id)
        super().__init__(*args, **kwargs)
        self._workers = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="tracker-store")
        self._in_worker = threading.local()

    async def _off_loop(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Runs one of Rasa's store coroutines (which never wait on anything) to its end in a worker."""
        return await asyncio.get_running_loop().run_in_executor(self._workers, self._run, coroutine)

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """In a worker: its own event loop, made once per thread (not one per call)."""
        worker = self._in_worker
        if getattr(worker, "loop", None) is None:
            worker.loop = asyncio.new_event_loop()
        worker.active = True
        try:
            result: T = worker.loop.run_until_complete(coroutine)
            return result
        finally:
            worker.active = False

    async def keys(self) -> Iterable[str]:
        return await self._off_loop(SQLTrackerStore.keys(self))

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await self._off_loop(SQLTrackerStore.retrieve(self, sender_id))

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        return await self._off_loop(SQLTrackerStore.retrieve_full_tracker(self, conversation_id))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        await self._off_loop(SQLTrackerStore.save(self, tracker))

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """On the server's loop only: Rasa's save, run in a worker, calls it again there."""
        if not getattr(self._in_worker, "active", False):
            await super().stream_events(tracker)
