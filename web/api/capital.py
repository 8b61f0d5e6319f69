"""The members' capital register (issue 22): the capital as of a day, the numbered register of movements, an
associate's account, the year's variation, and the secretary's movements (subscription, payment, transfer,
withdrawal request, refund, cancellation).

Every figure is computed by governance/capital.py from the register's movements (`Queries.capital_movements`), as
the pages compute it. Money is text with two decimals ("1234.50"), never a JSON number, in requests as in answers;
shares are whole numbers; ratios are exact fractions ("1/2") with a percent display beside them. A command answers
the movement as the pole now holds it (the read model may lag in the worker mode), with its register number.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask import url_for
from marshmallow import Schema, fields, validate

from governance import clock
from governance.capital import MAX_SHARES, MOVEMENT_KINDS, account, situation, variation
from governance.convocation import paris_day
from governance.numbers import fraction_str, percent
from governance.pole import is_cooperative
from governance.statutes import CENT, Capital
from web.api.auth import SECRETARIES
from web.api.errors import ApiProblem
from web.api.lookups import day_end, member_of
from web.api.routing import Created, operation
from web.api.schemas.common import MONEY_PATTERN, QuerySchema, UtcDateTime, free_text, one_of, plausible
from web.dates import MAX_YEAR, MIN_YEAR
from web.edge import actor, app, queries

TAG = "Capital register"
CAPITAL = "/poles/<pole_id>/capital"
ACCOUNT = "/poles/<pole_id>/members/<member_id>/capital"
DAY = "A day, YYYY-MM-DD (Paris time)."
MONEY = "Euros and cents as text, e.g. \"1250.00\"."
MAX_REGISTER_PAGE = 1000


# -- fields --------------------------------------------------------------------------------------------------------
class Money(fields.String):
    """Euros and cents as JSON text ("1250.00", "12.5"); a JSON number is refused, even a whole one: money is
    never a float (governance.statutes.money)."""

    default_error_messages = {
        "number": "Money is given as text in euros and cents (\"1250.00\"), never as a JSON number.",
        "format": "Give euros and cents as digits with at most two decimals after a point (\"1250.00\").",
    }

    def __init__(self, description: str, **kwargs: Any) -> None:
        super().__init__(validate=validate.Regexp(MONEY_PATTERN, error=self.default_error_messages["format"]),
                         metadata={"description": f"{description} {MONEY}", "example": "1250.00"}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise self.make_error("number")
        return super()._deserialize(value, attr, data, **kwargs)


def shares_field(description: str) -> fields.Integer:
    return fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_SHARES),
                          metadata={"description": description})


def day_field(description: str) -> fields.Date:
    return fields.Date(required=True, validate=plausible, metadata={
        "description": f"{description} Never in the future, never before the register's last entry. {DAY}"})


# -- requests ------------------------------------------------------------------------------------------------------
class ShareSubscriptionSchema(Schema):
    shares = shares_field("Shares subscribed: with those already held, at least the minimum of the member's "
                          "category.")
    paid = Money("Paid at once: at most the amount subscribed (shares × the share's value), at least the share of "
                 "it the statutes ask to be paid at subscription.", required=True)
    on = day_field("The day of the subscription.")
    decision = free_text("The approving body's decision (the statutes' approval_by: board or assembly).", 500)


class SharePaymentSchema(Schema):
    amount = Money("Paid on shares subscribed and not yet paid up: more than 0, at most what is unpaid.",
                   required=True)
    on = day_field("The day of the payment.")
    note = free_text("What records it (e.g. 'Virement du 3 décembre').", 500, required=False, load_default="")


class ShareTransferSchema(Schema):
    to_member_id = fields.UUID(required=True, metadata={"description": "The admitted member receiving the shares."})
    shares = shares_field("Paid-up shares moved, none of them asked back; the giver keeps its category's minimum.")
    on = day_field("The day of the transfer.")
    decision = free_text("The approving body's decision.", 500)


class ShareWithdrawalSchema(Schema):
    shares = shares_field("Shares asked back by an associate who stays (it keeps its category's minimum); to leave "
                          "the pole, record the member's withdrawal, which asks back every share.")
    on = day_field("The day of the request.")
    reason = free_text("Why the shares are asked back.", 500)


class ShareRefundSchema(Schema):
    request = fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**31 - 1), metadata={
        "description": "The register number of the pending withdrawal request refunded (its shares, all of them)."})
    amount = Money("Refunded: at most what was paid on the shares (loi n° 47-1775 art. 18); less only when the "
                   "statutes let losses reduce it.", required=True)
    on = day_field("The day of the refund.")
    decision = free_text("The decision refunding the shares.", 500)
    early_approval = free_text("Before the statutes' refund delay: the approving body's decision allowing it.", 500,
                               required=False, load_default="")


class ShareCancellationSchema(Schema):
    shares = shares_field("Unpaid shares cancelled (never paid as the statutes required), none of them asked back.")
    on = day_field("The day of the cancellation.")
    reason = free_text("Why they are cancelled.", 500)


class CapitalQuery(QuerySchema):
    on = fields.Date(validate=plausible, metadata={
        "description": "The capital at the end of this day (YYYY-MM-DD, Paris time); today when omitted."})


class RegisterQuery(QuerySchema):
    limit = fields.Integer(validate=validate.Range(1, MAX_REGISTER_PAGE), metadata={
        "description": f"Entries per page (1–{MAX_REGISTER_PAGE}); omitted: the whole register."})
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10_000_000),
                            metadata={"description": "How many entries to skip."})
    kind = one_of(MOVEMENT_KINDS, "Only the entries of this kind (their numbers keep their gaps).")


class VariationQuery(QuerySchema):
    year = fields.Integer(validate=validate.Range(MIN_YEAR, MAX_YEAR), metadata={
        "description": "The financial year (the calendar year); this year when omitted."})


# -- responses -----------------------------------------------------------------------------------------------------
class CapitalMovementSchema(Schema):
    """One entry of the register."""

    number = fields.Integer(required=True, metadata={"description": "Its number: 1, 2, 3… in the order recorded."})
    kind = fields.String(required=True, metadata={"description": ", ".join(MOVEMENT_KINDS) + "."})
    on = fields.String(required=True, metadata={"description": DAY})
    member_id = fields.String(required=True, metadata={"description": "The associate (the giver of a transfer)."})
    name = fields.String(required=True, metadata={"description": "Its name."})
    to_member_id = fields.String(required=True, allow_none=True, metadata={"description": "A transfer's taker."})
    to_name = fields.String(required=True, allow_none=True)
    shares = fields.Integer(required=True, metadata={"description": "Shares moved (0 for a payment)."})
    amount = fields.String(required=True, metadata={
        "description": "Their nominal amount; a payment's or a refund's amount paid or refunded. " + MONEY})
    paid = fields.String(required=True, metadata={
        "description": "Paid by the movement (subscription, payment), moved with the shares (transfer) or released "
                       "by a refund. " + MONEY})
    decision = fields.String(required=True, metadata={"description": "The decision, reason or note behind it."})
    request = fields.Integer(required=True, allow_none=True, metadata={
        "description": "A refund: the number of the withdrawal request it refunds."})
    reason = fields.String(required=True, allow_none=True, metadata={
        "description": "A withdrawal request: partial (the associate stays), withdrawal or exclusion (it leaves)."})
    proposal_id = fields.String(required=True, allow_none=True, metadata={
        "description": "The adopted proposal behind it (a subscription, an exclusion), if any."})
    approved_by = fields.String(required=True, allow_none=True, metadata={
        "description": "A subscription or a transfer: the approving body (board or assembly)."})
    early_approval = fields.String(required=True, allow_none=True, metadata={
        "description": "A refund before the statutes' delay: the decision allowing it."})
    actor = fields.String(metadata={"description": "Who recorded it."})
    recorded_at = UtcDateTime(metadata={"description": "When it was recorded (absent from a command's answer)."})


class RecordedCapitalMovementSchema(CapitalMovementSchema):
    """A movement just recorded, with what the caller needs next."""

    pole_id = fields.String(required=True)
    member_status = fields.String(required=True, metadata={
        "description": "The member's status after the movement: a subscription reaching an approved applicant's "
                       "minimum makes its admission take effect (admitted)."})


class CapitalRegisterPageSchema(Schema):
    items = fields.List(fields.Nested(CapitalMovementSchema), required=True,
                        metadata={"description": "In number order."})
    total = fields.Integer(required=True, metadata={"description": "Entries selected, every page together."})
    limit = fields.Integer(required=True, allow_none=True, metadata={"description": "Null: the whole register."})
    offset = fields.Integer(required=True)
    next_offset = fields.Integer(required=True, allow_none=True, metadata={"description": "Null on the last page."})


class CapitalPortionSchema(Schema):
    """Shares held by a category or a college, and their part of the capital."""

    code = fields.String(required=True, metadata={"description": "The category or college code ('' for none)."})
    shares = fields.Integer(required=True)
    amount = fields.String(required=True, metadata={"description": MONEY})
    share = fields.String(required=True, metadata={"description": "Their part of the capital, exact ('1/2').",
                                                   "example": "1/2"})
    percent = fields.String(required=True, metadata={"description": "The same for display ('50.00 %')."})


class CapitalPublicShareSchema(Schema):
    """Loi n° 47-1775 art. 19 septies: in a SCIC, public bodies hold together at most 50 % of the capital."""

    categories = fields.List(fields.String(), required=True, metadata={
        "description": "The categories counting as local authorities, their groupings and territorial public bodies."})
    shares = fields.Integer(required=True)
    share = fields.String(required=True, metadata={"description": "Their part of the capital, exact.",
                                                   "example": "1/2"})
    percent = fields.String(required=True)
    cap = fields.String(required=True, metadata={"description": "The cap (the statutes', at most 1/2 in a SCIC).",
                                                 "example": "1/2"})
    cap_percent = fields.String(required=True)
    within = fields.Boolean(required=True, metadata={"description": "Whether the share is at most the cap (reaching "
                                                                    "it exactly is allowed)."})


class CapitalHoldingSchema(Schema):
    member_id = fields.String(required=True)
    name = fields.String(required=True)
    category = fields.String(required=True)
    college = fields.String(required=True, metadata={"description": "Its college that day ('' for none)."})
    shares = fields.Integer(required=True)
    amount = fields.String(required=True, metadata={"description": "Nominal amount. " + MONEY})
    paid = fields.String(required=True, metadata={"description": MONEY})
    unpaid = fields.String(required=True, metadata={"description": MONEY})
    pending = fields.Integer(required=True, metadata={"description": "Shares asked back and not yet refunded."})


class CapitalSchema(Schema):
    """The capital at the end of a day."""

    on = fields.String(required=True, metadata={"description": DAY})
    share_value = fields.String(required=True, metadata={"description": "A share's nominal value. " + MONEY})
    shares = fields.Integer(required=True)
    capital = fields.String(required=True, metadata={"description": "Shares × the share's value. " + MONEY})
    paid = fields.String(required=True, metadata={"description": MONEY})
    unpaid = fields.String(required=True, metadata={"description": MONEY})
    floor = fields.String(required=True, metadata={
        "description": "Below it refunds wait: the statutes' floor (Code de commerce L231-5) or, in a cooperative, a "
                       "quarter of the highest capital (loi n° 47-1775 art. 13), whichever is higher. " + MONEY})
    per_category = fields.List(fields.Nested(CapitalPortionSchema), required=True)
    per_college = fields.List(fields.Nested(CapitalPortionSchema), required=True, metadata={
        "description": "By the associates' colleges that day."})
    public = fields.Nested(CapitalPublicShareSchema, required=True)
    associates = fields.List(fields.Nested(CapitalHoldingSchema), required=True, metadata={
        "description": "Every associate holding shares, by name."})
    pending_requests = fields.List(fields.Nested(CapitalMovementSchema), required=True, metadata={
        "description": "Withdrawal requests not yet refunded (their number is a refund's request)."})


class CapitalAccountLineSchema(CapitalMovementSchema):
    incoming = fields.Boolean(required=True, metadata={"description": "A transfer this associate received."})
    shares_after = fields.Integer(required=True)
    paid_after = fields.String(required=True, metadata={"description": MONEY})
    unpaid_after = fields.String(required=True, metadata={"description": MONEY})


class CapitalAccountSchema(Schema):
    """One associate's account: its movements with the balance after each, and where it stands."""

    member_id = fields.String(required=True)
    name = fields.String(required=True)
    share_value = fields.String(required=True, metadata={"description": MONEY})
    shares = fields.Integer(required=True)
    amount = fields.String(required=True, metadata={"description": MONEY})
    paid = fields.String(required=True, metadata={"description": MONEY})
    unpaid = fields.String(required=True, metadata={"description": MONEY})
    pending = fields.Integer(required=True, metadata={"description": "Shares asked back and not yet refunded."})
    lines = fields.List(fields.Nested(CapitalAccountLineSchema), required=True)


