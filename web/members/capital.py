"""The members' capital register (issue 22), for the pole's secretary: the capital as of any day (total, paid and
unpaid, per category and per college, the public bodies' share against the cap of loi n° 47-1775 art. 19 septies,
the floor, pending withdrawals with their due date, approved applicants awaiting their subscription, the roster of
associates); each associate's account; the numbered register of movements (HTML, CSV, and the legal register as PDF
with the variation statement of each year); a share certificate (PDF); the year's variation statement for the AGO;
and the forms recording a subscription, a payment, a transfer, a withdrawal request, a refund and a cancellation.

Every figure comes from governance/capital.py replaying the read model's movements (`Queries.capital_movements`):
the pages compute what the aggregate checks. Amounts are exact euros (Decimal), shown French style (`euros`)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from governance import capital as rules, clock
from governance.capital import MAX_SHARES, account, euros, replay, situation, variation
from governance.convocation import paris_day
from governance.pole import is_cooperative
from governance.statutes import SCIC_PUBLIC_CAP, Capital, Statutes
from web.charts import Bar, bar_chart
from web.dates import end_of_day, parse_day, plausible
from web.edge import actor, app, attempt, member_of_pole, queries, refusal_status, secretary_pole
from web.formatting import pct
from web.labels import BODY_LABELS, CATEGORY_OPTIONS, MEMBER_STATUS_OPTIONS, options

bp = Blueprint("capital", __name__, template_folder="templates")
BASE = "/poles/<pole_id>/capital"

KIND_LABELS = {rules.SUBSCRIPTION: _l("Subscription"), rules.PAYMENT: _l("Payment"), rules.TRANSFER: _l("Transfer"),
               rules.WITHDRAWAL: _l("Withdrawal request"), rules.REFUND: _l("Refund"),
               rules.CANCELLATION: _l("Cancellation")}
REASON_LABELS = {"partial": _l("partial withdrawal"), "withdrawal": _l("the associate left the pole"),
                 "exclusion": _l("the associate was excluded")}


# -- forms ------------------------------------------------------------------------------------------------------

def _plausible_day(form: FlaskForm, field: DateField) -> None:
    if field.data is not None and not plausible(field.data):
        raise ValidationError(_("Give a date between the years 2000 and 2100."))


def _day_field(label: Any) -> DateField:
    return DateField(label, validators=[DataRequired(_l("Give the date (YYYY-MM-DD).")), _plausible_day])


def _shares_field(label: Any) -> IntegerField:
    return IntegerField(label, validators=[DataRequired(_l("Give a whole number of shares.")),
                                           NumberRange(min=1, max=MAX_SHARES,
                                                       message=_l("Give a whole number of shares."))])


def _amount_field(label: Any, required: bool = True) -> StringField:
    return StringField(label, validators=[DataRequired(_l("Give an amount in euros, e.g. 150,00.")) if required
                                          else Optional(), Length(max=20)])


class SubscriptionForm(FlaskForm):
    member = SelectField(_l("Associate or approved applicant"), validate_choice=False,
                         validators=[DataRequired(_l("Choose who subscribes."))])
    shares = _shares_field(_l("Shares subscribed"))
    paid = _amount_field(_l("Paid at once (€)"))
    on = _day_field(_l("Subscribed on"))
    decision = StringField(_l("Approving decision"), validators=[DataRequired(), Length(max=500)])


class PaymentForm(FlaskForm):
    member = SelectField(_l("Associate"), validate_choice=False, validators=[DataRequired(_l("Choose who pays."))])
    amount = _amount_field(_l("Amount paid (€)"))
    on = _day_field(_l("Paid on"))
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=500)])


class TransferForm(FlaskForm):
    member = SelectField(_l("From the associate"), validate_choice=False,
                         validators=[DataRequired(_l("Choose who gives the shares."))])
    to_member = SelectField(_l("To the associate"), validate_choice=False,
                            validators=[DataRequired(_l("Choose who receives the shares."))])
    shares = _shares_field(_l("Shares transferred"))
    on = _day_field(_l("Transferred on"))
    decision = StringField(_l("Approving decision"), validators=[DataRequired(), Length(max=500)])


class WithdrawalForm(FlaskForm):
    member = SelectField(_l("Associate"), validate_choice=False,
                         validators=[DataRequired(_l("Choose who asks for shares back."))])
    shares = _shares_field(_l("Shares asked back"))
    on = _day_field(_l("Requested on"))
    reason = StringField(_l("Request (letter, e-mail…)"), validators=[DataRequired(), Length(max=500)])


class RefundForm(FlaskForm):
    request = SelectField(_l("Withdrawal request"), validate_choice=False,
                          validators=[DataRequired(_l("Choose the withdrawal request refunded."))])
    amount = _amount_field(_l("Amount refunded (€)"))
    on = _day_field(_l("Refunded on"))
    decision = StringField(_l("Decision"), validators=[DataRequired(), Length(max=500)])
    early_approval = StringField(_l("Decision approving an early refund (optional)"),
                                 validators=[Optional(), Length(max=500)])


class CancellationForm(FlaskForm):
    member = SelectField(_l("Associate or applicant"), validate_choice=False,
                         validators=[DataRequired(_l("Choose whose shares are cancelled."))])
    shares = _shares_field(_l("Unpaid shares cancelled"))
    on = _day_field(_l("Cancelled on"))
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


FORMS = {"subscription_form": (SubscriptionForm, "sub"), "payment_form": (PaymentForm, "pay"),
         "transfer_form": (TransferForm, "tr"), "withdrawal_form": (WithdrawalForm, "wd"),
         "refund_form": (RefundForm, "rf"), "cancellation_form": (CancellationForm, "cx")}


# -- what every page reads ---------------------------------------------------------------------------------------

def today_in_paris() -> date:
    return paris_day(clock.now())


def _statutes(pole_id: str, day: date | None = None) -> Statutes | None:
    """The statutes in force at the end of `day` (today when None); those in force now when none was then."""
    version = queries().statutes_as_of(pole_id, end_of_day(day) if day else None)
    if version is None or (day and not (version["statutes"] or {}).get("capital")):
        version = queries().statutes_as_of(pole_id)
    return None if version is None else Statutes.from_dict(version["statutes"])


def _capital(statutes: Statutes | None) -> Capital | None:
    return None if statutes is None else statutes.capital


def _members(pole_id: str) -> dict[str, dict[str, Any]]:
    return {m["id"]: m for m in queries().members(pole_id)}


def _colleges(statutes: Statutes | None) -> dict[str, str]:
    return {c.code: c.name for c in statutes.colleges} if statutes else {}


def _category(code: str | None) -> str:
    return str(CATEGORY_OPTIONS.get(code or "", code or "—"))


def _name(members: dict[str, dict[str, Any]], member_id: Any) -> str:
    return (members.get(str(member_id)) or {}).get("name") or str(member_id or "—")


def _day_arg(name: str = "on") -> tuple[date, str | None]:
    """The day a page is asked for (`?on=`), today by default; a malformed one is an error shown with a 400."""
    today = today_in_paris()
    try:
        day = parse_day(request.args.get(name)) or today
    except ValueError:
        return today, _("“%(value)s” is not a date: use the date picker or the form YYYY-MM-DD.",
                        value=request.args.get(name, "")[:40])
    return day, None


def _described(movement: dict[str, Any], members: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A register line in words: its kind, the associate, the other associate of a transfer, its details."""
    details = []
    if movement.get("request"):
        details.append(_("withdrawal request n° %(number)s", number=movement["request"]))
    if movement.get("early_approval"):
        details.append(_("early refund approved: %(decision)s", decision=movement["early_approval"]))
    if movement.get("reason") in REASON_LABELS:
        details.append(str(REASON_LABELS[movement["reason"]]))
    if movement.get("admits"):
        details.append(_("the admission takes effect"))
    if movement.get("approved_by"):
        details.append(str(BODY_LABELS.get(movement["approved_by"], movement["approved_by"])))
    if movement.get("proposal_id"):
        details.append(_("decision of proposal %(id)s", id=str(movement["proposal_id"])[:8]))
    return {**movement, "kind_words": str(KIND_LABELS.get(movement["kind"], movement["kind"])),
            "name": _name(members, movement["member_id"]),
            "to_name": _name(members, movement["to_member_id"]) if movement.get("to_member_id") else "",
            "amount_words": euros(Decimal(movement["amount"])), "paid_words": euros(Decimal(movement["paid"])),
            "details": "; ".join(details)}


