"""Realistic poles for the benchmark, reproducible by seed, written in large batches.

Commanding the application one use case at a time would take hours for a million events.
Instead each aggregate is built in memory with its own domain methods (so every rule is
checked and every event is real), and its pending events are saved in large batches
through `Collegia.save`, so that the store's recorder chains each pole's register exactly
as in production. Snapshots are not taken while loading (the library would reload the
aggregate from the store at every interval); one snapshot of each aggregate's final state
is stored at the end instead, which is the state a production store would serve from.

A pole: a 10-college SCIC, `members` requests (≈ 95 % admitted and assigned, a few
refused, some later withdrawn), then proposals drafted, opened, voted and closed one
after another over two years, until the pole holds `events` events. The last proposal of
each pole is left open (the vote that the HTTP figure casts ballots on).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

from governance import clock
from governance.application import Collegia
from governance.pole import Pole
from governance.proposal import Proposal
from governance.statutes import Statutes

COLLEGES = 10
STATUTES = {"model": "scic", "colleges": [
    {"code": f"c{i}", "name": f"Collège {i}", "share": f"{100 // COLLEGES}%"} for i in range(COLLEGES)]}
KINDS = ("person", "ess_enterprise", "company", "local_authority", "research", "training")
CHOICES = ("for", "for", "for", "against", "abstain")
BIG_BALLOTS = 10_000  # ballots on the big pole's first proposal (the tally figure)
SAVE_EVERY = 5_000  # pending events per save (one transaction)
START = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)
SPAN = timedelta(days=730)


@dataclass
class GeneratedPole:
    pole_id: uuid.UUID
    members: int
    events: int
    admitted: list[str] = field(default_factory=list)
    proposals: list[uuid.UUID] = field(default_factory=list)  # in order; the last one is open
    big_proposal: uuid.UUID | None = None  # the proposal whose ballots cover the whole electorate


class _Clock:
    """Event times spread evenly over two years, never going backwards."""

    def __init__(self, total: int) -> None:
        self.step = SPAN / max(total, 1)
        self.at = START

    def tick(self, events: int = 1) -> datetime:
        self.at += self.step * events
        return self.at


class Stores:
    """The applications (one per store) that receive the same generated events."""

    def __init__(self, apps: Sequence[Collegia]) -> None:
        self.apps = list(apps)

    def save(self, aggregate: Any, force: bool = False) -> None:
        """Save the aggregate's pending events through `Collegia.save` of every store, in large batches."""
        pending = list(aggregate._pending_events)
        if not pending or not (force or len(pending) >= SAVE_EVERY):
            return
        for app in self.apps:
            aggregate._pending_events[:] = pending  # `save` collects them; each store gets the same events
            app.save(aggregate)

    def snapshot(self, aggregate: Any) -> None:
        for app in self.apps:
            snapshot_class = getattr(type(aggregate), "Snapshot", type(app).snapshot_class)
            app.snapshots.put([snapshot_class.take(aggregate)])  # type: ignore[union-attr]


@contextmanager
def loading(apps: Sequence[Collegia]) -> Iterator[None]:
    """While loading: no snapshot at every interval, and the pole's statutes parsed once per version.

    `Pole.statutes` parses the statutes at every admission and assignment (about 1 ms each,
    see docs/performance.md); the generator caches the parsed value per statutes version so
    that a million events load in minutes. The events are the same."""
    intervals = [app.snapshotting_intervals for app in apps]
    for app in apps:
        app.snapshotting_intervals = {}
    original = Pole.statutes
    parsed: dict[int, Statutes] = {}

    def statutes(pole: Pole) -> Statutes:
        current = pole.statutes_versions[-1]
        key = id(current["statutes"])
        if key not in parsed:
            parsed[key] = Statutes.from_dict(current["statutes"])
        return parsed[key]
    Pole.statutes = property(statutes)  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        Pole.statutes = original  # type: ignore[method-assign]
        for app, saved in zip(apps, intervals):
            app.snapshotting_intervals = saved