class CapitalVariationLineSchema(Schema):
    count = fields.Integer(metadata={"description": "Movements of the year (absent from opening and closing)."})
    shares = fields.Integer(required=True)
    amount = fields.String(required=True, metadata={"description": "Nominal amount. " + MONEY})


class CapitalVariationSchema(Schema):
    """The year's capital variation, for the ordinary assembly approving the accounts."""

    year = fields.Integer(required=True)
    share_value = fields.String(required=True, metadata={"description": MONEY})
    opening = fields.Nested(CapitalVariationLineSchema, required=True,
                            metadata={"description": "At the end of the previous year."})
    subscriptions = fields.Nested(CapitalVariationLineSchema, required=True)
    refunds = fields.Nested(CapitalVariationLineSchema, required=True)
    cancellations = fields.Nested(CapitalVariationLineSchema, required=True)
    transfers = fields.Nested(CapitalVariationLineSchema, required=True, metadata={
        "description": "Shares moved between associates: the capital is unchanged."})
    refunded = fields.String(required=True, metadata={"description": "Paid out by the year's refunds. " + MONEY})
    closing = fields.Nested(CapitalVariationLineSchema, required=True,
                            metadata={"description": "At the end of the year."})


# -- helpers -------------------------------------------------------------------------------------------------------
def cents(value: Any) -> str:
    return str(Decimal(value).quantize(CENT))