def _requests(register: rules.Register, capital: Capital, members: dict[str, dict[str, Any]],
              day: date) -> list[dict[str, Any]]:
    """The open withdrawal requests, each with its due date (the request's date + the statutes' refund delay)."""
    found = []
    for r in sorted(register.requests.values(), key=lambda r: int(r["number"])):
        due = rules.refund_due(r, capital)
        found.append({**r, "name": _name(members, r["member_id"]), "due": due, "is_due": due <= day,
                      "amount_words": euros(Decimal(r["amount"])),
                      "reason_words": str(REASON_LABELS.get(r.get("reason"), r.get("decision") or ""))})
    return found


def _awaiting(pole_id: str, capital: Capital) -> list[dict[str, Any]]:
    """Applicants whose admission was approved and takes effect on their minimum subscription (the statutes)."""
    pole = app().get_pole(pole_id)
    return sorted(({"member_id": member_id, "name": m["name"], "category": _category(m.get("category")),
                    "minimum": capital.minimum_for(m.get("category") or ""),
                    "decision": (m.get("approved") or {}).get("decision", "")}
                   for member_id, m in pole.members.items() if m.get("approved")), key=lambda a: a["name"].casefold())


@bp.context_processor
def _helpers() -> dict[str, Any]:
    return {"euros": euros, "kind_labels": KIND_LABELS, "category_label": _category,
            "status_labels": MEMBER_STATUS_OPTIONS}


