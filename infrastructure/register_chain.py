"""The tamper-evident register of deliberations: hashing and verification, pure and offline.

Every event of a pole's register (the pole's own events and those of every aggregate whose
`pole_id` is that pole) gets a *link* when it is written: its rank `seq` (1, 2, … per pole) and
`entry_hash = sha256(previous entry_hash + canonical(pole, seq, aggregate, version, topic,
sha256(stored state bytes)))`. The first entry of a pole commits to `GENESIS`.

`verify(entries)` recomputes every pole's chain from plain values (no database, no SQL), so the
same code checks a live store (infrastructure/chain_store.py) and an exported file. It reports the
first entry that was altered, removed, reordered or added behind the application's back, with
an English message *template* and its params (translatable, like governance.errors).
See docs/register.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable
from uuid import UUID

FORMAT = "collegia-register/1"
GENESIS = "0" * 64

# Kinds of failure, in the order they are reported when two concern the same entry.
CHAIN_ALTERED = "chain_altered"
REMOVED = "removed"
ALTERED = "altered"
REORDERED = "reordered"
UNCHAINED = "unchained"
REWRITTEN = "rewritten"  # against a head hash noted elsewhere (an anchor)
TRUNCATED = "truncated"
FORGED_SNAPSHOT = "forged_snapshot"  # a snapshot that is not what replaying its aggregate's events gives
KINDS = (CHAIN_ALTERED, REMOVED, ALTERED, REORDERED, UNCHAINED, REWRITTEN, TRUNCATED, FORGED_SNAPSHOT)



def _(template: str) -> str:
    """Marks a template for `make extract-messages` (keyword `_`); translated where displayed, not here."""
    return template


# Message templates (constant English str.format strings; the web UI translates them).
TEMPLATES = {
    "altered": _("Entry {seq} of the register of pole {pole} ({aggregate} version {version}, log position "
                  "{position}) was altered: its content no longer matches the hash recorded in the chain."),
    "removed": _("Entry {seq} of the register of pole {pole} ({aggregate} version {version}) was removed: "
                  "the chain records it but the event is missing from the log."),
    "gap": _("Entry {seq} of the register of pole {pole} was removed: the chain has no entry {seq} "
              "between entry {previous} and entry {next}."),
    "reordered": _("Entry {seq} of the register of pole {pole} ({aggregate} version {version}) is out of order: "
                    "the log holds entry {found} where entry {seq} was recorded."),
    "swapped": _("Entry {seq} of the register of pole {pole} ({aggregate} version {version}, log position "
                  "{position}) holds the content recorded for entry {other}: entries were swapped."),
    "unchained": _("The event at log position {position} ({aggregate} version {version}) is not in the chain "
                    "of the register of pole {pole}: it was added behind the application's back (after entry "
                    "{previous})."),
    "chain_altered": _("The chain link of entry {seq} of the register of pole {pole} was altered: its hash does not "
                        "match its contents and the previous entry."),
    "duplicate": _("Entry {seq} of the register of pole {pole} appears twice in the chain."),
    "rewritten": _("Entry {seq} of the register of pole {pole} no longer has the hash noted for it ({noted}): "
                    "the chain was rewritten up to there."),
    "truncated": _("The register of pole {pole} ends at entry {head}, but entry {seq} was noted with hash {noted}: "
                    "entries were removed from its end."),
    "malformed_link": _("The chain link of entry {seq} of the register of pole {pole} ({aggregate} version {version}) "
                         "was altered: its column {column} holds {value}, which no link the application writes "
                         "can hold."),
    "malformed_rank": _("The chain link of {aggregate} version {version} in the register of pole {pole} was altered: "
                         "its column {column} holds {value}, which no link the application writes can hold."),
    "truncated_minutes": _("The register of pole {pole} ends at entry {head}, but the minutes signed on {date} "
                            "recorded its head as entry {seq} with hash {noted}: entries were removed from its end."),
    "rewritten_minutes": _("Entry {seq} of the register of pole {pole} no longer has the hash recorded by the minutes "
                            "signed on {date} ({noted}): the chain was rewritten up to there."),
    "forged_snapshot": _("The snapshot of {aggregate} at version {version} (register of pole {pole}) was forged: "
                          "its state is not what replaying the events up to that version gives."),
    "forged_snapshot_seal": _("The snapshot of {aggregate} at version {version} (register of pole {pole}) was "
                               "forged: its seal does not match this instance's key."),
    "forged_snapshot_unreadable": _("The snapshot of {aggregate} at version {version} (register of pole {pole}) was "
                                     "forged: it cannot be read ({reason})."),
    "forged_snapshot_orphan": _("The snapshot of {aggregate} at version {version} (register of pole {pole}) was "
                                 "forged: no event of that aggregate reaches that version."),
}


def state_digest(state: bytes) -> str:
    """sha256 of an event's stored state bytes, as written (hex)."""
    return hashlib.sha256(state).hexdigest()