def today() -> date:
    return paris_day(clock.now())


def clauses(pole_id: str, day: date | None = None) -> Capital:
    """The capital clauses of the statutes in force at the end of `day` (now when None; the current ones for a day
    before them); 404 when the pole keeps no register."""
    for moment in ([day_end(day), None] if day is not None else [None]):
        version = queries().statutes_as_of(pole_id, moment)
        data = ((version or {}).get("statutes") or {}).get("capital")
        if data:
            return Capital.from_dict(data)
    raise ApiProblem(404, f"Pole {pole_id} keeps no capital register: its statutes have no capital clauses.")


def movement_out(movement: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """A movement as the API shows it (every optional detail present, null when absent)."""
    to = movement.get("to_member_id")
    return {**{k: None for k in ("to_member_id", "request", "reason", "proposal_id", "approved_by",
                                 "early_approval")},
            **movement, "name": names.get(str(movement["member_id"]), str(movement["member_id"])),
            "to_name": None if not to else names.get(str(to), str(to)),
            "amount": cents(movement["amount"]), "paid": cents(movement["paid"])}


def names_of(pole_id: str) -> dict[str, str]:
    return {m["id"]: m["name"] for m in queries().members(pole_id)}


def portions(rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"code": code, "shares": row["shares"], "amount": cents(row["amount"]), "share": fraction_str(row["share"]),
             "percent": percent(row["share"])} for code, row in rows.items()]


