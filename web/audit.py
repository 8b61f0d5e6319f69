"""Audit for the board secretary: the decision register, its exports, a proposal's timeline, the roster."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from datetime import datetime, time
from typing import Any, Iterator

from babel.numbers import format_decimal
from flask import Blueprint, Response, abort, render_template, request, stream_with_context, url_for
from flask_babel import format_date, gettext as _, lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from projections.eventlog import export_lines
from web.colleges import CONVOCATION_LABELS, KIND_LABELS, MAX_YEAR, MIN_YEAR, PARIS, noon, read_as_of, rule_label, today
from web.context import SECRETARY, app, queries, require_pole_role
from web.formatting import aware, pct, to_fraction

bp = Blueprint("audit", __name__)
PAGE_SIZE = 50
ALL = 2**31 - 1
FILTERS = ("status", "kind", "outcome", "q", "since", "until")
STATUS_LABELS = {"draft": _l("draft"), "open": _l("open"), "closed": _l("closed"), "withdrawn": _l("withdrawn")}
OUTCOME_LABELS = {"adopted": _l("adopted"), "rejected": _l("rejected"), "no_quorum": _l("no quorum")}
MEMBER_STATUS_LABELS = {"requested": _l("membership requested"), "admitted": _l("admitted"),
                        "refused": _l("refused"), "withdrawn": _l("left the pole"), "excluded": _l("excluded")}
CATEGORY_LABELS = {"employee": _l("employee"), "producer": _l("producer"), "beneficiary": _l("beneficiary"),
                   "public_body": _l("public body"), "supporter": _l("supporter"), "partner": _l("partner")}


def _choices(labels: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice("", _l("All"))] + [SelectChoice(k, v) for k, v in labels.items()]


def plausible_date(form: FlaskForm, field: DateField) -> None:
    if field.data and not MIN_YEAR <= field.data.year <= MAX_YEAR:
        raise ValidationError(_("Give a date between %(first)s and %(last)s.", first=MIN_YEAR, last=MAX_YEAR))


class RegisterFilters(FlaskForm):
    """The register's filters, read from the query string."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=_choices(STATUS_LABELS), default="")
    kind = SelectField(_l("Kind"), choices=_choices(KIND_LABELS), default="")
    outcome = SelectField(_l("Outcome"), choices=_choices(OUTCOME_LABELS), default="")
    q = StringField(_l("Text search"), validators=[Optional(), Length(max=200)])
    since = DateField(_l("Drafted from"), validators=[Optional(), plausible_date])
    until = DateField(_l("Drafted until"), validators=[Optional(), plausible_date])


def _filters() -> tuple[RegisterFilters, dict[str, Any] | None]:
    """The filter form and the register criteria (None when a filter is invalid)."""
    form = RegisterFilters(formdata=request.args)
    if not form.validate():
        return form, None
    day = lambda d, t: None if d is None else datetime.combine(d, t, tzinfo=PARIS)  # noqa: E731
    return form, {"status": form.status.data or None, "kind": form.kind.data or None,
                  "outcome": form.outcome.data or None, "search": (form.q.data or "").strip() or None,
                  "since": day(form.since.data, time.min), "until": day(form.until.data, time.max)}


def _filter_args() -> dict[str, str]:
    return {k: v for k in FILTERS if (v := request.args.get(k, "").strip())}


