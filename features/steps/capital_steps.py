"""Steps about the members' capital register (issue 22): the statutes' capital clauses, subscriptions, payments,
transfers, withdrawal requests, refunds, cancellations, and the register's views (the capital as of a day, an
associate's account, the year's variation statement).

Money is written as the register prints it, in euros and cents with a comma (« 1 000,00 € »), and read into exact
`Decimal`s; dates are Paris days written as ISO dates. Each movement step names its day: the register is
chronological and refuses a day in the future, so the scenarios set « la date du jour » first."""

from __future__ import annotations

import re
from datetime import UTC, date
from decimal import Decimal
from fractions import Fraction
from typing import Any
from uuid import UUID

from pytest_bdd import given, parsers, step, then, when

from features.steps.assembly_steps import paris
from features.steps.support import BOARD, Refusal, ScenarioClock, attempt, p, table_records
from governance import capital as register
from governance.application import Collegia
from governance.clock import frozen_time
from governance.numbers import percent

# What the rows of a scenario write, and the member kind a category's associate is (loi 2014-856 art. 9).
PUBLIC_KINDS = {"collectivite": "local_authority", "epci": "local_authority"}
KIND_WORDS = {"souscription": register.SUBSCRIPTION, "libération": register.PAYMENT, "cession": register.TRANSFER,
              "demande de remboursement": register.WITHDRAWAL, "remboursement": register.REFUND,
              "annulation": register.CANCELLATION}
VARIATION_ROWS = {"capital à l'ouverture": "opening", "souscriptions": register.SUBSCRIPTION,
                  "remboursements": register.REFUND, "annulations": register.CANCELLATION,
                  "cessions": register.TRANSFER, "capital à la clôture": "closing"}

NAME = r"«(?P<name>[^«»]+)»"
OTHER = r"«(?P<other>[^«»]+)»"
DAY = r"(?P<on>\d{4}-\d{2}-\d{2})"
SHARES = r"(?P<shares>\d+) parts?"
EUROS = r"(?P<amount>\d{1,3}(?:[ \u00a0\u202f]\d{3})*,\d{2}) €"
AS_INT = {"shares": int}


def euros(text: str) -> Decimal:
    """« 1 000,00 » → Decimal('1000.00'), exactly."""
    return Decimal(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))


def re_step(pattern: str) -> parsers.re:
    return parsers.re(pattern)


def spaces(text: str) -> str:
    """The register prints thousands with a narrow no-break space; scenarios write a plain one."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


def capital_clauses(statutes: dict[str, Any]) -> dict[str, Any]:
    return statutes.setdefault("capital", {})


def member_map(app: Collegia, pole_id: UUID) -> dict[str, dict[str, Any]]:
    """id → {name, category, college}, as governance.capital.situation reads it."""
    return {member_id: {"name": m["name"], "category": m["category"], "college": m.get("college") or ""}
            for member_id, m in app.get_pole(pole_id).members.items()}


def situation_on(app: Collegia, pole_id: UUID, on: date | None) -> dict[str, Any]:
    pole = app.get_pole(pole_id)
    return register.situation(pole.capital_movements, member_map(app, pole_id), pole.statutes.capital, on=on)


def open_request(app: Collegia, pole_id: UUID, member_id: UUID) -> dict[str, Any]:
    """The member's latest withdrawal request still waiting for its refund."""
    requests = [r for r in app.get_pole(pole_id).capital_register().requests.values()
                if r["member_id"] == str(member_id)]
    assert requests, "no withdrawal request is pending for this member"
    return max(requests, key=lambda r: r["number"])


def pending_requests(app: Collegia, pole_id: UUID, member_id: UUID) -> list[dict[str, Any]]:
    return [r for r in app.get_pole(pole_id).capital_register().requests.values()
            if r["member_id"] == str(member_id)]


def at_noon(on: str) -> Any:
    return paris(on, "12:00").astimezone(UTC)


# -- the statutes' capital clauses ----------------------------------------------------------------------------
@given(re_step(r"les statuts fixent la part sociale à (?P<value>[\d ,]+) €, le capital statutaire à (?P<stated>[\d ,]+) € "
               r"et le plancher du capital à (?P<floor>[\d ,]+) €"))
def capital_figures(statutes: dict[str, Any], value: str, stated: str, floor: str) -> None:
    clauses = capital_clauses(statutes)
    clauses.update(share_value=str(euros(value)), stated=str(euros(stated)), floor=str(euros(floor)))


@given(re_step(r"un associé de la catégorie «(?P<category>[^«»]+)» souscrit au moins (?P<minimum>\d+) parts?"),
       converters={"minimum": int})