# -- the capital as of a day -------------------------------------------------------------------------------------

@bp.get(BASE)
@login_required
def overview(pole_id: str) -> Any:
    pole = secretary_pole(pole_id)
    day, error = _day_arg()
    today = today_in_paris()
    statutes = _statutes(pole_id, day)
    capital = _capital(statutes)
    context: dict[str, Any] = {"pole": pole, "day": day, "today": today, "error": error, "capital": capital}
    if capital is not None:
        members = _members(pole_id)
        colleges = ({m["id"]: m["college"] for m in queries().roster(pole_id, end_of_day(day))}
                    if day != today else None)
        movements = queries().capital_movements(pole_id)
        s = situation(movements, members, capital, on=day, colleges=colleges,
                      cooperative=is_cooperative(pole["legal_form"]))
        college_names = _colleges(statutes)
        public = s["public"]
        scic = statutes is not None and statutes.model == "scic"
        chart = bar_chart(_("Public bodies' share of the capital"),
                          _("The share of the capital held by public bodies, with a mark at the cap of %(cap)s.",
                            cap=pct(public["cap"])),
                          [Bar(_("Public bodies"), public["share"], _("%(share)s (cap: %(cap)s)",
                                                                         share=pct(public["share"]),
                                                                         cap=pct(public["cap"])), public["cap"])])
        context.update(
            s=s, scic=scic, scic_cap=SCIC_PUBLIC_CAP, chart=chart, movements_count=sum(1 for m in movements if m["on"] <= day.isoformat()),
            per_category=[{"label": _category(code), **row} for code, row in s["per_category"].items()],
            per_college=[{"label": college_names.get(code, code) if code else _("No college"), **row}
                         for code, row in s["per_college"].items()],
            public_labels=[_category(c) for c in public["categories"]],
            requests=_requests(replay(movements, until=day), capital, members, day),
            awaiting=_awaiting(pole_id, capital) if day == today else [],
            approval_body=BODY_LABELS.get(capital.approval_by, capital.approval_by),
            associates=[{**a, "category_words": _category(a["category"]),
                         "college_words": college_names.get(a["college"], a["college"]) or "—"}
                        for a in s["associates"]])
    return render_template("capital/overview.html", **context), 400 if error else 200


# -- an associate's account and certificate ----------------------------------------------------------------------

@bp.get(f"{BASE}/members/<member_id>")
@login_required
def member_account(pole_id: str, member_id: str) -> Any:
    pole = secretary_pole(pole_id)
    member = member_of_pole(pole_id, member_id)
    statutes = _statutes(pole_id)
    capital = _capital(statutes)
    context: dict[str, Any] = {"pole": pole, "member": member, "capital": capital,
                               "category_words": _category(member["category"])}
    if capital is not None:
        members = _members(pole_id)
        acc = account(queries().capital_movements(pole_id), member_id, capital.share_value)
        lines = []
        for line in acc["lines"]:
            described = _described(line, members)
            if line["kind"] == rules.TRANSFER:
                other = line["member_id"] if line["incoming"] else line["to_member_id"]
                described["counterpart"] = _name(members, other)
            lines.append(described)
        context.update(acc=acc, lines=lines, minimum=capital.minimum_for(member["category"]))
    return render_template("capital/account.html", **context)


