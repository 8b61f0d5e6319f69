"""The members' capital register (issue 22): movements, holdings, the capital's rules and its views.

A cooperative pole has a variable capital (Code de commerce L231-1): one becomes an associate by subscribing shares
(parts sociales) and leaves by having them refunded. Every movement is an event of the pole (`governance/pole.py`),
numbered in one chronological register; this module holds what they mean, as pure functions over the movements'
plain data, so that the aggregate, the pages and the API compute the same figures. Capital never weighs on votes
(loi n° 47-1775 art. 9: one associate, one vote): nothing here is read by a tally.

Money is `Decimal` euros and cents (`governance.statutes.money`), never a float; shares are whole numbers. The texts
behind each rule are quoted in docs/capital-law.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

from governance.board import add_years
from governance.errors import CapitalRuleBroken
from governance.numbers import percent
from governance.statutes import CENT, SCIC_PUBLIC_CAP, Capital

SUBSCRIPTION, PAYMENT, TRANSFER = "subscription", "payment", "transfer"
WITHDRAWAL, REFUND, CANCELLATION = "withdrawal_request", "refund", "cancellation"
MOVEMENT_KINDS = (SUBSCRIPTION, PAYMENT, TRANSFER, WITHDRAWAL, REFUND, CANCELLATION)
MAX_SHARES = 10_000_000  # in one movement
# Loi n° 47-1775 art. 13: the capital « ne peut être inférieure au quart du capital le plus élevé atteint depuis la
# constitution de la société » (docs/capital-law.md). Collegia counts the capital as the shares subscribed at their
# nominal value and keeps the highest the register has reached (the nominal value is the statutes' and does not move
# with the register; should an amendment change it, the highest is counted at today's value).
HIGHEST_CAPITAL_SHARE = Fraction(1, 4)
ZERO = Decimal("0.00")


@dataclass
class Holding:
    """What one associate holds at a point of the register."""

    shares: int = 0
    paid: Decimal = ZERO  # euros paid on the shares held (paid up), refunded ones excluded
    pending: int = 0  # shares whose withdrawal is requested and not yet refunded

    def unpaid(self, share_value: Decimal) -> Decimal:
        return max(ZERO, self.shares * share_value - self.paid)


@dataclass
class Register:
    """The register replayed: holdings, open withdrawal requests, the highest capital (in shares) ever held."""

    holdings: dict[str, Holding] = field(default_factory=dict)
    requests: dict[int, dict[str, Any]] = field(default_factory=dict)  # open withdrawal requests by number
    highest_shares: int = 0

    @property
    def total_shares(self) -> int:
        return sum(h.shares for h in self.holdings.values())

    def holding(self, member_id: str) -> Holding:
        return self.holdings.get(str(member_id)) or Holding()


def replay(movements: Iterable[Mapping[str, Any]], *, until: date | None = None) -> Register:
    """The register after every movement dated `until` or before (all when None)."""
    register = Register()
    for movement in movements:
        day = date.fromisoformat(movement["on"])
        if until is not None and day > until:
            break  # the register is chronological: nothing later is dated before
        apply(register, movement)
    return register


def apply(register: Register, movement: Mapping[str, Any]) -> None:
    """One movement's effect on the register (the aggregate and every view use this one function)."""
    kind, member = movement["kind"], str(movement["member_id"])
    shares, paid = int(movement.get("shares") or 0), Decimal(movement.get("paid") or "0")
    holding = register.holdings.setdefault(member, Holding())
    if kind == SUBSCRIPTION:
        holding.shares += shares
        holding.paid += paid
    elif kind == PAYMENT:
        holding.paid += Decimal(movement["amount"])
    elif kind == TRANSFER:
        other = register.holdings.setdefault(str(movement["to_member_id"]), Holding())
        holding.shares -= shares
        holding.paid -= paid
        other.shares += shares
        other.paid += paid
    elif kind == WITHDRAWAL:
        holding.pending += shares
        register.requests[int(movement["number"])] = dict(movement)
    elif kind == REFUND:
        holding.shares -= shares
        holding.paid -= paid
        holding.pending -= shares
        register.requests.pop(int(movement["request"]), None)
    elif kind == CANCELLATION:
        holding.shares -= shares
    register.highest_shares = max(register.highest_shares, register.total_shares)