def minimum_shares(statutes: dict[str, Any], category: str, minimum: int) -> None:
    capital_clauses(statutes).setdefault("minimum_shares", {})[category] = minimum


@given(p("les catégories «{categories:T}» sont des collectivités publiques (loi n° 47-1775 art. 19 septies)"))
def public_categories(statutes: dict[str, Any], categories: str) -> None:
    capital_clauses(statutes)["public_categories"] = [c.strip() for c in categories.split(",") if c.strip()]


@given(re_step(r"les statuts remboursent les parts (?P<years>\d+) ans? après la demande"), converters={"years": int})
def refund_delay(statutes: dict[str, Any], years: int) -> None:
    capital_clauses(statutes)["refund_delay_years"] = years


@given("les statuts remboursent les parts au montant versé, sans imputation des pertes")
def no_losses_on_refund(statutes: dict[str, Any]) -> None:
    capital_clauses(statutes)["losses_reduce_refund"] = False


@given(re_step(r"les statuts font verser un quart de chaque souscription à la souscription et le reste dans les "
               r"(?P<years>\d+) ans"), converters={"years": int})
def payment_schedule(statutes: dict[str, Any], years: int) -> None:
    capital_clauses(statutes).update(paid_at_subscription="1/4", payment_years=years)


@step(p("la date du jour est le {on}"))
def today(clock: ScenarioClock, on: str) -> None:
    clock.move_to(at_noon(on))


# -- associates -----------------------------------------------------------------------------------------------
def request(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str, category: str) -> UUID:
    kind = PUBLIC_KINDS.get(category, "person")
    roster[name] = app.request_membership(pole_id, name=name, kind=kind, category=category,
                                          representative=name if kind == "person" else f"Représentant de {name}",
                                          actor=BOARD)
    return roster[name]


@step("les associés :")
def associates(app: Collegia, pole_id: UUID, roster: dict[str, UUID], datatable: list[list[str]]) -> None:
    """Each row: the request, the board's approval, the subscription that makes the admission take effect, the
    college."""
    for row in table_records(datatable):
        member_id = request(app, pole_id, roster, row["associé"], row["catégorie"])
        app.admit_member(pole_id, member_id, decision="CA du 6 janvier", actor=BOARD)
        app.subscribe_shares(pole_id, member_id, shares=int(row["parts"]), paid=str(euros(row["versé"])),
                             on=row["le"], decision="CA du 6 janvier", actor=BOARD)
        if row.get("collège"):
            app.assign_college(pole_id, member_id, college=row["collège"], reason="adhésion", actor=BOARD)


@step(p("«{name:T}» demande à adhérer dans la catégorie «{category:T}»"))
def asks_to_join(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str, category: str) -> None:
    request(app, pole_id, roster, name, category)


@step(p("le conseil approuve l'admission de «{name:T}»"))
def board_approves(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str) -> None:
    app.admit_member(pole_id, roster[name], decision="CA du 3 février", actor=BOARD)


@then(p("l'admission de «{name:T}» est approuvée et attend la souscription du minimum"))
def approval_awaits(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str) -> None:
    member = app.get_pole(pole_id).member(roster[name])
    assert member["status"] == "requested" and member.get("approved"), member


# -- movements ------------------------------------------------------------------------------------------------
def subscribe(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str, shares: int, amount: str,
              on: str) -> int:
    return app.subscribe_shares(pole_id, roster[name], shares=shares, paid=str(euros(amount)), on=on,
                                decision="CA", actor=BOARD)


@step(re_step(rf"le {DAY}, {NAME} souscrit {SHARES} et verse {EUROS}"), converters=AS_INT)
def subscribes(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str, shares: int,
               amount: str) -> None:
    subscribe(app, pole_id, roster, name, shares, amount, on)


@when(re_step(rf"le {DAY}, {NAME} tente de souscrire {SHARES} en versant {EUROS}"), converters=AS_INT,
      target_fixture="refusal")
def tries_to_subscribe(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str, shares: int,
                       amount: str) -> Refusal:
    return attempt(app, lambda: subscribe(app, pole_id, roster, name, shares, amount, on))


@step(re_step(rf"le {DAY}, {NAME} verse {EUROS} sur ses parts"))
def pays_up(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str, amount: str) -> None:
    app.pay_up_shares(pole_id, roster[name], amount=str(euros(amount)), on=on, actor=BOARD, note="appel de fonds")


def transfer(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str, shares: int,
             other: str) -> int:
    return app.transfer_shares(pole_id, roster[name], roster[other], shares=shares, on=on,
                               decision="agrément du CA", actor=BOARD)


