"""Properties of the capital register (issue 22) that must hold after any sequence of movements.

Random sequences of commands (membership requests and approvals, subscriptions, payments, transfers, withdrawal
requests, refunds, cancellations, withdrawals and exclusions) by associates of private and public-body categories are
run through the app, each on its own day (the clock frozen at that day, which may now and then go back a day or two
to try the register's chronology). A refused command raises a DomainError and stores nothing; after every accepted
one the register, replayed from the stored events, keeps every invariant (`check_register`).

The app is built inside the test body, one per example (a function-scoped fixture would be shared by Hypothesis's
examples)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from typing import Any, Callable
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import capital as register
from governance.application import Collegia, replay as replay_events
from governance.clock import PARIS, frozen_time
from governance.errors import DomainError
from governance.pole import Pole

from .conftest import ACTOR, scic_statutes

VALUE = Decimal("50.00")
CENT = Decimal("0.01")
MINIMUM = {"collectivite": 3, "epci": 2}  # other categories: 1
PUBLIC = ("collectivite", "epci")
CAPITAL = {"share_value": str(VALUE), "minimum_shares": MINIMUM, "floor": "150.00", "stated": "1000.00",
           "refund_delay_years": 1, "public_categories": list(PUBLIC), "paid_at_subscription": "1/4",
           "payment_years": 3, "losses_reduce_refund": True}
FLOOR = Decimal("150.00")
# name → (category, member kind)
MEMBERS = {"Alice": ("salarie", "person"), "Bruno": ("usager", "person"), "Chloé": ("usager", "person"),
           "Commune": ("collectivite", "local_authority"), "Interco": ("epci", "local_authority"),
           "Département": ("collectivite", "local_authority")}
NAMES = sorted(MEMBERS)
START = date(2023, 1, 2)
TODAY = date(2026, 12, 3)
CAPITAL_EVENTS = {"SharesSubscribed", "SharesPaidUp", "SharesTransferred", "ShareWithdrawalRequested",
                  "SharesRefunded", "SharesCancelled"}

name = st.sampled_from(NAMES)
shares = st.integers(1, 12)
cents = st.integers(0, 60_000)
step = st.integers(-2, 120)  # days since the previous command; a negative step tries a date before the register's last

commands = st.one_of(
    st.tuples(st.just("subscribe"), name, shares, st.one_of(st.sampled_from(["full", "quarter"]), cents)),
    st.tuples(st.just("subscribe"), name, shares, st.sampled_from(["full", "quarter"])),
    st.tuples(st.just("pay"), name, st.one_of(st.just("unpaid"), cents)),
    st.tuples(st.just("pay"), name, st.just("unpaid")),
    st.tuples(st.just("transfer"), name, name, shares),
    st.tuples(st.just("transfer"), name, name, st.integers(1, 4)),
    st.tuples(st.just("ask"), name, st.integers(1, 8)),
    st.tuples(st.just("ask"), name, st.integers(1, 3)),
    st.tuples(st.just("refund"), st.integers(0, 5), st.sampled_from(["released", "less", "more", "zero"]),
              st.booleans()),
    st.tuples(st.just("refund"), st.integers(0, 5), st.just("released"), st.booleans()),
    st.tuples(st.just("cancel"), name, st.integers(1, 5)),
    st.tuples(st.just("cancel"), name, st.integers(1, 2)),
    st.tuples(st.just("withdraw"), name),
    st.tuples(st.just("exclude"), name),
    st.tuples(st.just("request"), name),
    st.tuples(st.just("admit"), name),
)
sequences = st.lists(st.tuples(step, commands), min_size=8, max_size=40)


@dataclass
class World:
    app: Collegia
    pole_id: UUID
    ids: dict[str, UUID] = field(default_factory=dict)
    day: date = START

    def pole(self) -> Pole:
        return self.app.get_pole(self.pole_id)

    def stored(self) -> int:
        return self.app.recorder.max_notification_id() or 0


def new_world() -> World:
    app = Collegia(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    with frozen_time(noon(START)):
        pole_id = app.found_pole(name="Pôle Coop Vallée", territory="Drôme", legal_form="SCIC SAS",
                                 statutes=scic_statutes(capital=CAPITAL, exclusion_by="board"),
                                 strategy="Mutualiser la logistique.", actor=ACTOR)
    world = World(app, pole_id, ids={n: uuid4() for n in NAMES})
    # Five associates to start from: 20 private shares paid up (Alice, Bruno), 6 with a quarter paid (Chloé: 75,00 €
    # of 300,00 €); 9 public shares (Commune 5 paid up, Interco 4 with 50,00 € of 200,00 € paid): 9 / 35 = 25,71 %.
    # Département may join later.
    for member, count, paid in (("Alice", 10, "full"), ("Bruno", 10, "full"), ("Chloé", 6, "quarter"),
                                ("Commune", 5, "full"), ("Interco", 4, "quarter")):
        for command in (("request", member), ("admit", member), ("subscribe", member, count, paid)):
            with frozen_time(noon(START)):
                run(world, command)()
    return world


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=PARIS).astimezone(UTC)


def run(w: World, command: tuple[Any, ...]) -> Callable[[], Any]:
    """The app call a generated command stands for (amounts worked out from the register where they depend on it)."""
    app, pole_id, kind, on = w.app, w.pole_id, command[0], w.day.isoformat()
    if kind == "request":
        category, member_kind = MEMBERS[command[1]]
        return lambda: app.request_membership(pole_id, name=command[1], kind=member_kind, category=category,
                                              representative=f"Représentant de {command[1]}", actor=ACTOR,
                                              member_id=w.ids[command[1]])
    if kind == "admit":
        return lambda: app.admit_member(pole_id, w.ids[command[1]], decision="CA", actor=ACTOR)
    if kind == "subscribe":
        _, member, count, paid = command
        amount = count * VALUE
        paid = {"full": amount, "quarter": (amount / 4).quantize(CENT, ROUND_CEILING)}.get(paid, paid)
        paid = min(Decimal(paid) / 100, amount) if isinstance(paid, int) else paid
        return lambda: app.subscribe_shares(pole_id, w.ids[member], shares=count, paid=str(paid), on=on,
                                            decision="CA", actor=ACTOR)
    if kind == "pay":
        member, amount = command[1], command[2]
        if amount == "unpaid":
            amount = w.pole().capital_register().holding(str(w.ids[member])).unpaid(VALUE)
        else:
            amount = Decimal(amount) / 100
        return lambda: app.pay_up_shares(pole_id, w.ids[member], amount=str(amount), on=on, actor=ACTOR)
    if kind == "transfer":
        return lambda: app.transfer_shares(pole_id, w.ids[command[1]], w.ids[command[2]], shares=command[3], on=on,
                                           decision="agrément du CA", actor=ACTOR)
    if kind == "ask":
        return lambda: app.request_withdrawal_of_shares(pole_id, w.ids[command[1]], shares=command[2], on=on,
                                                        reason="besoin", actor=ACTOR)
    if kind == "refund":
        _, index, how, early = command
        held = w.pole().capital_register()
        requests = sorted(held.requests)
        if not requests:
            return lambda: app.refund_shares(pole_id, request=999, amount="0", on=on, decision="CA", actor=ACTOR)
        opened = held.requests[requests[index % len(requests)]]
        released = min(held.holding(opened["member_id"]).paid, int(opened["shares"]) * VALUE)
        amount = {"released": released, "less": max(Decimal("0.00"), released - Decimal("12.34")),
                  "more": released + CENT, "zero": Decimal("0.00")}[how]
        return lambda: app.refund_shares(pole_id, request=opened["number"], amount=str(amount), on=on,
                                         decision="CA", early_approval="CA, remboursement anticipé" if early else "",
                                         actor=ACTOR)
    if kind == "cancel":
        return lambda: app.cancel_shares(pole_id, w.ids[command[1]], shares=command[2], on=on, reason="non libérées",
                                         actor=ACTOR)
    if kind == "withdraw":
        return lambda: app.withdraw_member(pole_id, w.ids[command[1]], reason="départ", actor=ACTOR)
    assert kind == "exclude"
    return lambda: app.exclude_member(pole_id, w.ids[command[1]], reasons="manquements", decision="CA", actor=ACTOR)


def apply_sequence(sequence: list[tuple[int, tuple[Any, ...]]], check: Callable[[World], None]) -> World:
    """Run the commands in order; a refused one stores nothing, `check` runs after every accepted one."""
    w = new_world()
    check(w)
    for days, command in sequence:
        w.day = min(TODAY, w.day + timedelta(days=days))
        with frozen_time(noon(w.day)):
            before, movements = w.stored(), list(w.pole().capital_movements)
            try:
                run(w, command)()
            except DomainError:
                assert w.stored() == before, f"{command} was refused but stored events"
                assert w.pole().capital_movements == movements
                continue
            check(w)
    return w


# -- the invariants --------------------------------------------------------------------------------------------
def floor_before(held: register.Register) -> Decimal:
    """The floor before a movement, worked out here: the statutes' (L231-5) and a quarter of the highest capital the
    register has held (loi 1947 art. 13), whichever is higher."""
    return max(FLOOR, (held.highest_shares * VALUE / 4).quantize(CENT, ROUND_CEILING))


def check_register(w: World) -> None:
    pole = w.pole()
    movements = list(pole.capital_movements)
    categories = {member_id: m["category"] for member_id, m in pole.members.items()}

    # Replaying the stored events alone (no snapshot, no cache) gives the aggregate's register.
    stored = [e for e in w.app.events.get(w.pole_id)]
    assert [e.movement for e in stored if type(e).__name__ in CAPITAL_EVENTS] == movements
    rebuilt = replay_events(None, stored)
    assert rebuilt.capital_movements == movements
    assert register.replay(rebuilt.capital_movements) == pole.capital_register()
    assert {k: m["status"] for k, m in rebuilt.members.items()} == {k: m["status"] for k, m in pole.members.items()}

    # Numbered from 1 without a gap, dated in order, none after today.
    assert [m["number"] for m in movements] == list(range(1, len(movements) + 1))
    days = [date.fromisoformat(m["on"]) for m in movements]
    assert days == sorted(days) and all(d <= w.day for d in days)

    # After every movement: nothing negative, paid ≤ shares × value, pending ≤ shares, the public cap held, and a
    # movement reducing the capital left it at or above the floor it had before.
    held = register.Register()
    for movement in movements:
        floor = floor_before(held)
        total_before = held.total_shares
        register.apply(held, movement)
        for holding in held.holdings.values():
            assert holding.shares >= 0 and holding.paid >= 0 and holding.pending >= 0, (movement, holding)
            assert holding.paid <= holding.shares * VALUE, (movement, holding)
            assert holding.pending <= holding.shares, (movement, holding)
        assert register.public_share(held, categories, PUBLIC) <= Fraction(1, 2), movement
        public = sum(h.shares for m, h in held.holdings.items() if categories.get(m) in PUBLIC)
        assert 2 * public <= held.total_shares
        if held.total_shares < total_before:
            assert movement["kind"] in (register.REFUND, register.CANCELLATION), movement
            assert held.total_shares * VALUE >= floor, (movement, floor)
        if movement["kind"] == register.REFUND:
            assert Decimal(movement["amount"]) <= Decimal(movement["paid"])  # loi 1947 art. 18
    assert held == pole.capital_register()

    # Every open request is an unrefunded withdrawal request; the pending shares are theirs.
    for member_id, holding in held.holdings.items():
        assert holding.pending == sum(int(r["shares"]) for r in held.requests.values() if r["member_id"] == member_id)
    # Members who left have asked back every share they hold.
    for member_id, m in pole.members.items():
        holding = held.holding(member_id)
        if m["status"] in ("withdrawn", "excluded"):
            assert holding.pending == holding.shares, (m, holding)

    # The situation's totals are the sums of the holdings.
    members = {k: {"name": m["name"], "category": m["category"], "college": m.get("college") or ""}
               for k, m in pole.members.items()}
    shown = register.situation(movements, members, pole.statutes.capital)
    assert shown["shares"] == held.total_shares == sum(a["shares"] for a in shown["associates"])
    assert shown["capital"] == held.total_shares * VALUE == sum(a["amount"] for a in shown["associates"])
    assert shown["paid"] == sum((h.paid for h in held.holdings.values()), Decimal(0))
    assert shown["paid"] == sum((a["paid"] for a in shown["associates"]), Decimal(0))
    assert shown["paid"] + shown["unpaid"] == shown["capital"]
    assert sum(c["shares"] for c in shown["per_category"].values()) == shown["shares"]
    assert sum(c["shares"] for c in shown["per_college"].values()) == shown["shares"]
    assert shown["public"]["shares"] == sum(h.shares for m, h in held.holdings.items() if categories.get(m) in PUBLIC)
    assert shown["public"]["within"]

    # Each year's variation adds up, and meets the capital as of the year's last day.
    for year in range(START.year, w.day.year + 1):
        v = register.variation(movements, year, VALUE)
        opening = register.replay(movements, until=date(year - 1, 12, 31)).total_shares
        closing = register.replay(movements, until=date(year, 12, 31)).total_shares
        assert (v["opening"]["shares"], v["closing"]["shares"]) == (opening, closing)
        assert opening + v["subscription"]["shares"] - v["refund"]["shares"] - v["cancellation"]["shares"] == closing
        for line in ("opening", "subscription", "refund", "cancellation", "transfer", "closing"):
            assert v[line]["amount"] == v[line]["shares"] * VALUE
        in_year = [m for m in movements if m["on"].startswith(f"{year}-")]
        assert v["refunded_paid"] == sum((Decimal(m["amount"]) for m in in_year if m["kind"] == register.REFUND),
                                         Decimal(0))
        assert v["subscription"]["count"] == sum(1 for m in in_year if m["kind"] == register.SUBSCRIPTION)


def check_minimum_kept(w: World) -> None:
    """An admitted associate keeps, beyond the shares it has asked back, the minimum of its category (the statutes:
    the commands refuse a partial withdrawal that would leave less; to leave, an associate withdraws)."""
    pole = w.pole()
    held = pole.capital_register()
    for member_id, m in pole.members.items():
        if m["status"] == "admitted":
            holding = held.holding(member_id)
            assert holding.shares - holding.pending >= MINIMUM.get(m["category"], 1), (m["name"], holding)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequences)
def test_any_sequence_of_movements_keeps_the_registers_invariants(sequence: list[tuple[int, tuple[Any, ...]]]) -> None:
    apply_sequence(sequence, check_register)


# -- the category's minimum kept beyond the shares asked back (issue 22) --------------------------------------------
# The random sequences above found it (when `check_minimum_kept` runs after every command, Hypothesis takes minutes to
# shrink it): transfer_shares and cancel_shares checked the minimum on the shares held, not on those left once the
# pending withdrawals are refunded, and admit_member counted shares asked back towards a returning member's minimum.
# The three minimal forms below failed before governance/pole.py counted `holding.pending` out.


def sequence_of(*commands: tuple[Any, ...]) -> list[tuple[int, tuple[Any, ...]]]:
    return [(1, command) for command in commands]


def test_a_transfer_leaves_no_admitted_associate_below_its_minimum_once_refunded() -> None:
    # Alice (10 shares, minimum 1) asks 9 back, keeping 1; the transfer of that last free share would leave her 0 once
    # the 9 are refunded (10 − 9 − 1 = 0 < 1): refused.
    w = apply_sequence(sequence_of(("ask", "Alice", 8), ("ask", "Alice", 1), ("transfer", "Alice", "Bruno", 1)),
                       lambda w: None)
    holding = w.pole().capital_register().holding(str(w.ids["Alice"]))
    assert (holding.shares, holding.pending) == (10, 9)
    check_minimum_kept(w)


def test_a_cancellation_leaves_no_admitted_associate_below_its_minimum_once_refunded() -> None:
    # Chloé holds 6 shares with a quarter paid (75,00 € of 300,00 €) and asks 5 back, keeping the minimum of 1; her one
    # free share is unpaid, and cancelling it would leave her nothing beyond the 5 asked back (6 − 5 − 1 = 0): refused.
    w = apply_sequence(sequence_of(("ask", "Chloé", 5), ("cancel", "Chloé", 1)), lambda w: None)
    assert w.pole().capital_register().holding(str(w.ids["Chloé"])).shares == 6
    check_minimum_kept(w)


def test_a_returning_member_is_not_admitted_on_the_shares_it_asked_back() -> None:
    # Bruno withdraws: his 10 shares are asked back. He asks to join again and the board approves: his admission waits
    # for a new minimum subscription, the 10 shares waiting for their refund do not count.
    w = apply_sequence(sequence_of(("withdraw", "Bruno"), ("request", "Bruno"), ("admit", "Bruno")), lambda w: None)
    assert w.pole().member(w.ids["Bruno"])["status"] == "requested"
    assert w.pole().member(w.ids["Bruno"])["approved"]
    check_minimum_kept(w)