@bp.get(f"{BASE}/members/<member_id>/certificate.pdf")
@login_required
def certificate(pole_id: str, member_id: str) -> Response:
    pole = secretary_pole(pole_id)
    member = member_of_pole(pole_id, member_id)
    day, error = _day_arg()
    if error:
        abort(400, description=error)
    capital = _capital(_statutes(pole_id, day))
    if capital is None:
        abort(409, description=_("The statutes keep no capital register in Collegia."))
    movements = queries().capital_movements(pole_id)
    holding = replay(movements, until=day).holding(member_id)
    if holding.shares <= 0:
        abort(409, description=_("%(name)s holds no share on %(date)s: there is no certificate to issue.",
                                 name=member["name"], date=day.isoformat()))
    members = _members(pole_id)
    entries = [_described(m, members) for m in movements if m["on"] <= day.isoformat()
               and member_id in (str(m["member_id"]), str(m.get("to_member_id") or ""))]
    html = render_template("capital/certificate.html", pole=pole, identity=app().get_pole(pole_id).identity,
                           member=member, category_words=_category(member["category"]), holding=holding,
                           capital=capital, day=day, entries=entries, today=today_in_paris(),
                           amount=holding.shares * capital.share_value, unpaid=holding.unpaid(capital.share_value))
    return _pdf(html, f"certificat-parts-{_slug(member['name'])}-{day.isoformat()}.pdf")


# -- the register: HTML, CSV, PDF ----------------------------------------------------------------------------------

def _register_lines(pole_id: str) -> tuple[list[dict[str, Any]], Capital | None]:
    members = _members(pole_id)
    return ([_described(m, members) for m in queries().capital_movements(pole_id)],
            _capital(_statutes(pole_id)))


@bp.get(f"{BASE}/register")
@login_required
def register(pole_id: str) -> Any:
    pole = secretary_pole(pole_id)
    lines, capital = _register_lines(pole_id)
    return render_template("capital/register.html", pole=pole, lines=lines, capital=capital)


def _cell(value: Any) -> str:
    """Free text, neutralised so that a spreadsheet never runs it as a formula (as the other exports)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _cents(value: Any) -> str:
    """An exact amount for a French spreadsheet: '1234.50' → '1234,50' (no thousands separator)."""
    return f"{Decimal(value).quantize(rules.CENT)}".replace(".", ",")


def _slug(text: str) -> str:
    slug = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "pole"


@bp.get(f"{BASE}/register.csv")
@login_required
def register_csv(pole_id: str) -> Response:
    pole = secretary_pole(pole_id)
    lines, _capital_clauses = _register_lines(pole_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Number"), _("Date"), _("Movement"), _("Associate"), _("Identifier"), _("To the associate"),
                     _("Shares"), _("Amount (€)"), _("Paid (€)"), _("Decision"), _("Details"), _("Recorded by"),
                     _("Recorded at (UTC)")])
    for m in lines:
        writer.writerow([m["number"], m["on"], m["kind_words"], _cell(m["name"]), m["member_id"], _cell(m["to_name"]),
                         m["shares"], _cents(m["amount"]), _cents(m["paid"]), _cell(m["decision"]),
                         _cell(m["details"]), _cell(m["actor"]), m["recorded_at"].isoformat(timespec="seconds")])
    filename = f"registre-capital-{_slug(pole['name'])}-{today_in_paris().isoformat()}.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _year_value(pole_id: str, year: int, capital: Capital) -> Any:
    """The share's value in force at the end of `year` (as the API counts a year's variation), else today's."""
    at_year_end = _capital(_statutes(pole_id, date(year, 12, 31)))
    return (at_year_end or capital).share_value


def _variations(pole_id: str, movements: list[dict[str, Any]], capital: Capital, until: int) -> list[dict[str, Any]]:
    """The variation statement of every year from the register's first to `until`."""
    if not movements:
        return []
    first = date.fromisoformat(movements[0]["on"]).year
    return [variation(movements, year, _year_value(pole_id, year, capital)) for year in range(first, until + 1)]


