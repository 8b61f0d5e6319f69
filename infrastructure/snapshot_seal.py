"""Snapshots are sealed with a key of the instance, and a snapshot that fails the check is never used.

A snapshot is the state of an aggregate at one version, stored beside the events (outside the
register's hash chain) and loaded *instead of* replaying the events before it. Anyone able to
write to the store could therefore change what the application decides (ballots, electorate,
members) without touching a single event. So every snapshot is stored sealed:

    stored state = MAGIC + HMAC-SHA256(key, aggregate id, version, topic, inner state) + inner state

where the inner state is what the library's mapper gives (JSON, compressed or encrypted if the
store is configured so) and the key is derived (HKDF-SHA256) from the instance's ballot key, the
one secret every process of an instance already holds. On load, a snapshot whose seal is missing
(written by earlier code, or by an intruder without the key) or wrong is *untrusted*: the
repository ignores it, replays the aggregate from its events, logs it, and takes a fresh sealed
snapshot when the aggregate has moved on since. Results therefore never come from an unchecked
snapshot; checking a seal costs a few hundred microseconds for the largest snapshots, where a
full replay of a 10,000-ballot proposal costs hundreds of milliseconds.

`collegia verify` goes further: it replays each aggregate to every snapshot's version and compares
the states (infrastructure/register_audit.py), so a forged snapshot is named even without the key.
See docs/register.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Mapping

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.persistence import Mapper, RecordConflictError, StoredEvent

logger = logging.getLogger(__name__)

MAGIC = b"\x00CSNAP1\x00"  # never the start of JSON, zlib or the library's AES-GCM output (a random nonce, 1 in 2^64)
TAG_SIZE = 32
INFO = b"collegia/snapshot-seal/1"
# Where the key came from: the instance's secret (every process of the instance agrees), or a key
# drawn for this process only (snapshots it writes are trusted by itself alone; `verify` then
# compares states but cannot judge seals).
INSTANCE, EPHEMERAL = "instance", "ephemeral"


class UntrustedSnapshot(Exception):
    """A stored snapshot without a valid seal: it is not used."""

    def __init__(self, originator_id: Any, version: Any, reason: str):
        super().__init__(f"snapshot of {originator_id} at version {version}: {reason}")
        self.originator_id, self.version, self.reason = originator_id, version, reason


def snapshot_key_from(ballot_key: bytes) -> bytes:
    """The snapshot-sealing key of an instance, derived from its ballot key (never the same key for two uses)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(ballot_key)


def instance_snapshot_key(env: Mapping[str, str] | Any) -> bytes | None:
    """The key derived from the instance's ballot key, as `infrastructure.config.Settings` finds it
    (COLLEGIA_BALLOT_KEY, else the instance directory's ballot.key), or None when there is none."""
    value = env.get("COLLEGIA_BALLOT_KEY")
    try:
        if value:
            return snapshot_key_from(base64.b64decode(value))
        path = Path(env.get("COLLEGIA_INSTANCE_DIR") or "instance") / "ballot.key"
        if path.is_file():
            return snapshot_key_from(base64.b64decode(path.read_text().strip()))
    except (ValueError, OSError):
        logger.warning("the instance's ballot key cannot be read: snapshots are sealed with a key of this process only")
    return None


def resolve_snapshot_key(explicit: bytes | None, sealer: Any, env: Any) -> tuple[bytes, str]:
    """(key, source): the key given, else one the ballot sealer derives (if it offers `derive_key`), else
    the instance's ballot key, else a key drawn for this process."""
    if explicit is not None:
        return explicit, INSTANCE
    derive: Callable[[str], bytes] | None = getattr(sealer, "derive_key", None)
    if derive is not None:
        return derive(INFO.decode()), INSTANCE
    key = instance_snapshot_key(env)
    if key is not None:
        return key, INSTANCE
    return os.urandom(32), EPHEMERAL


def _tag(key: bytes, originator_id: Any, version: Any, topic: Any, inner: bytes) -> bytes:
    header = f"{originator_id}\n{version}\n{topic}\n".encode("utf-8", "surrogatepass")
    return hmac.new(key, INFO + b"\n" + header + inner, hashlib.sha256).digest()