def refund_due(request: Mapping[str, Any], capital: Capital) -> date:
    """The day a withdrawal request's refund falls due: its date plus the statutes' refund delay (earlier only by
    the approving body's decision, `Pole.refund`)."""
    return add_years(date.fromisoformat(request["on"]), capital.refund_delay_years)


# -- rules -----------------------------------------------------------------------------------------------------

def floor_of(register: Register, capital: Capital, *, cooperative: bool = True) -> Decimal:
    """The capital below which refunds wait: the statutes' floor (Code de commerce L231-5) and, in a cooperative,
    a quarter of the highest capital (loi 1947 art. 13), whichever is higher."""
    floor = capital.floor
    if cooperative:
        highest = register.highest_shares * capital.share_value
        quarter = highest * HIGHEST_CAPITAL_SHARE.numerator / HIGHEST_CAPITAL_SHARE.denominator
        floor = max(floor, quarter.quantize(CENT, rounding="ROUND_CEILING"))
    return floor


def check_floor(before: Register, after: Register, capital: Capital, *, what: str, cooperative: bool = True) -> None:
    """A movement reducing the capital may not take it below the floor: the refund waits (L231-5: the capital « ne
    peut être réduit par la reprise des apports » below the statutes' sum; loi 1947 art. 13)."""
    if after.total_shares >= before.total_shares:
        return
    floor = floor_of(before, capital, cooperative=cooperative)
    amount = after.total_shares * capital.share_value
    if amount < floor and what == "cancellation":
        raise CapitalRuleBroken(
            "this cancellation would bring the capital to {amount} €, below its floor of {floor} € (Code de commerce "
            "L231-5; loi n° 47-1775 art. 13)", amount=euros(amount), floor=euros(floor))
    if amount < floor:
        raise CapitalRuleBroken(
            "this {what} would bring the capital to {amount} €, below its floor of {floor} € (Code de commerce "
            "L231-5; loi n° 47-1775 art. 13): it waits until new subscriptions allow it, and the withdrawal stays "
            "pending", what=what, amount=euros(amount), floor=euros(floor))


def public_share(register: Register, categories: Mapping[str, str], public_categories: Sequence[str]) -> Fraction:
    """The share of the capital held by associates of the public-body categories."""
    total = register.total_shares
    if not total:
        return Fraction(0)
    public = sum(h.shares for member, h in register.holdings.items() if categories.get(member) in public_categories)
    return Fraction(public, total)


def check_public_cap(before: Register, after: Register, categories: Mapping[str, str], capital: Capital, *,
                     scic: bool) -> None:
    """Loi 1947 art. 19 septies: in a SCIC, local authorities, their groupings and territorial public bodies hold
    together at most 50 % of the capital; statutes may set a lower cap. Reaching the cap exactly is allowed. A
    register already above the cap (public categories added by an amendment) is not locked: a movement that brings
    the share down, or leaves it as it was, is allowed; one that raises it is not."""
    if not capital.public_categories:
        return
    share = public_share(after, categories, capital.public_categories)
    if share > capital.public_cap and share > public_share(before, categories, capital.public_categories):
        law = (" (loi n° 47-1775 du 10 septembre 1947, art. 19 septies)" if scic and capital.public_cap ==
               SCIC_PUBLIC_CAP else " (the statutes)")
        raise CapitalRuleBroken(
            "after this movement public bodies would hold {share} of the capital, above the cap of {cap}{law}",
            share=percent(share), cap=percent(capital.public_cap), law=law)


def euros(amount: Decimal) -> str:
    """12345.5 → '12 345,50' (French display; events keep '12345.50')."""
    text = f"{amount.quantize(CENT):,.2f}"
    return text.replace(",", "\u202f").replace(".", ",")


# -- views -----------------------------------------------------------------------------------------------------