def generate_pole(stores: Stores, rng: random.Random, index: int, members: int, events: int,
                  big_proposal: bool = False, open_ballots: int = BIG_BALLOTS) -> GeneratedPole:
    """One pole of about `events` events and `members` membership requests; with `big_proposal`, its last
    proposal stays open with `open_ballots` ballots (or one per elector if fewer)."""
    ticker = _Clock(events)
    with clock.frozen_time(ticker.tick()):
        pole = Pole.found(name=f"Pôle {index:02d}", territory=f"Territoire {index:02d}", legal_form="SCIC SA",
                          statutes=STATUTES, strategy="Coopérer sur le territoire.", actor="bench")
    generated = GeneratedPole(pole.id, members, 0)
    written = 1
    # Membership: requests and decisions over the first quarter of the period.
    for i in range(members):
        member_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        kind = rng.choice(KINDS)
        with clock.frozen_time(ticker.tick()):
            pole.request_membership(member_id=member_id, name=f"Membre {index:02d}-{i:05d}", kind=kind,
                                    category="usager", representative="" if kind == "person" else f"Rep {i}",
                                    actor="bench")
        with clock.frozen_time(ticker.tick()):
            if rng.random() < 0.03:
                pole.refuse(member_id=member_id, decision="CA", reasons="hors territoire", actor="bench")
                written += 2
                continue
            pole.admit(member_id=member_id, decision="CA", actor="bench")
        with clock.frozen_time(ticker.tick()):
            pole.assign_college(member_id=member_id, college=f"c{i % COLLEGES}", reason="activité",
                                actor="bench")
        written += 3
        generated.admitted.append(str(member_id))
        stores.save(pole)
    for member_id in rng.sample(generated.admitted, len(generated.admitted) // 50):  # 2 % leave later
        with clock.frozen_time(ticker.tick()):
            pole.withdraw(member_id=member_id, reason="départ", actor="bench")
        written += 1
    stores.save(pole, force=True)
    electorate = pole.electorate()
    electors = list(electorate)
    # Proposals, one after another, until the pole holds about `events` events.
    budget = events - written
    # The last proposal stays open: on the big pole it holds BIG_BALLOTS ballots (the tally figure).
    last_ballots = min(open_ballots if big_proposal else budget // 13, len(electors), max(budget - 3, 0))
    closed_budget = budget - last_ballots - 3
    per_proposal = max(1, min(len(electors), closed_budget // (60 if big_proposal else 12) - 4))
    counts = []
    while closed_budget >= per_proposal + 4:
        counts.append(per_proposal)
        closed_budget -= per_proposal + 4
    if closed_budget > 4:
        counts.append(closed_budget - 4)
    counts.append(last_ballots)
    for number, ballots in enumerate(counts):
        last = number == len(counts) - 1
        with clock.frozen_time(ticker.tick()):
            proposal = Proposal.draft(pole_id=pole.id, title=f"Résolution {number + 1}",
                                      text=f"Texte de la résolution {number + 1} du pôle {index}.",
                                      actor="bench")
        closes_at = ticker.at + ticker.step * (ballots + 10) + timedelta(days=3650 if last else 0)
        with clock.frozen_time(ticker.tick()):
            proposal.open(closes_at=closes_at, statutes_version=pole.statutes_version, statutes=pole.statutes,
                          electorate=electorate, actor="bench")
        for member_id in rng.sample(electors, ballots):
            with clock.frozen_time(ticker.tick()):
                proposal.cast_ballot(member_id=member_id, choice=rng.choice(CHOICES), actor="bench")
            stores.save(proposal)
        if not last:
            with clock.frozen_time(ticker.tick()):
                proposal.close(actor="bench")
        stores.save(proposal, force=True)
        stores.snapshot(proposal)
        generated.proposals.append(proposal.id)
        written += ballots + (3 if last else 4)
    if big_proposal:
        generated.big_proposal = generated.proposals[-1]
    stores.snapshot(pole)
    generated.events = written
    return generated


def generate_network(apps: Sequence[Collegia], seed: int, poles: int, events: int, big_members: int, big_events: int,
                     progress: Any = None, huge_members: int = 0, huge_events: int = 0) -> list[GeneratedPole]:
    """`poles` poles holding `events` events in all; the first is the big pole (`big_members`, `big_events`), the
    second, if `huge_members`, the very large one (issue 27: its open proposal holds a ballot per elector)."""
    with loading(apps):
        return _generate_network(Stores(apps), seed, poles, events, big_members, big_events, progress,
                                 huge_members, huge_events)


def _generate_network(stores: Stores, seed: int, poles: int, events: int, big_members: int, big_events: int,
                      progress: Any = None, huge_members: int = 0, huge_events: int = 0) -> list[GeneratedPole]:
    rng = random.Random(seed)
    result = [generate_pole(stores, rng, 0, big_members, big_events, big_proposal=True)]
    if progress:
        progress(result[-1].events)
    if huge_members:
        result.append(generate_pole(stores, rng, 1, huge_members, huge_events, big_proposal=True,
                                    open_ballots=huge_members))
        if progress:
            progress(result[-1].events)
    others = poles - len(result)
    if others > 0:
        per_pole = max(50, (events - sum(p.events for p in result)) // others)
        members = max(10, min(1000, per_pole // 16))
        for index in range(len(result), poles):
            result.append(generate_pole(stores, rng, index, members, per_pole))
            if progress:
                progress(result[-1].events)
    return result