@step(re_step(rf"le {DAY}, {NAME} cède {SHARES} à {OTHER} avec l'agrément du conseil"), converters=AS_INT)
def transfers(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str, shares: int,
              other: str) -> None:
    transfer(app, pole_id, roster, on, name, shares, other)


@when(re_step(rf"le {DAY}, {NAME} tente de céder {SHARES} à {OTHER}"), converters=AS_INT, target_fixture="refusal")
def tries_to_transfer(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str, shares: int,
                      other: str) -> Refusal:
    return attempt(app, lambda: transfer(app, pole_id, roster, on, name, shares, other))


@step(re_step(rf"le {DAY}, {NAME} demande le remboursement de {SHARES}"), converters=AS_INT)
def asks_back(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str, shares: int) -> None:
    app.request_withdrawal_of_shares(pole_id, roster[name], shares=shares, on=on, reason="besoin de trésorerie",
                                     actor=name)


@step(re_step(rf"le {DAY}, {NAME} se retire du pôle"))
def withdraws_on(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str) -> None:
    with frozen_time(at_noon(on)):  # the withdrawal opens the refund request on its own day
        app.withdraw_member(pole_id, roster[name], reason="départ du territoire", actor=name)


def refund(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str, amount: str,
           early: str | None) -> int:
    number = open_request(app, pole_id, roster[name])["number"]
    return app.refund_shares(pole_id, request=number, amount=str(euros(amount)), on=on, decision="CA",
                             early_approval=early or "", actor=BOARD)


def refund_step(verb: str) -> parsers.re:
    return re_step(rf"le {DAY}, le conseil {verb} {NAME} de {EUROS}(?: par décision anticipée «(?P<early>[^«»]+)»)?")


@step(refund_step("rembourse"))
def refunds(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str, amount: str,
            early: str | None) -> None:
    refund(app, pole_id, roster, on, name, amount, early)


@when(refund_step("tente de rembourser"), target_fixture="refusal")
def tries_to_refund(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str, amount: str,
                    early: str | None) -> Refusal:
    return attempt(app, lambda: refund(app, pole_id, roster, on, name, amount, early))


@step(re_step(rf"le {DAY}, le conseil annule {SHARES} non libérées? de {NAME}"), converters=AS_INT)
def cancels(app: Collegia, pole_id: UUID, roster: dict[str, UUID], on: str, name: str, shares: int) -> None:
    app.cancel_shares(pole_id, roster[name], shares=shares, on=on, reason="non libérées à l'échéance", actor=BOARD)


# -- outcomes -------------------------------------------------------------------------------------------------
@then(p("le mouvement est refusé au nom de la règle «{message:T}»"))
def refused_by_rule(refusal: Refusal, message: str) -> None:
    assert refusal.error is not None, "the movement was accepted"
    assert message in spaces(refusal.error.message), refusal.error.message


@then(re_step(rf"le capital(?: au {DAY})? est de (?P<shares>\d+) parts, soit {EUROS}"), converters=AS_INT)
def capital_is(app: Collegia, pole_id: UUID, on: str | None, shares: int, amount: str) -> None:
    shown = situation_on(app, pole_id, None if on is None else date.fromisoformat(on))
    assert (shown["shares"], shown["capital"]) == (shares, euros(amount)), (shown["shares"], shown["capital"])
    assert shown["capital"] == sum((a["amount"] for a in shown["associates"]), Decimal("0.00"))


@then(re_step(rf"les collectivités publiques détiennent (?P<public>\d+) parts sur (?P<total>\d+)(?: au {DAY})?, soit "
              r"(?P<share>\d+,\d\d) %(?P<over>, au-dessus du plafond)?"), converters={"public": int, "total": int})
def public_bodies_hold(app: Collegia, pole_id: UUID, public: int, total: int, on: str | None, share: str,
                       over: str | None) -> None:
    shown = situation_on(app, pole_id, None if on is None else date.fromisoformat(on))
    assert (shown["public"]["shares"], shown["shares"]) == (public, total)
    assert shown["public"]["share"] == Fraction(public, total)
    assert percent(shown["public"]["share"]).replace(".", ",") == f"{share} %"
    assert shown["public"]["within"] is (over is None)


@then(re_step(rf"le compte de {NAME} est de (?P<shares>\d+) parts?, (?P<paid>[\d ,]+) € versés et (?P<unpaid>[\d ,]+) € "
              r"restant dus(?:, dont (?P<pending>\d+) parts? en attente de remboursement)?"), converters=AS_INT)