def situation(movements: Sequence[Mapping[str, Any]], members: Mapping[str, Mapping[str, Any]], capital: Capital,
              *, on: date | None = None, colleges: Mapping[str, str] | None = None,
              cooperative: bool = True) -> dict[str, Any]:
    """The capital as of `on` (the end of that day): total, paid and unpaid, per category, per college, the public
    bodies' share against the cap, the floor, each associate's holding. `members`: id → {name, category, college};
    `colleges`: id → college as of that day, when the caller knows it (the roster as of a date)."""
    register = replay(movements, until=on)
    value = capital.share_value
    per_category: dict[str, int] = {}
    per_college: dict[str, int] = {}
    associates = []
    for member_id, holding in register.holdings.items():
        if not holding.shares:
            continue
        member = members.get(member_id, {})
        category = member.get("category") or ""
        college = (colleges or {}).get(member_id, member.get("college")) or ""
        per_category[category] = per_category.get(category, 0) + holding.shares
        per_college[college] = per_college.get(college, 0) + holding.shares
        associates.append({"member_id": member_id, "name": member.get("name", member_id), "category": category,
                           "college": college, "shares": holding.shares, "amount": holding.shares * value,
                           "paid": holding.paid, "unpaid": holding.unpaid(value), "pending": holding.pending})
    total = register.total_shares
    categories = {m: (members.get(m) or {}).get("category", "") for m in register.holdings}
    share = public_share(register, categories, capital.public_categories)
    return {
        "on": on, "shares": total, "capital": total * value, "share_value": value,
        "paid": sum((h.paid for h in register.holdings.values()), ZERO),
        "unpaid": sum((h.unpaid(value) for h in register.holdings.values()), ZERO),
        "per_category": {k: {"shares": n, "amount": n * value, "share": Fraction(n, total)}
                         for k, n in sorted(per_category.items())},
        "per_college": {k: {"shares": n, "amount": n * value, "share": Fraction(n, total)}
                        for k, n in sorted(per_college.items())},
        "public": {"categories": list(capital.public_categories), "share": share, "cap": capital.public_cap,
                   "within": share <= capital.public_cap,
                   "shares": sum(n for k, n in per_category.items() if k in capital.public_categories)},
        "floor": floor_of(register, capital, cooperative=cooperative),
        "associates": sorted(associates, key=lambda a: a["name"].casefold()),
        "pending_requests": sorted(register.requests.values(), key=lambda r: r["number"]),
    }


def account(movements: Iterable[Mapping[str, Any]], member_id: str, share_value: Decimal) -> dict[str, Any]:
    """One associate's account: the movements touching it with the balance after each, and where it stands."""
    member_id = str(member_id)
    register = Register()
    lines = []
    for movement in movements:
        apply(register, movement)
        if member_id not in (str(movement["member_id"]), str(movement.get("to_member_id") or "")):
            continue
        holding = register.holding(member_id)
        incoming = movement["kind"] == TRANSFER and str(movement.get("to_member_id")) == member_id
        lines.append({**movement, "incoming": incoming, "shares_after": holding.shares, "paid_after": holding.paid,
                      "unpaid_after": holding.unpaid(share_value)})
    holding = register.holding(member_id)
    return {"lines": lines, "shares": holding.shares, "amount": holding.shares * share_value, "paid": holding.paid,
            "unpaid": holding.unpaid(share_value), "pending": holding.pending}


def variation(movements: Sequence[Mapping[str, Any]], year: int, share_value: Decimal) -> dict[str, Any]:
    """The year's capital variation, for the assembly approving the accounts: the capital at opening (end of the
    previous year), subscriptions, refunds and cancellations of the year, the capital at closing. Transfers move
    shares between associates and leave the capital as it was."""
    opening = replay(movements, until=date(year - 1, 12, 31)).total_shares
    closing = replay(movements, until=date(year, 12, 31)).total_shares
    moved = {SUBSCRIPTION: 0, REFUND: 0, CANCELLATION: 0, TRANSFER: 0}
    count = {k: 0 for k in moved}
    refunded = ZERO
    for movement in movements:
        if date.fromisoformat(movement["on"]).year != year or movement["kind"] not in moved:
            continue
        moved[movement["kind"]] += int(movement["shares"])
        count[movement["kind"]] += 1
        if movement["kind"] == REFUND:
            refunded += Decimal(movement["amount"])
    assert opening + moved[SUBSCRIPTION] - moved[REFUND] - moved[CANCELLATION] == closing
    return {"year": year, "share_value": share_value,
            "opening": {"shares": opening, "amount": opening * share_value},
            **{kind: {"count": count[kind], "shares": moved[kind], "amount": moved[kind] * share_value}
               for kind in moved},
            "refunded_paid": refunded,
            "closing": {"shares": closing, "amount": closing * share_value}}