@bp.get(f"{BASE}/register.pdf")
@login_required
def register_pdf(pole_id: str) -> Response:
    pole = secretary_pole(pole_id)
    lines, capital = _register_lines(pole_id)
    today = today_in_paris()
    html = render_template("capital/register_pdf.html", pole=pole, identity=app().get_pole(pole_id).identity,
                           lines=lines, capital=capital, today=today,
                           variations=_variations(pole_id, lines, capital, today.year) if capital else [])
    return _pdf(html, f"registre-capital-{_slug(pole['name'])}-{today.isoformat()}.pdf")


def _pdf(html: str, filename: str) -> Response:
    from weasyprint import HTML  # imported on use: it loads Pango

    response = make_response(HTML(string=html, base_url=request.url_root).write_pdf())
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- the year's variation, for the AGO approving the accounts ---------------------------------------------------

@bp.get(f"{BASE}/variation")
@login_required
def variation_page(pole_id: str) -> Any:
    pole = secretary_pole(pole_id)
    today = today_in_paris()
    error, year = None, today.year
    if request.args.get("year"):
        text = request.args["year"].strip()[:10]
        if re.fullmatch(r"\d{4}", text) and plausible(date(int(text), 1, 1)):
            year = int(text)
        else:
            error = _("“%(value)s” is not a year: give it as YYYY, e.g. %(year)s.", value=text, year=today.year)
    capital = _capital(_statutes(pole_id))
    context: dict[str, Any] = {"pole": pole, "year": year, "error": error, "capital": capital, "years": []}
    if capital is not None:
        movements = queries().capital_movements(pole_id)
        first = date.fromisoformat(movements[0]["on"]).year if movements else today.year
        context.update(v=variation(movements, year, _year_value(pole_id, year, capital)),
                       years=list(range(today.year, min(first, today.year) - 1, -1)))
    return render_template("capital/variation.html", **context), 400 if error else 200


# -- recording movements ------------------------------------------------------------------------------------------

@bp.get(f"{BASE}/record")
@login_required
def record(pole_id: str) -> Any:
    secretary_pole(pole_id)
    return _record_page(pole_id)


def _record_page(pole_id: str, *, refusal: str | None = None, failed: str | None = None, status: int = 200,
                 **given: FlaskForm) -> Any:
    today = today_in_paris()
    statutes = _statutes(pole_id)
    capital = _capital(statutes)
    forms = {name: given.get(name) or cls(prefix=prefix, formdata=None, data={"on": today})
             for name, (cls, prefix) in FORMS.items()}
    context: dict[str, Any] = {"pole": queries().pole(pole_id), "capital": capital, "refusal": refusal,
                               "failed": failed, **forms}
    if capital is not None:
        members = _members(pole_id)
        movements = queries().capital_movements(pole_id)
        register_now = replay(movements)
        value = capital.share_value
        admitted = [(m["id"], m["name"]) for m in members.values() if m["status"] == "admitted"]
        awaiting = _awaiting(pole_id, capital)
        holders = sorted(((member_id, h) for member_id, h in register_now.holdings.items() if h.shares > 0),
                         key=lambda item: _name(members, item[0]).casefold())
        choose = [("", _("Choose…"))]

        def holder_label(member_id: str, h: rules.Holding) -> str:
            return _("%(name)s — %(shares)s share(s), %(unpaid)s € unpaid", name=_name(members, member_id),
                     shares=h.shares, unpaid=euros(h.unpaid(value)))

        forms["subscription_form"].member.choices = options(choose + admitted + [
            (a["member_id"], _("%(name)s (approved applicant, minimum %(minimum)s shares)", name=a["name"],
                               minimum=a["minimum"])) for a in awaiting])
        forms["payment_form"].member.choices = options(choose + [
            (member_id, holder_label(member_id, h)) for member_id, h in holders if h.unpaid(value) > 0])
        forms["transfer_form"].member.choices = options(choose + [
            (member_id, holder_label(member_id, h)) for member_id, h in holders])
        forms["transfer_form"].to_member.choices = options(choose + admitted)
        forms["withdrawal_form"].member.choices = options(choose + [
            (member_id, holder_label(member_id, h)) for member_id, h in holders])
        forms["refund_form"].request.choices = options(choose + [
            (str(r["number"]), _("n° %(number)s — %(name)s, %(shares)s share(s), asked on %(on)s, due on %(due)s",
                                 number=r["number"], name=r["name"], shares=r["shares"], on=r["on"],
                                 due=r["due"].isoformat()))
            for r in _requests(register_now, capital, members, today)])
        forms["cancellation_form"].member.choices = options(choose + [
            (member_id, holder_label(member_id, h)) for member_id, h in holders if h.unpaid(value) > 0])
        context.update(awaiting=awaiting, share_value=value,
                       paid_at_once=pct(capital.paid_at_subscription, 0),
                       approval_body=BODY_LABELS.get(capital.approval_by, capital.approval_by))
    else:
        for form in forms.values():
            for f in form:
                if isinstance(f, SelectField):
                    f.choices = []
    return render_template("capital/record.html", **context), status