def entry_hash(previous: str, pole_id: str, seq: int, originator_id: str, originator_version: int, topic: str,
               state_sha256: str) -> str:
    """The hash of one register entry, committing to the previous entry's hash."""
    canonical = json.dumps([FORMAT, str(pole_id), int(seq), str(originator_id), int(originator_version), topic,
                            state_sha256], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(previous.encode("ascii") + b"\n" + canonical.encode("utf8")).hexdigest()


@dataclass(frozen=True)
class Event:
    """One event as found in the log (store or exported file)."""

    position: int
    originator_id: str
    originator_version: int
    topic: str
    state_sha256: str
    pole_hint: str | None = None  # the pole named in the event's state, if any (to place unchained events)


@dataclass(frozen=True)
class Link:
    """One chain row. `topic`/`state_sha256`/`position` are what was recorded at write time (known in a
    store, None in an export, where the hash is recomputed from the event itself)."""

    pole_id: str
    seq: int
    originator_id: str
    originator_version: int
    entry_hash: str
    topic: str | None = None
    state_sha256: str | None = None
    position: int | None = None
    problem: tuple[str, str] | None = None  # (column, value shown) of a stored link holding a malformed value


@dataclass(frozen=True)
class Entry:
    """An event joined with its link; either side may be missing (removed event, unchained event)."""

    event: Event | None
    link: Link | None


@dataclass(frozen=True)
class Failure:
    kind: str
    pole_id: str
    seq: int | None
    position: int | None
    originator_id: str | None
    originator_version: int | None
    template: str
    params: dict[str, Any]
    order: float = 0.0  # where in the pole's chain the failure lies (seq, or n + 0.5 after entry n)

    @property
    def message(self) -> str:
        return self.template.format(**self.params)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "pole_id": self.pole_id, "seq": self.seq, "position": self.position,
                "aggregate_id": self.originator_id, "version": self.originator_version, "message": self.message}


@dataclass
class PoleResult:
    pole_id: str
    entries: int = 0  # chain links checked
    head_seq: int = 0
    head_hash: str = GENESIS
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def first_failure(self) -> Failure | None:
        return self.failures[0] if self.failures else None

    def to_dict(self) -> dict[str, Any]:
        return {"pole_id": self.pole_id, "entries": self.entries, "head_seq": self.head_seq,
                "head_hash": self.head_hash, "ok": self.ok,
                "first_failure": None if self.ok else self.failures[0].to_dict(),
                "failures": len(self.failures)}


@dataclass
class Report:
    poles: dict[str, PoleResult]
    events: int = 0  # events seen in the log

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.poles.values())

    @property
    def entries(self) -> int:
        return sum(p.entries for p in self.poles.values())

    @property
    def failures(self) -> list[Failure]:
        return sorted((f for p in self.poles.values() for f in p.failures), key=_overall_key)

    @property
    def first_failure(self) -> Failure | None:
        failures = self.failures
        return failures[0] if failures else None

    def heads(self) -> dict[str, tuple[int, str]]:
        """Per pole: (head seq, head hash). Two stores holding the same register give the same heads."""
        return {p.pole_id: (p.head_seq, p.head_hash) for p in self.poles.values()}

    def to_dict(self) -> dict[str, Any]:
        first = self.first_failure
        return {"ok": self.ok, "events": self.events, "entries": self.entries,
                "poles": [p.to_dict() for p in sorted(self.poles.values(), key=lambda p: p.pole_id)],
                "first_failure": None if first is None else first.to_dict()}


def _overall_key(failure: Failure) -> tuple[float, str, float]:
    # The earliest in the log first (when known), then by pole and place in its chain.
    return (failure.position if failure.position is not None else float("inf"), failure.pole_id, failure.order)


def _failure(kind: str, template: str, pole: str, seq: int | None, order: float, event: Event | None,
             link: Link | None, **params: Any) -> Failure:
    originator = event.originator_id if event else (link.originator_id if link else None)
    version = event.originator_version if event else (link.originator_version if link else None)
    position = event.position if event else (link.position if link else None)
    values = {"pole": pole, "seq": seq, "aggregate": originator, "version": version, "position": position}
    values.update(params)
    return Failure(kind, pole, seq, position, originator, version, TEMPLATES[template],
                   {k: v for k, v in values.items() if "{" + k + "}" in TEMPLATES[template]}, order)


