"""The domain's application service on a real store: how Collegia's commands are stored.

`StoredCollegia` is `governance.application.Collegia` with what a real deployment needs around the
use cases, none of which changes a governance decision:

- **turns**: commands on one aggregate take turns, between the threads of a process (a striped lock
  keyed by the aggregate's id) and between processes (a lock per stripe in the store,
  `infrastructure.turns`), so that they rarely decide on the same version;
- **the register's hash chain**: each save tells the chain recorder which pole's register each
  aggregate's events belong to, and a signature of minutes also writes the register head it
  recorded to the anchors table, in the same transaction (docs/register.md);
- **snapshots**: sealed with a key of the instance and used only when the seal holds
  (`infrastructure.snapshot_seal`), taken from the aggregate just saved rather than reloaded, and
  packed for large proposals (`infrastructure.snapshots`).

The composition root (`infrastructure.system.bootstrap`) builds this class; the domain's own tests use
`Collegia` on the library's in-memory store.
"""

from __future__ import annotations

import threading
import zlib
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Iterator
from uuid import UUID

from eventsourcing.application import project_aggregate
from eventsourcing.persistence import Recording

from governance.application import Collegia
from governance.clock import PARIS
from governance.minutes import Minutes
from governance.sealing import BallotSealer
from infrastructure.snapshot_seal import CheckedRepository, SealedSnapshotMapper, resolve_snapshot_key
from infrastructure.snapshots import snapshot_class
from infrastructure.turns import turns_for

LOCK_STRIPES = 256


class StoredCollegia(Collegia):
    """Collegia on a real store: turns, the register's chain and anchors, sealed and packed snapshots."""

    # The library names an application's tables (PostgreSQL: `collegia_events`…) and reads its settings
    # after its name, which defaults to the class's: the stored application is still "Collegia".
    name = "Collegia"

    def __init__(self, env: dict[str, str] | None = None, sealer: BallotSealer | None = None,
                 snapshot_key: bytes | None = None) -> None:
        # The snapshot-sealing key: the one given, else derived from the instance's ballot key
        # (infrastructure/snapshot_seal.py resolve_snapshot_key); read while the stores are built.
        self._snapshot_key_given, self._snapshot_sealer = snapshot_key, sealer
        self._saving = threading.local()  # the aggregates of the save in progress, per thread
        super().__init__(env, sealer)
        self._locks = [threading.Lock() for _ in range(LOCK_STRIPES)]
        self._turns = turns_for(self.env, self.recorder)

    def close(self) -> None:
        super().close()
        self._turns.close()

    # -- turns ------------------------------------------------------------------------------------
    def lock_stripe(self, aggregate_id: Any) -> int:
        # crc32, not hash(): a stripe must be the same in every process (hash() is salted per process)
        # (surrogatepass: any text a caller sends has a stripe; a malformed id is refused by the command itself)
        return zlib.crc32(str(aggregate_id).encode("utf-8", "surrogatepass")) % LOCK_STRIPES

    def taking_turns(self, aggregate_id: Any) -> AbstractContextManager[Any]:
        return self._turn(self.lock_stripe(aggregate_id))

    @contextmanager
    def _turn(self, stripe: int) -> Iterator[None]:
        with self._locks[stripe], self._turns.turn(stripe):
            yield

    # -- the register's chain ---------------------------------------------------------------------
    def register_head(self, pole_id: UUID) -> dict[str, Any] | None:
        chain_head = getattr(self.recorder, "chain_head", None)
        head = chain_head(str(pole_id)) if chain_head is not None else None
        return None if head is None else {"pole": str(pole_id), "seq": head[0], "hash": head[1]}

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording]:  # type: ignore[override]
        saved = [obj for obj in objs if obj is not None]
        # Which pole's register each aggregate's events belong to (the hash chain).
        kwargs.setdefault("register_poles", {obj.id: getattr(obj, "pole_id", None) or obj.id for obj in saved})
        # The head a signature records also goes to the anchors table, which a cut of the events leaves.
        anchors = _anchors(saved)
        if anchors:
            kwargs.setdefault("register_anchors", anchors)
        self._saving.aggregates = {obj.id: obj for obj in saved}
        try:
            return super().save(*objs, **kwargs)
        finally:
            self._saving.aggregates = {}

    # -- snapshots ----------------------------------------------------------------------------------
    def construct_snapshot_store(self) -> Any:
        """Snapshots are stored sealed with the instance's key and used only when the seal holds."""
        self.snapshot_key, self.snapshot_key_source = resolve_snapshot_key(
            self._snapshot_key_given, self._snapshot_sealer, self.env)
        recorder = self.factory.aggregate_recorder(purpose="snapshots")
        return self.factory.event_store(mapper=SealedSnapshotMapper(self.mapper, self.snapshot_key),
                                        recorder=recorder)

    def construct_repository(self) -> Any:
        plain = super().construct_repository()  # configured from the environment as usual
        checked = CheckedRepository(
            event_store=plain.event_store, snapshot_store=plain.snapshot_store, fastforward=plain.fastforward,
            fastforward_skipping=plain.fastforward_skipping, deepcopy_from_cache=plain.deepcopy_from_cache,
            retake=self._retake_snapshot)
        checked.cache = plain.cache
        return checked

    def _retake_snapshot(self, aggregate: Any) -> None:
        """A sealed snapshot of an aggregate just replayed because its latest snapshot was untrusted."""
        if self.snapshots is not None and type(aggregate) in self.snapshotting_intervals:
            self.snapshots.put([snapshot_class(type(aggregate)).take(aggregate)])

    def take_snapshot(self, aggregate_id: Any, version: int | None = None,
                      projector_func: Any = project_aggregate) -> None:
        """At a snapshotting interval, the library reloads the aggregate it just saved to snapshot it (a
        10,000-ballot proposal: tens of milliseconds on the command's time); the aggregate in memory is
        already in that state, its events applied as they were triggered, so it is snapshotted as it is."""
        if self.snapshots is None:
            super().take_snapshot(aggregate_id, version, projector_func)  # the library's own refusal
            return
        aggregate = getattr(self._saving, "aggregates", {}).get(aggregate_id)
        if (aggregate is None or version is None or aggregate.version != version
                or projector_func is not project_aggregate):
            aggregate = self.repository.get(aggregate_id, version=version, projector_func=projector_func)
        self.snapshots.put([snapshot_class(type(aggregate)).take(aggregate)])


def _anchors(saved: list[Any]) -> list[dict[str, Any]]:
    """The register heads recorded by the signatures among the events about to be saved."""
    anchors = []
    for obj in saved:
        if not isinstance(obj, Minutes):
            continue
        for event in obj.pending_events:
            head = getattr(event, "register_head", None)
            if head is not None:
                anchors.append({**head, "source_id": str(obj.id), "source_version": event.originator_version,
                                "noted_on": event.at.astimezone(PARIS).date().isoformat()})  # the pole's day
    return anchors