def _command(pole_id: str, form_name: str, form: FlaskForm, command: Any, done: str) -> Any:
    if not form.validate_on_submit():
        return _record_page(pole_id, refusal=_("Complete the highlighted fields."), failed=form_name, status=422,
                            **{form_name: form})
    number, refusal = attempt(command)
    if refusal is not None:
        return _record_page(pole_id, refusal=refusal, failed=form_name, status=refusal_status(refusal.error),
                            **{form_name: form})
    flash(_("%(done)s Register entry n° %(number)s.", done=done, number=number), "success")
    return redirect(url_for(".overview", pole_id=pole_id))


@bp.post(f"{BASE}/subscriptions")
@login_required
def subscribe(pole_id: str) -> Any:
    secretary_pole(pole_id)
    form = SubscriptionForm(prefix="sub")
    return _command(pole_id, "subscription_form", form, lambda: app().subscribe_shares(
        pole_id, form.member.data, shares=form.shares.data, paid=form.paid.data, on=form.on.data,
        decision=form.decision.data, actor=actor()), _("The subscription is recorded."))


@bp.post(f"{BASE}/payments")
@login_required
def pay_up(pole_id: str) -> Any:
    secretary_pole(pole_id)
    form = PaymentForm(prefix="pay")
    return _command(pole_id, "payment_form", form, lambda: app().pay_up_shares(
        pole_id, form.member.data, amount=form.amount.data, on=form.on.data, note=form.note.data or "",
        actor=actor()), _("The payment is recorded."))


@bp.post(f"{BASE}/transfers")
@login_required
def transfer(pole_id: str) -> Any:
    secretary_pole(pole_id)
    form = TransferForm(prefix="tr")
    return _command(pole_id, "transfer_form", form, lambda: app().transfer_shares(
        pole_id, form.member.data, form.to_member.data, shares=form.shares.data, on=form.on.data,
        decision=form.decision.data, actor=actor()), _("The transfer is recorded."))


@bp.post(f"{BASE}/withdrawals")
@login_required
def request_withdrawal(pole_id: str) -> Any:
    secretary_pole(pole_id)
    form = WithdrawalForm(prefix="wd")
    return _command(pole_id, "withdrawal_form", form, lambda: app().request_withdrawal_of_shares(
        pole_id, form.member.data, shares=form.shares.data, on=form.on.data, reason=form.reason.data,
        actor=actor()), _("The withdrawal request is recorded; the shares stay in the capital until refunded."))


@bp.post(f"{BASE}/refunds")
@login_required
def refund(pole_id: str) -> Any:
    secretary_pole(pole_id)
    form = RefundForm(prefix="rf")
    return _command(pole_id, "refund_form", form, lambda: app().refund_shares(
        pole_id, request=form.request.data, amount=form.amount.data, on=form.on.data, decision=form.decision.data,
        early_approval=form.early_approval.data or "", actor=actor()), _("The refund is recorded."))


@bp.post(f"{BASE}/cancellations")
@login_required
def cancel(pole_id: str) -> Any:
    secretary_pole(pole_id)
    form = CancellationForm(prefix="cx")
    return _command(pole_id, "cancellation_form", form, lambda: app().cancel_shares(
        pole_id, form.member.data, shares=form.shares.data, on=form.on.data, reason=form.reason.data,
        actor=actor()), _("The cancellation is recorded."))