def recorded(pole_id: str, number: int) -> Created:
    """The movement `number` as the pole now holds it, for a command's 201 (Location: its member's account)."""
    pole = app().get_pole(pole_id)
    movement = next(m for m in pole.capital_movements if int(m["number"]) == int(number))
    member_id = str(movement["member_id"])
    names = {mid: m["name"] for mid, m in pole.members.items()}
    body = {**movement_out(movement, names), "actor": actor(), "pole_id": str(pole_id),
            "member_status": pole.member(member_id)["status"]}
    return Created(body, url_for("api.get_capital_account", pole_id=pole_id, member_id=member_id))


# -- reads ---------------------------------------------------------------------------------------------------------
@operation(CAPITAL, summary="The capital on a day: total, per category and college, the public bodies' share",
           tag=TAG, access=SECRETARIES, query=CapitalQuery, response=CapitalSchema,
           description="At the end of the day `on` (today when omitted), from the register's movements: shares and "
                       "amount, paid and unpaid, per category and per college (the colleges of that day), the "
                       "public bodies' share next to its cap (loi n° 47-1775 art. 19 septies), the floor below which "
                       "refunds wait, each associate's holding and the withdrawal requests pending. 404 when the "
                       "statutes keep no capital register.")
def get_capital(pole_id: str, query: dict[str, Any]) -> dict[str, Any]:
    day = query.get("on") or today()
    capital = clauses(pole_id, day)
    members = {m["id"]: m for m in queries().members(pole_id)}
    colleges = {m["id"]: m.get("college") or "" for m in queries().roster(pole_id, day_end(day))}
    pole = queries().pole(pole_id) or {}
    view = situation(queries().capital_movements(pole_id), members, capital, on=day, colleges=colleges,
                     cooperative=is_cooperative(pole.get("legal_form") or ""))
    names = {k: m["name"] for k, m in members.items()}
    public = view["public"]
    return {
        "on": day.isoformat(), "share_value": cents(view["share_value"]), "shares": view["shares"],
        "capital": cents(view["capital"]), "paid": cents(view["paid"]), "unpaid": cents(view["unpaid"]),
        "floor": cents(view["floor"]), "per_category": portions(view["per_category"]),
        "per_college": portions(view["per_college"]),
        "public": {"categories": public["categories"], "shares": public["shares"],
                   "share": fraction_str(public["share"]), "percent": percent(public["share"]),
                   "cap": fraction_str(public["cap"]), "cap_percent": percent(public["cap"]),
                   "within": public["within"]},
        "associates": [{**a, "amount": cents(a["amount"]), "paid": cents(a["paid"]), "unpaid": cents(a["unpaid"])}
                       for a in view["associates"]],
        "pending_requests": [movement_out(r, names) for r in view["pending_requests"]],
    }


