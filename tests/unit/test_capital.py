"""The capital register (issue 22) through the app, with hand-worked figures; the French scenarios
(features/capital/) walk the same rules in the members' words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Callable
from uuid import uuid4

import pytest

from governance import clock
from governance.capital import situation, variation
from governance.convocation import paris_day
from governance.errors import CapitalRuleBroken, CapitalStateConflict, MembershipRuleBroken, StatutesRuleBroken

from .conftest import ACTOR, PoleWorld, scic_statutes

CAPITAL = {"share_value": "50.00", "minimum_shares": {"collectivite": 20}, "floor": "1000.00", "stated": "2000.00",
           "refund_delay_years": 1, "public_categories": ["collectivite"]}


@pytest.fixture
def w(make_world: Callable[..., PoleWorld]) -> PoleWorld:
    world = make_world(scic_statutes(capital=CAPITAL))
    return world


def today() -> str:
    """Today in Paris, as the domain dates a withdrawal's refund request (not the machine's UTC day)."""
    return paris_day(clock.now()).isoformat()


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
    # The register's line says the admission takes effect; the admission keeps the board's own decision.
    assert pole.capital_movements[-1]["admits"] is True
    admitted = [e for e in w.app.events.get(pole.id) if type(e).__name__ == "MemberAdmitted"]
    assert admitted[-1].decision == "CA du 5 janvier"


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
    # Private 23 (Alice 22, Bob 1), public 20. Two of Alice's shares refunded: 20 / 41. Bob leaves and is refunded:
    # 20 / 40, exactly half (allowed). One more of Alice's shares back would be 20 / 39 = 51.28 % (refused).
    w.app.refund_shares(w.pole_id, request=number, amount="50", on="2026-02-01", decision="CA", actor=ACTOR)
    second = w.app.request_withdrawal_of_shares(w.pole_id, alice, shares=1, on="2026-02-01", reason="besoin",
                                                actor=ACTOR)
    w.app.refund_shares(w.pole_id, request=second, amount="50", on="2026-03-01", decision="CA",
                        early_approval="CA du 1er mars", actor=ACTOR)
    assert w.app.get_pole(w.pole_id).capital_register().total_shares == 41

    w.app.withdraw_member(w.pole_id, bob, reason="départ", actor=ACTOR)
    bob_request = w.app.get_pole(w.pole_id).capital_movements[-1]["number"]
    w.app.refund_shares(w.pole_id, request=bob_request, amount="50", on=today(), decision="CA",
                        early_approval="CA", actor=ACTOR)  # 20 public of 40: exactly half
    fourth = w.app.request_withdrawal_of_shares(w.pole_id, alice, shares=1, on=today(),
                                                reason="besoin", actor=ACTOR)
    with refused(CapitalRuleBroken, match="51.28 %.*art. 19 septies"):
        w.app.refund_shares(w.pole_id, request=fourth, amount="50", on=today(), decision="CA",
                            early_approval="CA", actor=ACTOR)


def test_floor_defers_a_refund(w: PoleWorld, refused: Any) -> None:
    alice = join(w, "Alice", "usager", 10)
    join(w, "Bob", "usager", 12)
    # capital 22 × 50 = 1 100 €; the floor is 1 000 € (a quarter of the highest, 275 €, is lower).
    w.app.withdraw_member(w.pole_id, alice, reason="départ", actor=ACTOR)
    opened = w.app.get_pole(w.pole_id).capital_movements[-1]
    assert (opened["kind"], opened["shares"], opened["decision"]) == ("withdrawal_request", 10, "départ")
    request = opened["number"]
    with refused(CapitalRuleBroken, match="600,00 €, below its floor of 1 000,00 €"):
        w.app.refund_shares(w.pole_id, request=request, amount="500", on=today(), decision="CA",
                            early_approval="CA du 1er décembre", actor=ACTOR)


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



def test_a_register_above_the_cap_is_not_locked(w: PoleWorld, refused: Any) -> None:
    """Public categories added by an amendment can leave the public bodies above the cap: a movement that brings their
    share down stays possible, one that raises it does not. Alice 10, the commune 30 (category « commune », not yet
    public); once « commune » counts, 30 / 40 = 75 %. Bob subscribing 10 → 30 / 50 = 60 %: allowed (down); the
    commune subscribing 1 → 31 / 51 = 60.78 %: refused (up)."""
    join(w, "Alice", "usager", 10)
    commune = join(w, "Commune", "commune", 30, kind="local_authority")
    pole = w.app.get_pole(w.pole_id)
    statutes = pole.statutes.to_dict()
    statutes["capital"]["public_categories"] = ["collectivite", "commune"]
    pole.amend_statutes(statutes=statutes, proposal_id=uuid4(), actor=ACTOR)
    w.app.save(pole)
    join(w, "Bob", "usager", 10, on="2025-01-11")
    with refused(CapitalRuleBroken, match="60.78 %"):
        w.app.subscribe_shares(w.pole_id, commune, shares=1, paid="50", on="2025-01-11", decision="CA", actor=ACTOR)


def test_a_member_asking_again_keeps_the_category_of_its_shares(w: PoleWorld, refused: Any) -> None:
    alice = join(w, "Alice", "usager", 10)
    w.app.withdraw_member(w.pole_id, alice, reason="départ", actor=ACTOR)
    with refused(MembershipRuleBroken, match="still holds shares in category 'usager'"):
        w.app.request_membership(w.pole_id, member_id=alice, name="Alice", kind="person", category="collectivite",
                                 representative="Alice", actor=ACTOR)
    w.app.request_membership(w.pole_id, member_id=alice, name="Alice", kind="person", category="usager",
                             representative="Alice", actor=ACTOR)


def test_a_partial_refund_returns_what_was_paid_on_those_shares(make_world: Any, refused: Any) -> None:
    """Shares of 50 €, a quarter paid at once: Alice subscribes 10 (500 €) and pays 125 €; asking 5 back, what was
    paid on them is 125 × 5 / 10 = 62.50 € (loi 1947 art. 18): 62.51 € is refused; the 5 she keeps keep 62.50 €."""
    w = make_world(scic_statutes(capital={**CAPITAL, "paid_at_subscription": "1/4", "payment_years": 3,
                                          "floor": "200.00"}))
    join(w, "Bob", "usager", 20)
    alice = w.app.request_membership(w.pole_id, name="Alice", kind="person", category="usager",
                                     representative="Alice", actor=ACTOR)
    w.app.admit_member(w.pole_id, alice, decision="CA", actor=ACTOR)
    w.app.subscribe_shares(w.pole_id, alice, shares=10, paid="125", on="2025-01-10", decision="CA", actor=ACTOR)
    number = w.app.request_withdrawal_of_shares(w.pole_id, alice, shares=5, on="2025-02-01", reason="x", actor=ACTOR)
    with refused(CapitalRuleBroken, match="62,50 €"):
        w.app.refund_shares(w.pole_id, request=number, amount="62.51", on="2026-02-01", decision="CA", actor=ACTOR)
    w.app.refund_shares(w.pole_id, request=number, amount="-0", on="2026-02-01", decision="CA", actor=ACTOR)
    pole = w.app.get_pole(w.pole_id)
    assert pole.capital_movements[-1]["amount"] == "0.00"  # never "-0.00"
    assert pole.capital_register().holding(str(alice)).paid == Decimal("62.50")


def test_an_exclusions_refund_request_holds_the_decision_as_recorded(make_world: Any) -> None:
    w = make_world(scic_statutes(exclusion_by="board", capital=CAPITAL))
    alice = join(w, "Alice", "usager", 10)
    w.app.exclude_member(w.pole_id, alice, reasons="Impayés", decision="  CA du 3 mars" + " " * 600, actor=ACTOR)
    assert w.app.get_pole(w.pole_id).capital_movements[-1]["decision"] == "CA du 3 mars"


def test_a_cancellation_below_the_floor_says_so(make_world: Any, refused: Any) -> None:
    """Floor 1 000 €: Alice holds 18 shares paid, Bob subscribes 4 and pays 50 € (one share's worth): capital 22 × 50
    = 1 100 €. Cancelling 2 of Bob's unpaid shares leaves 1 000 €, the floor itself: allowed; one more would leave
    950 €: refused, the message naming the cancellation (not a withdrawal)."""
    w = make_world(scic_statutes(capital={**CAPITAL, "paid_at_subscription": "1/4", "payment_years": 3}))
    join(w, "Alice", "usager", 18)
    bob = w.app.request_membership(w.pole_id, name="Bob", kind="person", category="usager", representative="Bob",
                                   actor=ACTOR)
    w.app.admit_member(w.pole_id, bob, decision="CA", actor=ACTOR)
    w.app.subscribe_shares(w.pole_id, bob, shares=4, paid="50", on="2025-01-10", decision="CA", actor=ACTOR)
    w.app.cancel_shares(w.pole_id, bob, shares=2, on="2025-02-01", reason="impayé", actor=ACTOR)
    whole = r"^this cancellation would bring the capital to 950,00 €, below its floor .*art\. 13\)$"
    with refused(CapitalRuleBroken, match=whole):
        w.app.cancel_shares(w.pole_id, bob, shares=1, on="2025-02-01", reason="impayé", actor=ACTOR)
