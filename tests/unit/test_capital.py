"""The capital register (issue 22) through the app, with hand-worked figures; the French scenarios
(features/capital/) walk the same rules in the members' words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable

import pytest

from governance.capital import situation, variation
from governance.errors import CapitalRuleBroken, CapitalStateConflict, StatutesRuleBroken

from .conftest import ACTOR, PoleWorld, scic_statutes

CAPITAL = {"share_value": "50.00", "minimum_shares": {"collectivite": 20}, "floor": "1000.00", "stated": "2000.00",
           "refund_delay_years": 1, "public_categories": ["collectivite"]}


@pytest.fixture
def w(make_world: Callable[..., PoleWorld]) -> PoleWorld:
    world = make_world(scic_statutes(capital=CAPITAL))
    return world


def join(w: PoleWorld, name: str, category: str, shares: int, on: str = "2025-01-10", kind: str = "person") -> Any:
    member_id = w.app.request_membership(w.pole_id, name=name, kind=kind, category=category,
                                         representative=name, actor=ACTOR)
    w.members[name] = member_id
    w.app.admit_member(w.pole_id, member_id, decision="CA du 5 janvier", actor=ACTOR)
    w.app.subscribe_shares(w.pole_id, member_id, shares=shares, paid=str(shares * 50), on=on, decision="CA",
                           actor=ACTOR)
    return member_id


def test_admission_takes_effect_on_the_minimum_subscription(w: PoleWorld) -> None:
    join(w, "Alice", "usager", 20)
    member_id = w.app.request_membership(w.pole_id, name="Commune de Die", kind="local_authority",
                                         category="collectivite", representative="Maire", actor=ACTOR)
    w.app.admit_member(w.pole_id, member_id, decision="CA du 5 janvier", actor=ACTOR)
    assert w.app.get_pole(w.pole_id).member(member_id)["status"] == "requested"
    w.app.subscribe_shares(w.pole_id, member_id, shares=20, paid="1000", on="2025-01-10", decision="CA", actor=ACTOR)
    pole = w.app.get_pole(w.pole_id)
    assert pole.member(member_id)["status"] == "admitted"
    assert pole.capital_register().holding(str(member_id)).shares == 20


def test_public_cap_reached_exactly_then_crossed_by_one_share(w: PoleWorld, refused: Any) -> None:
    # 20 public shares (1 000 €) against 20 private: exactly 50 % is allowed; one more public share is 21/41 > 50 %.
    join(w, "Alice", "usager", 20)
    commune = join(w, "Commune", "collectivite", 20, kind="local_authority")
    assert situation(w.app.get_pole(w.pole_id).capital_movements, {}, w.app.get_pole(w.pole_id).statutes.capital
                     )["capital"] == Decimal("2000.00")
    with refused(CapitalRuleBroken, match="51.22 %.*art. 19 septies"):
        w.app.subscribe_shares(w.pole_id, commune, shares=1, paid="50", on="2025-01-11", decision="CA", actor=ACTOR)


def test_a_private_refund_that_would_cross_the_cap_is_refused(w: PoleWorld, refused: Any) -> None:
    alice = join(w, "Alice", "usager", 22)
    join(w, "Commune", "collectivite", 20, kind="local_authority")
    bob = join(w, "Bob", "usager", 1)
    number = w.app.request_withdrawal_of_shares(w.pole_id, alice, shares=1, on="2025-02-01", reason="besoin",
                                                actor=ACTOR)
    # Private 23, public 20: Alice's share back → 20/42; Bob's leaving → 20/41... then Alice asks 2 more: 20/40
    # is exactly half (allowed), a third share back would be 20/39 = 51.28 % (refused).
    w.app.refund_shares(w.pole_id, request=number, amount="50", on="2026-02-01", decision="CA", actor=ACTOR)
    second = w.app.request_withdrawal_of_shares(w.pole_id, alice, shares=1, on="2026-02-01", reason="besoin",
                                                actor=ACTOR)
    w.app.refund_shares(w.pole_id, request=second, amount="50", on="2026-03-01", decision="CA",
                        early_approval="CA du 1er mars", actor=ACTOR)
    assert w.app.get_pole(w.pole_id).capital_register().total_shares == 41

    w.app.withdraw_member(w.pole_id, bob, reason="départ", actor=ACTOR)
    bob_request = w.app.get_pole(w.pole_id).capital_movements[-1]["number"]
    w.app.refund_shares(w.pole_id, request=bob_request, amount="50", on=date.today().isoformat(), decision="CA",
                        early_approval="CA", actor=ACTOR)  # 20 public of 40: exactly half
    fourth = w.app.request_withdrawal_of_shares(w.pole_id, alice, shares=1, on=date.today().isoformat(),
                                                reason="besoin", actor=ACTOR)
    with refused(CapitalRuleBroken, match="51.28 %.*art. 19 septies"):
        w.app.refund_shares(w.pole_id, request=fourth, amount="50", on=date.today().isoformat(), decision="CA",
                            early_approval="CA", actor=ACTOR)


def test_floor_defers_a_refund(w: PoleWorld, refused: Any) -> None:
    alice = join(w, "Alice", "usager", 10)
    bob = join(w, "Bob", "usager", 12)
    # capital 22 × 50 = 1 100 €; the floor is 1 000 € (a quarter of the highest, 275 €, is lower).
    w.app.withdraw_member(w.pole_id, alice, reason="départ", actor=ACTOR)
    pole = w.app.get_pole(w.pole_id)
    request = pole.capital_movements[-1]["number"]
    with refused(CapitalRuleBroken, match="600,00 €, below its floor of 1 000,00 €"):
        w.app.refund_shares(w.pole_id, request=request, amount="500", on=date.today().isoformat(), decision="CA",
                            early_approval="CA du 1er décembre", actor=ACTOR)
    del bob


def test_statutes_floor_below_a_tenth_of_the_stated_capital_is_refused(make_world: Any) -> None:
    with pytest.raises(StatutesRuleBroken, match="L231-5"):
        make_world(scic_statutes(capital={**CAPITAL, "floor": "199.99"}))


def test_variation_of_a_year(w: PoleWorld) -> None:
    alice = join(w, "Alice", "usager", 10, on="2025-03-01")
    join(w, "Bob", "usager", 30, on="2025-06-01")
    number = w.app.request_withdrawal_of_shares(w.pole_id, alice, shares=4, on="2025-07-01", reason="x", actor=ACTOR)
    w.app.refund_shares(w.pole_id, request=number, amount="200", on="2026-07-01", decision="CA", actor=ACTOR)
    moves = w.app.get_pole(w.pole_id).capital_movements
    v2026 = variation(moves, 2026, Decimal("50.00"))
    assert v2026["opening"]["amount"] == Decimal("2000.00")
    assert v2026["refund"]["amount"] == Decimal("200.00")
    assert v2026["closing"]["amount"] == Decimal("1800.00")
    assert situation(moves, {}, w.app.get_pole(w.pole_id).statutes.capital, on=date(2025, 12, 31))["shares"] == 40
    with pytest.raises(CapitalStateConflict):
        w.app.refund_shares(w.pole_id, request=number, amount="200", on="2026-07-01", decision="CA", actor=ACTOR)