@operation(f"{CAPITAL}/movements", summary="The register of capital movements, numbered", tag=TAG, access=SECRETARIES,
           query=RegisterQuery, response=CapitalRegisterPageSchema,
           description="Every subscription, payment, transfer, withdrawal request, refund and cancellation in number "
                       "order (the register is chronological), whole or a page at a time (`limit`, `offset`). 404 "
                       "when the statutes keep no capital register.")
def list_capital_movements(pole_id: str, query: dict[str, Any]) -> dict[str, Any]:
    clauses(pole_id)
    names = names_of(pole_id)
    rows = [m for m in queries().capital_movements(pole_id) if query.get("kind") in (None, m["kind"])]
    limit, offset = query.get("limit"), query["offset"]
    page = rows[offset:] if limit is None else rows[offset:offset + limit]
    more = limit is not None and offset + limit < len(rows)
    return {"items": [movement_out(m, names) for m in page], "total": len(rows), "limit": limit, "offset": offset,
            "next_offset": offset + limit if more else None}


@operation(ACCOUNT, summary="An associate's capital account: movements, balance, paid and unpaid", tag=TAG,
           access=SECRETARIES, response=CapitalAccountSchema,
           description="The movements touching the member (as giver or taker of a transfer) with its shares, paid "
                       "and unpaid after each. 404 for another pole's member, or when the statutes keep no register.")
def get_capital_account(pole_id: str, member_id: str) -> dict[str, Any]:
    member = member_of(pole_id, member_id)
    capital = clauses(pole_id)
    names = names_of(pole_id)
    view = account(queries().capital_movements(pole_id), member["id"], capital.share_value)
    return {"member_id": member["id"], "name": member["name"], "share_value": cents(capital.share_value),
            "shares": view["shares"], "amount": cents(view["amount"]), "paid": cents(view["paid"]),
            "unpaid": cents(view["unpaid"]), "pending": view["pending"],
            "lines": [{**movement_out(line, names), "incoming": line["incoming"], "shares_after": line["shares_after"],
                       "paid_after": cents(line["paid_after"]), "unpaid_after": cents(line["unpaid_after"])}
                      for line in view["lines"]]}


@operation(f"{CAPITAL}/variation", summary="The capital's variation over a year, for the assembly approving the "
                                           "accounts", tag=TAG, access=SECRETARIES, query=VariationQuery,
           response=CapitalVariationSchema,
           description="The capital at opening (the end of the previous year), the year's subscriptions, refunds "
                       "and cancellations, the capital at closing; transfers leave it unchanged. Amounts at the "
                       "share's value of the statutes in force at the year's end.")
def get_capital_variation(pole_id: str, query: dict[str, Any]) -> dict[str, Any]:
    year = query.get("year") or today().year
    capital = clauses(pole_id, date(year, 12, 31))
    view = variation(queries().capital_movements(pole_id), year, capital.share_value)

    def line(row: dict[str, Any]) -> dict[str, Any]:
        return {**row, "amount": cents(row["amount"])}
    return {"year": year, "share_value": cents(capital.share_value), "opening": line(view["opening"]),
            "subscriptions": line(view["subscription"]), "refunds": line(view["refund"]),
            "cancellations": line(view["cancellation"]), "transfers": line(view["transfer"]),
            "refunded": cents(view["refunded_paid"]), "closing": line(view["closing"])}