@dataclass(frozen=True)
class Anchor:
    """A head hash noted elsewhere (in minutes, a published copy): entry `seq` of `pole` must still hash to it."""

    pole_id: str
    seq: int
    entry_hash: str
    noted_on: str | None = None  # the date of the signed minutes that recorded it (None: given by hand)

    @classmethod
    def parse(cls, text: str) -> "Anchor":
        """From 'POLE:SEQ:HASH' (as printed by `collegia verify`), or ValueError."""
        parts = text.strip().rsplit(":", 2)
        value = parts[-1].strip().lower()
        if (len(parts) != 3 or not parts[1].strip().isdigit() or int(parts[1]) < 1 or len(value) != 64
                or any(c not in "0123456789abcdef" for c in value)):
            raise ValueError(f"not an anchor POLE:SEQ:HASH: {text!r}")
        pole, seq = parts[0], parts[1]
        pole = pole.strip()
        try:
            pole = str(UUID(pole))
        except ValueError:
            pass
        return cls(pole, int(seq), value)


def verify(entries: Iterable[Entry], pole: str | None = None, anchors: Iterable[Anchor] = ()) -> Report:
    """Recompute every pole's chain (or only `pole`'s) and report what was tampered with.

    `anchors` are hashes noted elsewhere: a chain that no longer passes through one was rewritten
    (or cut short), which the chain alone cannot show.

    `entries` holds the events in log order (entries without an event, i.e. links whose event is
    missing, may come anywhere). Each pole's failures are sorted by place in its chain; the
    report's first failure is the earliest in the log.
    """
    links: dict[str, dict[int, list[Entry]]] = {}
    log_order: dict[str, list[tuple[Entry, int | None]]] = {}  # per pole, present events in log order
    unchained: list[Event] = []
    event_count = 0
    originator_pole: dict[str, str] = {}
    malformed: dict[str, list[Entry]] = {}  # links whose rank itself is unusable
    for entry in entries:
        if entry.event is not None:
            event_count += 1
        if entry.link is None:
            if entry.event is not None:
                unchained.append(entry.event)
            continue
        link = entry.link
        if link.problem is not None and link.problem[0] == "seq":
            malformed.setdefault(link.pole_id, []).append(entry)
            originator_pole.setdefault(link.originator_id, link.pole_id)
            continue
        originator_pole.setdefault(link.originator_id, link.pole_id)
        links.setdefault(link.pole_id, {}).setdefault(link.seq, []).append(entry)
        if entry.event is not None:
            log_order.setdefault(link.pole_id, []).append((entry, link.seq))
    # Unchained events join their pole's log order (placed after the chained events before them).
    placed: dict[str, list[tuple[int, Event]]] = {}
    for event in unchained:
        owner = originator_pole.get(event.originator_id) or event.pole_hint or event.originator_id
        placed.setdefault(owner, []).append((event.position, event))

    noted: dict[str, list[Anchor]] = {}
    seen: set[tuple[str, int, str]] = set()
    for anchor in sorted(anchors, key=lambda a: a.noted_on is None):  # those of signed minutes first
        if (anchor.pole_id, anchor.seq, anchor.entry_hash) not in seen:
            seen.add((anchor.pole_id, anchor.seq, anchor.entry_hash))
            noted.setdefault(anchor.pole_id, []).append(anchor)
    poles = set(links) | set(placed) | set(noted) | set(malformed)
    if pole is not None:
        poles &= {str(pole)}
        if str(pole) not in poles:
            poles.add(str(pole))
    results = {p: _verify_pole(p, links.get(p, {}), log_order.get(p, []), placed.get(p, []), noted.get(p, []),
                               malformed.get(p, []))
               for p in poles}
    return Report(poles=results, events=event_count)