@bp.get("/poles/<pole_id>/register")
@login_required
def register(pole_id: str) -> tuple[str, int] | str:
    require_pole_role(pole_id, SECRETARY)
    form, criteria = _filters()
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), 100_000)
    rows = [] if criteria is None else queries().register(
        pole_id, **criteria, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    args = _filter_args()
    page_url = lambda n: url_for("audit.register", pole_id=pole_id, page=n, **args)  # noqa: E731
    html = render_template(
        "audit/register.html", pole=queries().pole(pole_id), form=form, rows=rows[:PAGE_SIZE], page=page,
        previous_url=page_url(page - 1) if page > 1 else None,
        next_url=page_url(page + 1) if len(rows) > PAGE_SIZE else None,
        csv_url=url_for("audit.register_csv", pole_id=pole_id, **args),
        jsonl_url=url_for("audit.events_jsonl", pole_id=pole_id, **args), filtered=bool(args),
        labels={"kind": KIND_LABELS, "status": STATUS_LABELS, "outcome": OUTCOME_LABELS}, rule_label=rule_label,
        college_names=_college_names, short_date=_short_date)
    return (html, 400) if criteria is None else html


def _short_date(value: datetime | None) -> str:
    return "—" if value is None else format_date(aware(value), "short")


def _college_names(row: dict[str, Any]) -> dict[str, str]:
    return {c["code"]: c["name"] for c in (row.get("tally") or {}).get("colleges", [])}


# -- exports --------------------------------------------------------------------------
def _filename(pole: dict[str, Any], stem: str, ext: str) -> str:
    slug = unicodedata.normalize("NFKD", pole["name"]).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "pole"
    return f"{stem}-{slug}-{today().isoformat()}.{ext}"


def _number(value: Any) -> str:
    """A share as a French-style percentage number for Excel ('92,50'); exact values stay in the JSON log."""
    fraction = to_fraction(value)
    return "" if fraction is None else format_decimal(float(fraction * 100), "0.00", locale="fr")


def _when(value: datetime | None) -> str:
    return "" if value is None else aware(value).astimezone(PARIS).strftime("%Y-%m-%d %H:%M")


def _text(value: str) -> str:
    """Free text, neutralised so that a spreadsheet never runs it as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


COLLEGE_COLUMNS = (("electorate", _l("electorate")), ("participants", _l("participants")),
                   ("votes_for", _l("for")), ("votes_against", _l("against")),
                   ("abstentions", _l("abstentions")), ("share", _l("share (%)")),
                   ("effective_weight", _l("effective weight (%)")), ("share_in_favour", _l("in favour (%)")))
PERCENT_KEYS = {"share", "effective_weight", "share_in_favour"}


@bp.get("/poles/<pole_id>/register.csv")
@login_required
def register_csv(pole_id: str) -> Response:
    require_pole_role(pole_id, SECRETARY)
    _form, criteria = _filters()
    if criteria is None:
        abort(400)
    rows = queries().register(pole_id, **criteria, limit=ALL)
    colleges: dict[str, str] = {}
    for row in rows:
        colleges.update(_college_names(row))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Title"), _("Identifier"), _("Kind"), _("Status"), _("Secret ballot"), _("Statutes version"),
                     _("Drafted at"), _("Opened at"), _("Closes at"), _("Closed at"), _("Withdrawn at"),
                     _("Electorate"), _("Participants"), _("Proxies used"), _("Quorum (%)"), _("Quorum reached"),
                     _("Empty-college rule applied"), _("Result (%)"), _("Threshold (%)"), _("Outcome")]
                    + [f"{name} ({code}) — {label}" for code, name in colleges.items()
                       for _key, label in COLLEGE_COLUMNS])
    for row in rows:
        writer.writerow(_csv_row(row, colleges))
    pole = queries().pole(pole_id)
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{_filename(pole, "registre", "csv")}"'})


def _csv_row(row: dict[str, Any], colleges: dict[str, str]) -> list[str]:
    tally = row.get("tally") or {}
    yes_no = lambda v: "" if v is None else (_("yes") if v else _("no"))  # noqa: E731
    counts = {c["code"]: c for c in tally.get("colleges", [])}
    cells = [_text(row["title"]), row["id"], str(KIND_LABELS.get(row["kind"], row["kind"])),
             str(STATUS_LABELS.get(row["status"], row["status"])), yes_no(row["secret"]),
             row["statutes_version"] or "", _when(row["drafted_at"]), _when(row["opened_at"]),
             _when(row["closes_at"]), _when(row["closed_at"]), _when(row["withdrawn_at"]),
             row["electorate_size"] if row["electorate_size"] is not None else "", row["participants"],
             row["proxies_used"], _number(tally.get("quorum")), yes_no(tally.get("quorum_met")),
             rule_label(row["rule_applied"], _college_names(row)) if row["rule_applied"] else "",
             _number(row["result"]), _number(tally.get("threshold")),
             str(OUTCOME_LABELS.get(row["outcome"], row["outcome"] or ""))]
    for code in colleges:
        college = counts.get(code)
        cells += ["" if college is None else (_number(college[k]) if k in PERCENT_KEYS else college[k])
                  for k, _label in COLLEGE_COLUMNS]
    return [str(c) for c in cells]


@bp.get("/poles/<pole_id>/events.jsonl")
@login_required
def events_jsonl(pole_id: str) -> Response:
    """The pole's events and its (filtered) proposals' events, as exported JSON lines; secret choices stay sealed."""
    require_pole_role(pole_id, SECRETARY)
    _form, criteria = _filters()
    if criteria is None:
        abort(400)
    wanted = {str(pole_id)} | {r["id"] for r in queries().register(pole_id, **criteria, limit=ALL)}
    application = app()

    def lines() -> Iterator[str]:
        for line in export_lines(application):
            if json.loads(line)["aggregate_id"] in wanted:
                yield line + "\n"
    pole = queries().pole(pole_id)
    return Response(stream_with_context(lines()), mimetype="application/x-ndjson", headers={
        "Content-Disposition": f'attachment; filename="{_filename(pole, "journal", "jsonl")}"'})


# -- a proposal's timeline, and the roster at a date -----------------------------------
@bp.get("/poles/<pole_id>/proposals/<proposal_id>/timeline")
@login_required
def timeline(pole_id: str, proposal_id: str) -> str:
    require_pole_role(pole_id, SECRETARY)
    proposal = queries().proposal(proposal_id)
    if proposal is None or proposal["pole_id"] != str(pole_id):
        abort(404)
    own = queries().audit(aggregate_id=proposal["id"], limit=ALL)
    effects = [e for e in queries().audit(pole_id=pole_id, since=proposal["drafted_at"], limit=ALL)
               if e["aggregate_type"] == "Pole" and (e["details"] or {}).get("proposal_id") == proposal["id"]]
    members = {m["id"]: m["name"] for m in queries().members(pole_id)}
    events = [describe_event(e, members, secret=proposal["secret"])
              for e in sorted(own + effects, key=lambda e: e["position"])]
    return render_template("audit/timeline.html", pole=queries().pole(pole_id), proposal=proposal, events=events,
                           labels={"kind": KIND_LABELS, "status": STATUS_LABELS, "outcome": OUTCOME_LABELS})


@bp.get("/poles/<pole_id>/roster")
@login_required
def roster(pole_id: str) -> tuple[str, int] | str:
    require_pole_role(pole_id, SECRETARY)
    pole = queries().pole(pole_id)
    day, as_of, error = read_as_of()
    if error:
        return render_template("audit/roster.html", pole=pole, day=day, shown=noon(day), error=error, rows=[]), 400
    version = queries().statutes_as_of(pole_id, as_of)
    names = {c["code"]: c["name"] for c in (version or {}).get("statutes", {}).get("colleges", [])}
    now = {m["id"]: m for m in queries().members(pole_id)}
    rows = queries().roster(pole_id, as_of)
    per_college = {code: sum(1 for r in rows if (r["college"] or "") == code) for code in [*names, ""]}
    return render_template("audit/roster.html", pole=pole, day=day, shown=noon(day), rows=rows, names=names, now=now,
                           per_college={k: n for k, n in per_college.items() if n}, existed=version is not None,
                           status=MEMBER_STATUS_LABELS, categories=CATEGORY_LABELS)


# -- timeline events in words ---------------------------------------------------------
EVENT_LABELS = {
    "ProposalDrafted": _l("Proposal drafted"), "ProposalAmended": _l("Proposal amended"),
    "VotingOpened": _l("Voting opened"), "BallotCast": _l("Ballot cast"),
    "SecretBallotCast": _l("Secret ballot cast"), "ProxyGranted": _l("Proxy granted"),
    "ProxyRevoked": _l("Proxy revoked"), "VotingClosed": _l("Voting closed"),
    "ProposalWithdrawn": _l("Proposal withdrawn"), "StatutesAmended": _l("Statutes amended"),
    "StrategyRevised": _l("Shared strategy revised"), "MemberAdmitted": _l("Member admitted"),
    "MemberExcluded": _l("Member excluded"), "MembershipRefused": _l("Membership refused"),
}
CHOICE_LABELS = {"for": _l("for"), "against": _l("against"), "abstain": _l("abstention")}
EFFECT_LABELS = {"admit_member": _l("admit a member"), "exclude_member": _l("exclude a member"),
                 "amend_statutes": _l("amend the statutes"), "revise_strategy": _l("revise the shared strategy")}


def _moment(value: str | None) -> datetime | None:
    return None if not value else datetime.fromisoformat(value)


def describe_event(event: dict[str, Any], members: dict[str, str], *, secret: bool) -> dict[str, Any]:
    """An audit row in words: what happened, who, when, and its key details (never a secret choice)."""
    d, kind = event["details"] or {}, event["event_type"]
    who = lambda key: members.get(d.get(key) or "", d.get(key) or "—")  # noqa: E731
    details: list[tuple[str, Any]] = []
    if kind in ("ProposalDrafted", "ProposalAmended"):
        details = [(_("Title"), d.get("title")), (_("Kind"), KIND_LABELS.get(d.get("kind"), d.get("kind"))),
                   (_("Secret ballot"), _("yes") if d.get("secret") else _("no"))]
        if d.get("effect"):
            effect = d["effect"].get("type")
            details.append((_("Effect if adopted"), EFFECT_LABELS.get(effect, effect)))
    elif kind == "VotingOpened":
        details = [(_("Closes at"), _moment(d.get("closes_at"))), (_("Statutes version"), d.get("statutes_version")),
                   (_("Convocation"), CONVOCATION_LABELS.get(d.get("convocation"), d.get("convocation"))),
                   (_("Electorate"), len(d.get("electorate") or {}))]
    elif kind in ("BallotCast", "SecretBallotCast"):
        details = [(_("Member"), who("member_id"))]
        if kind == "BallotCast" and not secret:
            details.append((_("Choice"), CHOICE_LABELS.get(d.get("choice"), d.get("choice"))))
        else:
            details.append((_("Choice"), _("sealed (secret ballot), never shown")))
        if d.get("proxy_holder"):
            details.append((_("Cast by proxy holder"), who("proxy_holder")))
    elif kind in ("ProxyGranted", "ProxyRevoked"):
        details = [(_("Principal"), who("principal_id")), (_("Proxy holder"), who("holder_id"))]
    elif kind == "VotingClosed":
        tally = d.get("tally") or {}
        names = {c["code"]: c["name"] for c in tally.get("colleges", [])}
        details = [(_("Outcome"), OUTCOME_LABELS.get(d.get("outcome"), d.get("outcome"))),
                   (_("Result"), tally.get("result")),
                   (_("Threshold"), ("> " if tally.get("threshold_strict") else "≥ ") + pct(tally.get("threshold"))),
                   (_("Participation"), _("%(participants)s of %(entitled)s", participants=tally.get("participants"),
                                          entitled=tally.get("entitled"))),
                   (_("Empty-college rule applied"), rule_label(tally.get("rule_applied"), names)),
                   (_("Closed"), _("automatically, at the announced time") if d.get("automatic")
                    else _("by the secretary"))]
    elif kind == "ProposalWithdrawn":
        details = [(_("Reason"), d.get("reason") or "—")]
    elif kind in ("StatutesAmended", "StrategyRevised"):
        details = [(_("New version"), d.get("version"))]
    elif kind in ("MemberAdmitted", "MemberExcluded", "MembershipRefused"):
        details = [(_("Member"), who("member_id")), (_("Decision"), d.get("decision"))]
        if d.get("reasons"):
            details.append((_("Reasons"), d["reasons"]))
    shares = {_("Result")}
    shown = lambda k, v: "pct" if k in shares else "datetime" if isinstance(v, datetime) else "text"  # noqa: E731
    actor = _("Collegia (automatic)") if event["actor"] == "system" else event["actor"] or "—"
    return {"position": event["position"], "at": event["at"], "actor": actor,
            "label": EVENT_LABELS.get(kind, kind), "pole_event": event["aggregate_type"] == "Pole",
            "details": [(k, v, shown(k, v)) for k, v in details]}
