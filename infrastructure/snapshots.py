"""How snapshots are stored: a proposal's ballots and frozen electorate packed.

Storage, not domain: the aggregates know nothing of it. `SNAPSHOT_CLASSES` names the snapshot class
of each aggregate class that has its own (the others use the library's `Snapshot`), and
`infrastructure.application.StoredCollegia` takes snapshots with it. Snapshots of a proposal written
before this module existed name the topic `governance.proposal:Proposal.Snapshot`: it is registered
here as this class, so they still load.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from eventsourcing.domain import Snapshot
from eventsourcing.utils import register_topic

from governance.proposal import Proposal

_CHOICE = itemgetter("choice")
_PROXY_HOLDER = itemgetter("proxy_holder")


class ProposalSnapshot(Snapshot):
    """The proposal's state with its ballots and frozen electorate packed (see `pack_ballots`,
    `pack_electorate`).

    10,000 ballots as 10,000 small JSON objects took 30 ms to decode (the transcoder
    inspects every object), the 10,000-member electorate as one JSON object 8 ms;
    packed, the whole snapshot decodes in a few. The ballots name their members by
    position in the packed electorate ("electors") rather than by id, which halves the
    snapshot (800 kB → 450 kB: PostgreSQL's fetch of it is most of a fresh recount).
    Only the stored form changes: `mutate` unpacks before the library's own
    reconstruction (and any upcasting), so the aggregate's state is exactly what
    replaying the events gives. Snapshots taken before this class existed are plain
    library snapshots (topic `eventsourcing.domain:Snapshot`) and still load as they
    are; so do the first packed ones (ballots by member id, electorate plain or packed).
    """

    @classmethod
    def take(cls, aggregate: Any) -> "ProposalSnapshot":
        snapshot = super().take(aggregate)
        state = snapshot.state  # a copy of vars(aggregate)
        ballots = pack_ballots(state["ballots"])
        electorate = pack_electorate(state["electorate"])
        if electorate is not None:
            state["electorate"], state[_ELECTORATE_PACKED] = electorate, True
            position = dict(zip(electorate["members"], range(len(electorate["members"]))))
            try:
                electors = list(map(position.__getitem__, ballots["members"]))
            except KeyError:  # a ballot outside the electorate (never stored): by member id
                pass
            else:
                del ballots["members"]
                ballots["electors"] = electors
        state["ballots"] = ballots
        return snapshot

    def mutate(self, _: None) -> Proposal:
        state = dict(self.state)
        ballots = state["ballots"]
        if state.pop(_ELECTORATE_PACKED, False):  # not in the first packed snapshots (ballots only)
            if "electors" in ballots:
                members = state["electorate"]["members"]
                ballots = {**ballots, "members": list(map(members.__getitem__, ballots["electors"]))}
            state["electorate"] = unpack_electorate(state["electorate"])
        state["ballots"] = unpack_ballots(ballots)
        plain = Snapshot(originator_id=self.originator_id, originator_version=self.originator_version,
                         timestamp=self.timestamp, topic=self.topic, state=state)
        return plain.mutate(None)  # type: ignore[return-value]


# -- the packed form of the ballots in a snapshot ----------------------------------------
# {"members": [member id, ...] (the ballots' order), "codes": one character per ballot,
#  "sealed": [sealed ballot, ...], "others": [ballot, ...]}: code "f", "a" or "b" is an
# open ballot for, against or abstaining cast in person; "s" a secret ballot cast in
# person (the next of "sealed"); "*" any other ballot, stored whole (the next of "others").
_PACKED_CHOICES = {"for": "f", "against": "a", "abstain": "b"}
_UNPACKED_CHOICES = {code: {"choice": choice, "proxy_holder": None} for choice, code in _PACKED_CHOICES.items()}


def pack_ballots(ballots: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The ballots in the compact, JSON-friendly form stored in a proposal's snapshot."""
    values = ballots.values()
    try:  # every ballot open and in person (the common case): at C speed
        if set(map(len, values)) == {2} and set(map(_PROXY_HOLDER, values)) == {None}:
            return {"members": list(ballots), "codes": "".join(map(_PACKED_CHOICES.__getitem__, map(_CHOICE, values))),
                    "sealed": [], "others": []}
    except (KeyError, TypeError):  # a secret ballot, or any other shape: one by one below
        pass
    codes: list[str] = []
    sealed: list[str] = []
    others: list[dict[str, Any]] = []
    for ballot in ballots.values():
        if len(ballot) == 2 and ballot.get("proxy_holder", "") is None:
            code = _PACKED_CHOICES.get(ballot.get("choice"))  # type: ignore[arg-type]
            if code is not None:
                codes.append(code)
                continue
            if isinstance(ballot.get("sealed"), str):
                codes.append("s")
                sealed.append(ballot["sealed"])
                continue
        codes.append("*")
        others.append(ballot)
    return {"members": list(ballots), "codes": "".join(codes), "sealed": sealed, "others": others}


def unpack_ballots(packed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The ballots as the aggregate holds them (a new dict per ballot), from `pack_ballots`' form."""
    members, codes = packed["members"], packed["codes"]
    if len(members) != len(codes):
        raise ValueError("packed ballots have one code per member")
    if not packed["sealed"] and not packed["others"]:  # every ballot open and in person: at C speed
        return dict(zip(members, map(dict.copy, map(_UNPACKED_CHOICES.__getitem__, codes))))
    sealed, others = iter(packed["sealed"]), iter(packed["others"])
    ballots = {}
    for member, code in zip(members, codes, strict=True):
        if code == "s":
            ballots[member] = {"sealed": next(sealed), "proxy_holder": None}
        elif code == "*":
            ballots[member] = next(others)
        else:
            ballots[member] = dict(_UNPACKED_CHOICES[code])
    return ballots


# -- the packed form of the frozen electorate in a snapshot --------------------------------
# {"members": [member id, ...] (the electorate's order), "colleges": [college code, ...],
#  "codes": one character per member, its college's position in "colleges" as a digit or
# letter}; the snapshot's state then says `_ELECTORATE_PACKED`.
_ELECTORATE_PACKED = "_electorate_packed"
_COLLEGE_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def pack_electorate(electorate: dict[str, str]) -> dict[str, Any] | None:
    """The electorate (member id → college code) in a compact JSON-friendly form, or None
    when it cannot be packed (more colleges than digits, or a college code that is not text)."""
    colleges = list(dict.fromkeys(electorate.values()))
    if len(colleges) > len(_COLLEGE_DIGITS) or not all(type(code) is str for code in colleges):
        return None
    digit = dict(zip(colleges, _COLLEGE_DIGITS))
    return {"members": list(electorate), "colleges": colleges,
            "codes": "".join(map(digit.__getitem__, electorate.values()))}


def unpack_electorate(packed: dict[str, Any]) -> dict[str, str]:
    """The electorate as the aggregate holds it, from `pack_electorate`'s form."""
    college = dict(zip(_COLLEGE_DIGITS, packed["colleges"]))
    if len(packed["members"]) != len(packed["codes"]):
        raise ValueError("a packed electorate has one college code per member")
    return dict(zip(packed["members"], map(college.__getitem__, packed["codes"])))


SNAPSHOT_CLASSES: dict[type, type[Snapshot]] = {Proposal: ProposalSnapshot}
register_topic("governance.proposal:Proposal.Snapshot", ProposalSnapshot)


def snapshot_class(aggregate_class: type) -> type[Snapshot]:
    """The snapshot class of an aggregate class (the library's plain one unless it has its own)."""
    return SNAPSHOT_CLASSES.get(aggregate_class, Snapshot)