# -- the secretary's movements -------------------------------------------------------------------------------------
def movement_operation(rule: str, summary: str, schema: type[Schema], description: str) -> Any:
    return operation(rule, "POST", summary=summary, tag=TAG, access=SECRETARIES, body=schema,
                     response=RecordedCapitalMovementSchema, status=201, command=True,
                     description=description + " Answers the register entry (its `number`) with the member's "
                                               "status; refused movements (rule `capital`) store nothing.")


@movement_operation(f"{ACCOUNT}/subscriptions", "Record a subscription of shares", ShareSubscriptionSchema,
                    "By an associate, or by an applicant whose admission was approved: with the statutes' "
                    "admission on subscription, the subscription reaching its category's minimum makes the "
                    "admission take effect. Refused (422, rule capital) below the minimum, paying less than the "
                    "statutes ask at once, or taking the public bodies above their cap (loi n° 47-1775 art. 19 "
                    "septies).")
def subscribe_shares(pole_id: str, member_id: str, body: dict[str, Any]) -> Created:
    member_of(pole_id, member_id)
    number = app().subscribe_shares(pole_id, member_id, shares=body["shares"], paid=body["paid"], on=body["on"],
                                    decision=body["decision"], actor=actor())
    return recorded(pole_id, number)


@movement_operation(f"{ACCOUNT}/payments", "Record a payment on shares not yet paid up", SharePaymentSchema,
                    "At most what the member owes on its shares (409 otherwise).")
def pay_up_shares(pole_id: str, member_id: str, body: dict[str, Any]) -> Created:
    member_of(pole_id, member_id)
    number = app().pay_up_shares(pole_id, member_id, amount=body["amount"], on=body["on"], note=body["note"],
                                 actor=actor())
    return recorded(pole_id, number)


@movement_operation(f"{ACCOUNT}/transfers", "Record a transfer of shares to another associate", ShareTransferSchema,
                    "Paid-up shares not asked back, between two admitted members, when the statutes allow "
                    "transfers; the giver keeps its category's minimum.")
def transfer_shares(pole_id: str, member_id: str, body: dict[str, Any]) -> Created:
    member_of(pole_id, member_id)
    number = app().transfer_shares(pole_id, member_id, str(body["to_member_id"]), shares=body["shares"],
                                   on=body["on"], decision=body["decision"], actor=actor())
    return recorded(pole_id, number)


@movement_operation(f"{ACCOUNT}/withdrawals", "Record a request to withdraw part of an associate's shares",
                    ShareWithdrawalSchema,
                    "The shares stay in the capital until refunded (POST /poles/{pole_id}/capital/refunds with this "
                    "entry's number as `request`). A member leaving the pole asks back every share by its "
                    "withdrawal or exclusion.")
def request_withdrawal_of_shares(pole_id: str, member_id: str, body: dict[str, Any]) -> Created:
    member_of(pole_id, member_id)
    number = app().request_withdrawal_of_shares(pole_id, member_id, shares=body["shares"], on=body["on"],
                                                reason=body["reason"], actor=actor())
    return recorded(pole_id, number)


@movement_operation(f"{CAPITAL}/refunds", "Record the refund of a pending withdrawal request", ShareRefundSchema,
                    "Not before the statutes' refund delay unless `early_approval` names the approving body's "
                    "decision; never below the capital's floor (the request then stays pending: Code de commerce "
                    "L231-5, loi n° 47-1775 art. 13) nor past the public bodies' cap. 409 when no such request is "
                    "pending.")
def refund_shares(pole_id: str, body: dict[str, Any]) -> Created:
    number = app().refund_shares(pole_id, request=body["request"], amount=body["amount"], on=body["on"],
                                 decision=body["decision"], early_approval=body["early_approval"], actor=actor())
    return recorded(pole_id, number)


@movement_operation(f"{ACCOUNT}/cancellations", "Cancel unpaid shares", ShareCancellationSchema,
                    "Shares subscribed and never paid as the statutes required, none of them asked back (409 "
                    "otherwise); an associate keeps its category's minimum.")
def cancel_shares(pole_id: str, member_id: str, body: dict[str, Any]) -> Created:
    member_of(pole_id, member_id)
    number = app().cancel_shares(pole_id, member_id, shares=body["shares"], on=body["on"], reason=body["reason"],
                                 actor=actor())
    return recorded(pole_id, number)