def _verify_pole(pole: str, by_seq: dict[int, list[Entry]], in_log: list[tuple[Entry, int | None]],
                 unchained: list[tuple[int, Event]], anchors: list[Anchor],
                 malformed: list[Entry] = ()) -> PoleResult:  # type: ignore[assignment]
    result = PoleResult(pole_id=pole)
    failures: list[Failure] = []
    for entry in malformed:  # a link whose rank is not a number: named by its event
        assert entry.link is not None and entry.link.problem is not None
        failures.append(_failure(CHAIN_ALTERED, "malformed_rank", pole, None, 0, entry.event, entry.link,
                                 column=entry.link.problem[0], value=entry.link.problem[1]))
    recorded = {(e[0].link.topic, e[0].link.state_sha256): s for s, e in by_seq.items()
                if e[0].link is not None and e[0].link.state_sha256 is not None}
    top = max(by_seq, default=0)
    previous: str | None = GENESIS
    last_present = 0
    # Where a missing rank's event would be: the pole's next event in the log after the previous entry's.
    in_pole = sorted([e.event.position for e, _s in in_log if e.event is not None and isinstance(e.event.position, int)]
                     + [p for p, _e in unchained if isinstance(p, int)])
    position_of = {s: e.event.position for e, s in in_log if e.event is not None}
    for seq in range(1, top + 1):
        group = by_seq.get(seq)
        if not group:
            following = min((s for s in by_seq if s > seq), default=seq + 1)
            failure = _failure(REMOVED, "gap", pole, seq, seq, None, None, previous=last_present, next=following)
            after = position_of.get(last_present, 0) if last_present else 0
            guess = next((p for p in in_pole if isinstance(after, int) and p > after), None)
            failures.append(failure if guess is None else Failure(**{**failure.__dict__, "position": guess}))
            previous = None
            continue
        last_present = seq
        entry = group[0]
        link, event = entry.link, entry.event
        assert link is not None
        result.entries += 1
        result.head_seq, result.head_hash = seq, link.entry_hash
        if len(group) > 1:
            failures.append(_failure(CHAIN_ALTERED, "duplicate", pole, seq, seq, event, link))
        if link.problem is not None:  # a value of the wrong type (or NULL) in a stored link
            failures.append(_failure(CHAIN_ALTERED, "malformed_link", pole, seq, seq, event, link,
                                     column=link.problem[0], value=link.problem[1]))
            previous = link.entry_hash or None
            continue
        if link.state_sha256 is not None:  # recorded content: check the link, then the event against it
            if previous is not None and entry_hash(previous, pole, seq, link.originator_id, link.originator_version,
                                                   link.topic or "", link.state_sha256) != link.entry_hash:
                failures.append(_failure(CHAIN_ALTERED, "chain_altered", pole, seq, seq, event, link))
            elif event is None:
                failures.append(_failure(REMOVED, "removed", pole, seq, seq, None, link))
            elif (event.topic, event.state_sha256) != (link.topic, link.state_sha256):
                other = recorded.get((event.topic, event.state_sha256))
                if other is not None and other != seq:
                    failures.append(_failure(REORDERED, "swapped", pole, seq, seq, event, link, other=other))
                else:
                    failures.append(_failure(ALTERED, "altered", pole, seq, seq, event, link))
        elif event is None:
            failures.append(_failure(REMOVED, "removed", pole, seq, seq, None, link))
        elif previous is not None and entry_hash(previous, pole, seq, link.originator_id, link.originator_version,
                                                 event.topic, event.state_sha256) != link.entry_hash:
            failures.append(_failure(ALTERED, "altered", pole, seq, seq, event, link))
        previous = link.entry_hash
    # Order: the pole's chained events must appear in the log in the order of their seq.
    seqs = [s for _e, s in in_log]
    for (entry, found), expected in zip(in_log, sorted(seqs)):
        if found != expected:
            shown = by_seq[expected][0]
            failures.append(_failure(REORDERED, "reordered", pole, expected, expected, shown.event, shown.link,
                                     found=found))
            break
    # Events without a link: placed after the chained entries that precede them in the log.
    positions = sorted((e.event.position, s) for e, s in in_log if e.event is not None)
    for position, event in sorted(unchained, key=lambda pair: pair[0]):
        before = [s for p, s in positions if p < position]
        after = max(before, default=0)
        failures.append(_failure(UNCHAINED, "unchained", pole, None, after + 0.5, event, None, previous=after))
    # Hashes noted elsewhere must still be in the chain, at their rank.
    for anchor in anchors:
        group = by_seq.get(anchor.seq)
        minutes = {"date": anchor.noted_on} if anchor.noted_on else {}
        if anchor.seq > top:
            failures.append(_failure(TRUNCATED, "truncated_minutes" if minutes else "truncated", pole, anchor.seq,
                                     top + 1, None, None, head=top, noted=anchor.entry_hash, **minutes))
        elif group and group[0].link is not None and group[0].link.entry_hash != anchor.entry_hash:
            failures.append(_failure(REWRITTEN, "rewritten_minutes" if minutes else "rewritten", pole, anchor.seq,
                                     anchor.seq, group[0].event, group[0].link, noted=anchor.entry_hash, **minutes))
    failures.sort(key=lambda f: (f.order, KINDS.index(f.kind)))
    result.failures = failures
    return result