def account_is(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str, shares: int, paid: str, unpaid: str,
               pending: str | None) -> None:
    pole = app.get_pole(pole_id)
    shown = register.account(pole.capital_movements, str(roster[name]), pole.statutes.capital.share_value)
    assert (shown["shares"], shown["paid"], shown["unpaid"], shown["pending"]) == (
        shares, euros(paid), euros(unpaid), int(pending or 0)), shown


@then(re_step(rf"la demande de remboursement de {NAME} portant sur {SHARES} est en attente"), converters=AS_INT)
def request_pending(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str, shares: int) -> None:
    assert [r["shares"] for r in pending_requests(app, pole_id, roster[name])] == [shares]


@then(p("«{name:T}» n'a plus de demande de remboursement en attente"))
def no_request_pending(app: Collegia, pole_id: UUID, roster: dict[str, UUID], name: str) -> None:
    assert pending_requests(app, pole_id, roster[name]) == []


@then(re_step(rf"le plancher du capital(?: au {DAY})? est de {EUROS}"))
def floor_is(app: Collegia, pole_id: UUID, on: str | None, amount: str) -> None:
    assert situation_on(app, pole_id, None if on is None else date.fromisoformat(on))["floor"] == euros(amount)


@then(re_step(r"le registre compte (?P<count>\d+) mouvements?, numérotés de 1 à (?P=count)"), converters={"count": int})
def register_count(app: Collegia, pole_id: UUID, count: int) -> None:
    movements = app.get_pole(pole_id).capital_movements
    assert [m["number"] for m in movements] == list(range(1, count + 1))
    assert [m["on"] for m in movements] == sorted(m["on"] for m in movements)


@then(re_step(rf"l'entrée n° (?P<number>\d+) du registre est une? (?P<kind>[^«»]+?) de {SHARES} de {NAME}"
              rf"(?: à {OTHER})? pour {EUROS}, datée du {DAY}"), converters={"number": int, "shares": int})
def register_entry(app: Collegia, pole_id: UUID, roster: dict[str, UUID], number: int, kind: str, shares: int,
                   name: str, other: str | None, amount: str, on: str) -> None:
    movement = app.get_pole(pole_id).capital_movements[number - 1]
    assert movement["number"] == number
    assert movement["kind"] == KIND_WORDS[kind], movement
    assert (movement["shares"], movement["member_id"], movement["on"]) == (shares, str(roster[name]), on), movement
    assert Decimal(movement["amount"]) == euros(amount), movement
    if other is not None:
        assert movement["to_member_id"] == str(roster[other])


@then(re_step(rf"la situation du capital au {DAY} par catégorie est :"))
def per_category(app: Collegia, pole_id: UUID, on: str, datatable: list[list[str]]) -> None:
    shown = situation_on(app, pole_id, date.fromisoformat(on))["per_category"]
    expected = {row["catégorie"]: (int(row["parts"]), euros(row["montant"]), row["part"])
                for row in table_records(datatable)}
    actual = {code: (c["shares"], c["amount"], percent(c["share"]).replace(".", ","))
              for code, c in shown.items()}
    assert actual == expected, actual


@then(re_step(rf"les associés au {DAY} sont :"))
def associates_on(app: Collegia, pole_id: UUID, on: str, datatable: list[list[str]]) -> None:
    shown = situation_on(app, pole_id, date.fromisoformat(on))["associates"]
    expected = [(row["associé"], int(row["parts"]), euros(row["montant"]), euros(row["versé"]),
                 euros(row["restant dû"])) for row in table_records(datatable)]
    actual = [(a["name"], a["shares"], a["amount"], a["paid"], a["unpaid"]) for a in shown]
    assert actual == expected, actual


@then(re_step(r"l'état de variation du capital de (?P<year>\d{4}) est :"), converters={"year": int})
def variation_is(app: Collegia, pole_id: UUID, year: int, datatable: list[list[str]]) -> None:
    pole = app.get_pole(pole_id)
    shown = register.variation(pole.capital_movements, year, pole.statutes.capital.share_value)
    for row in table_records(datatable):
        line = shown[VARIATION_ROWS[row["ligne"]]]
        assert line["shares"] == int(row["parts"]), (row, line)
        assert line["amount"] == euros(row["montant"]), (row, line)
        if row.get("mouvements", "—") not in ("", "—"):
            assert line["count"] == int(row["mouvements"]), (row, line)


@then(re_step(rf"les remboursements de (?P<year>\d{{4}}) ont rendu {EUROS} aux associés"), converters={"year": int})
def refunded_in(app: Collegia, pole_id: UUID, year: int, amount: str) -> None:
    pole = app.get_pole(pole_id)
    assert register.variation(pole.capital_movements, year, pole.statutes.capital.share_value)[
        "refunded_paid"] == euros(amount)