def seal_state(key: bytes, stored: StoredEvent) -> bytes:
    return MAGIC + _tag(key, stored.originator_id, stored.originator_version, stored.topic, stored.state) \
        + stored.state


def open_sealed(key: bytes, stored: StoredEvent) -> bytes:
    """The inner state of a sealed snapshot, or UntrustedSnapshot (unsealed, or a seal that does not match)."""
    state = stored.state
    if isinstance(state, (bytearray, memoryview)):
        state = bytes(state)
    if not isinstance(state, bytes):
        raise UntrustedSnapshot(stored.originator_id, stored.originator_version,
                                f"its stored state is not bytes ({type(state).__name__})")
    if not state.startswith(MAGIC):
        raise UntrustedSnapshot(stored.originator_id, stored.originator_version, "it carries no seal")
    tag, inner = state[len(MAGIC):len(MAGIC) + TAG_SIZE], state[len(MAGIC) + TAG_SIZE:]
    expected = _tag(key, stored.originator_id, stored.originator_version, stored.topic, inner)
    if len(tag) != TAG_SIZE or not hmac.compare_digest(tag, expected):
        raise UntrustedSnapshot(stored.originator_id, stored.originator_version,
                                "its seal does not match this instance's key")
    return inner


def is_sealed(state: Any) -> bool:
    return isinstance(state, (bytes, bytearray, memoryview)) and bytes(state[:len(MAGIC)]) == MAGIC


class SealedSnapshotMapper(Mapper):  # type: ignore[type-arg]
    """The application's mapper for snapshots, adding a seal on the way out and checking it on the way in."""

    def __init__(self, mapper: Mapper, key: bytes):  # type: ignore[type-arg]
        super().__init__(transcoder=mapper.transcoder, compressor=mapper.compressor, cipher=mapper.cipher)
        self.key = key

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        stored = super().to_stored_event(domain_event)
        return StoredEvent(originator_id=stored.originator_id, originator_version=stored.originator_version,
                           topic=stored.topic, state=seal_state(self.key, stored))

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        inner = open_sealed(self.key, stored_event)
        return super().to_domain_event(StoredEvent(originator_id=stored_event.originator_id,
                                                   originator_version=stored_event.originator_version,
                                                   topic=stored_event.topic, state=inner))


class CheckedRepository(Repository):  # type: ignore[type-arg]
    """The library's repository, loading an aggregate from its latest snapshot only when its seal holds.

    An untrusted snapshot (UntrustedSnapshot) is ignored: the aggregate is replayed from its events,
    the fact is logged (once per snapshot and process), and `retake` is called with the replayed
    aggregate so a sealed snapshot replaces it as the latest (an old store's snapshots, written
    before sealing, are so re-taken as their aggregates move on; the untrusted row itself is left
    for `collegia verify` to judge, never deleted)."""

    def __init__(self, *args: Any, retake: Callable[[Any], None] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.retake = retake
        self._reported: set[tuple[str, Any]] = set()

    def _reconstruct_aggregate(self, aggregate_id: Any, version: int | None, projector_func: Any) -> Any:
        snapshots: list[Any] = []
        untrusted: UntrustedSnapshot | None = None
        if self.snapshot_store is not None:
            try:
                snapshots = list(self.snapshot_store.get(originator_id=aggregate_id, desc=True, limit=1,
                                                         lte=version))
            except UntrustedSnapshot as error:
                untrusted = error
                key = (str(aggregate_id), error.version)
                if key not in self._reported:
                    self._reported.add(key)
                    logger.warning("untrusted %s: ignored, the aggregate is replayed from its events", error)
        gt = snapshots[0].originator_version if snapshots else None
        events = self.event_store.get(originator_id=aggregate_id, gt=gt, lte=version)
        aggregate = projector_func(None, chain(snapshots, events))
        if aggregate is None:
            raise AggregateNotFoundError(f"Aggregate {aggregate_id!r} version {version!r} not found.")
        if (untrusted is not None and version is None and self.retake is not None
                and aggregate.version != untrusted.version):
            try:
                self.retake(aggregate)
            except RecordConflictError:  # taken meanwhile by another process
                pass
            except Exception:  # a snapshot is an optimisation: never fail a load for it
                logger.exception("re-taking the snapshot of %s failed", aggregate_id)
        return aggregate
