"""Audit for the board secretary: the decision register, its exports, a proposal's timeline, the roster."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from datetime import datetime
from typing import Any, Iterator

from babel.numbers import format_decimal
from flask import Blueprint, Response, abort, render_template, request, stream_with_context, url_for
from flask_babel import format_date, gettext as _, lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from governance.capital import replay
from governance.deliberation import discussion_id
from infrastructure.eventlog import export_lines
from web.assemblies.minutes import AMENDMENT_COURSE_OPTIONS, AMENDMENT_REASONS, amendment_course
from web.audit.events import describe_event
from web.edge import SECRETARY, app, proposal_of_pole, queries, require_pole_role
from web.dates import MAX_YEAR, MIN_YEAR, PARIS, end_of_day, noon, plausible, read_as_of, start_of_day, today
from web.formatting import aware, to_fraction
from web.labels import (CATEGORY_LABELS, KIND_WORDS, MEMBER_STATUS_WORDS, OUTCOME_WORDS, STATUS_WORDS, options,
                        rule_label)

bp = Blueprint("audit", __name__, template_folder="templates")
PAGE_SIZE = 50
ALL = 2**31 - 1
FILTERS = ("status", "kind", "outcome", "q", "since", "until")
LABELS = {"kind": KIND_WORDS, "status": STATUS_WORDS, "outcome": OUTCOME_WORDS}


def _or_all(labels: dict[str, Any]) -> list[SelectChoice]:
    return options([("", _l("All")), *labels.items()])


def plausible_date(form: FlaskForm, field: DateField) -> None:
    if field.data and not plausible(field.data):
        raise ValidationError(_("Give a date between %(first)s and %(last)s.", first=MIN_YEAR, last=MAX_YEAR))


class RegisterFilters(FlaskForm):
    """The register's filters, read from the query string."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), choices=_or_all(STATUS_WORDS), default="")
    kind = SelectField(_l("Kind"), choices=_or_all(KIND_WORDS), default="")
    outcome = SelectField(_l("Outcome"), choices=_or_all(OUTCOME_WORDS), default="")
    q = StringField(_l("Text search"), validators=[Optional(), Length(max=200)])
    since = DateField(_l("Drafted from"), validators=[Optional(), plausible_date])
    until = DateField(_l("Drafted until"), validators=[Optional(), plausible_date])


def _filters() -> tuple[RegisterFilters, dict[str, Any] | None]:
    """The filter form and the register criteria (None when a filter is invalid)."""
    form = RegisterFilters(formdata=request.args)
    if not form.validate():
        return form, None
    since, until = form.since.data, form.until.data
    return form, {"status": form.status.data or None, "kind": form.kind.data or None,
                  "outcome": form.outcome.data or None, "search": (form.q.data or "").strip() or None,
                  "since": None if since is None else start_of_day(since),
                  "until": None if until is None else end_of_day(until)}


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
        jsonl_url=url_for("audit.events_jsonl", pole_id=pole_id, **args),
        comments_url=url_for("audit.comments_csv", pole_id=pole_id, **args), filtered=bool(args),
        labels=LABELS, rule_label=rule_label,
        college_names=_college_names, short_date=_short_date)
    return (html, 400) if criteria is None else html


def _short_date(value: datetime | None) -> str:
    return "—" if value is None else format_date(aware(value), "short")


def _college_names(row: dict[str, Any]) -> dict[str, str]:
    return {c["code"]: c["name"] for c in (row.get("tally") or {}).get("colleges", [])}


# -- exports --------------------------------------------------------------------------
def _exported_rows(pole_id: str) -> list[dict[str, Any]]:
    """Every register row the filters select, for the secretary only (400 when a filter is invalid)."""
    require_pole_role(pole_id, SECRETARY)
    _form, criteria = _filters()
    if criteria is None:
        abort(400)
    return queries().register(pole_id, **criteria, limit=ALL)


def _download(pole_id: str, body: Any, mimetype: str, stem: str, ext: str) -> Response:
    """An attachment named after the pole and today's date ('registre-drome-coopere-2026-03-01.csv')."""
    slug = unicodedata.normalize("NFKD", queries().pole(pole_id)["name"]).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "pole"
    filename = f"{stem}-{slug}-{today().isoformat()}.{ext}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _number(value: Any) -> str:
    """A share as a French-style percentage number for Excel ('92,50'); exact values stay in the JSON log."""
    fraction = to_fraction(value)
    return "" if fraction is None else format_decimal(float(fraction * 100), "0.00", locale="fr")


def _when(value: datetime | str | None) -> str:
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
    rows = _exported_rows(pole_id)
    colleges: dict[str, str] = {}
    for row in rows:
        colleges.update(_college_names(row))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Title"), _("Identifier"), _("Kind"), _("Status"), _("Secret ballot"), _("Statutes version"),
                     _("Drafted at"), _("Opened at"), _("Closes at"), _("Closed at"), _("Withdrawn at"),
                     _("Electorate"), _("Participants"), _("Proxies used"), _("Quorum (%)"), _("Quorum reached"),
                     _("Empty-college rule applied"), _("Result (%)"), _("Threshold (%)"), _("Outcome"),
                     *AMENDMENT_COLUMNS]
                    + [f"{name} ({code}) — {label}" for code, name in colleges.items()
                       for _key, label in COLLEGE_COLUMNS])
    amended = _amended_titles(pole_id, rows)
    names = _member_names(pole_id) if any(row["amends"] for row in rows) else {}
    for row in rows:
        writer.writerow(_csv_row(row, colleges, _amendment_cells(row, amended, names)))
    return _download(pole_id, "\ufeff" + out.getvalue(), "text/csv", "registre", "csv")


# Issue 23: an amendment is a row of the register of its own (voted before its resolution, with its figures); these
# columns say which resolution it amends, its number, its sponsors and its course (admitted, inadmissible with the
# reason, lapsed with the reason, withdrawn with its resolution). Empty for any other proposal.
AMENDMENT_COLUMNS = (_l("Amended resolution"), _l("Amendment no."), _l("Sponsors"), _l("Amendment's course"))


def _member_names(pole_id: str) -> dict[str, str]:
    return {m["id"]: m["name"] for m in queries().members(pole_id)}


def _amended_titles(pole_id: str, rows: list[dict[str, Any]]) -> dict[str, str]:
    """The titles of the resolutions the exported amendments amend (read once, also when the filters left a
    resolution out)."""
    wanted = {row["amends"] for row in rows if row["amends"]}
    titles = {row["id"]: row["title"] for row in rows if row["id"] in wanted}
    if wanted - set(titles):
        titles.update({row["id"]: row["title"] for row in queries().register(pole_id, limit=ALL)
                       if row["id"] in wanted})
    return titles


def _amendment_cells(row: dict[str, Any], amended: dict[str, str], names: dict[str, str]) -> list[str]:
    state = row["amendment"] or {}
    if not row["amends"]:
        return ["", "", "", ""]
    course = amendment_course(state.get("status"), row["status"])
    words = str(AMENDMENT_COURSE_OPTIONS.get(course, course))
    reason = state.get("reason")
    if reason and course != "withdrawn":
        words = _("%(course)s: %(reason)s", course=words, reason=str(AMENDMENT_REASONS.get(reason, reason)))
    return [_text(amended.get(row["amends"], row["amends"])), str(state.get("number") or ""),
            _text(", ".join(names.get(m, m) for m in state.get("sponsors") or [])), _text(words)]


def _csv_row(row: dict[str, Any], colleges: dict[str, str], amendment: list[str]) -> list[str]:
    tally = row.get("tally") or {}
    yes_no = lambda v: "" if v is None else (_("yes") if v else _("no"))  # noqa: E731
    counts = {c["code"]: c for c in tally.get("colleges", [])}
    cells = [_text(row["title"]), row["id"], str(KIND_WORDS.get(row["kind"], row["kind"])),
             str(STATUS_WORDS.get(row["status"], row["status"])), yes_no(row["secret"]),
             row["statutes_version"] or "", _when(row["drafted_at"]), _when(row["opened_at"]),
             _when(row["closes_at"]), _when(row["closed_at"]), _when(row["withdrawn_at"]),
             row["electorate_size"] if row["electorate_size"] is not None else "", row["participants"],
             row["proxies_used"], _number(tally.get("quorum")), yes_no(tally.get("quorum_met")),
             rule_label(row["rule_applied"], _college_names(row)) if row["rule_applied"] else "",
             _number(row["result"]), _number(tally.get("threshold")),
             str(OUTCOME_WORDS.get(row["outcome"], row["outcome"] or "")), *amendment]
    for code in colleges:
        college = counts.get(code)
        cells += ["" if college is None else (_number(college[k]) if k in PERCENT_KEYS else college[k])
                  for k, _label in COLLEGE_COLUMNS]
    return [str(c) for c in cells]


COMMENT_STATUS_WORDS = {"posted": _l("posted"), "withdrawn": _l("withdrawn"), "hidden": _l("hidden")}


@bp.get("/poles/<pole_id>/comments.csv")
@login_required
def comments_csv(pole_id: str) -> Response:
    """The discussions of the proposals the filters select, one comment a row (issue 23), for the secretary only
    like the register: a hidden comment keeps its text here, beside the reason it was hidden (the events keep it
    too); a withdrawn one its last wording. Nothing here says whether or how an author voted."""
    rows = _exported_rows(pole_id)
    names = _member_names(pole_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Proposal"), _("Identifier"), _("Comment no."), _("In reply to"), _("Author"),
                     _("Posted at"), _("Last changed at"), _("Status"), _("Reason"), _("Text"),
                     _("Earlier wordings")])
    for row in rows:
        if row["amends"] or not (row["published"] or row["assembly_id"]):
            continue  # only a resolution published for discussion or on an assembly's agenda is discussed
        for comment in queries().comments(row["id"]):
            author = _("Secretariat") if comment["member_id"] is None else names.get(comment["member_id"],
                                                                                 comment["member_id"])
            earlier = "\n".join(f"[{_when(h['until'])}] {h['text']}" for h in comment["history"] or [])
            writer.writerow([_text(row["title"]), row["id"], comment["number"], comment["reply_to"] or "",
                             _text(author), _when(comment["posted_at"]), _when(comment["changed_at"]),
                             str(COMMENT_STATUS_WORDS.get(comment["status"], comment["status"])),
                             _text(comment["reason"] or ""), _text(comment["text"]), _text(earlier)])
    return _download(pole_id, "\ufeff" + out.getvalue(), "text/csv", "debats", "csv")


@bp.get("/poles/<pole_id>/events.jsonl")
@login_required
def events_jsonl(pole_id: str) -> Response:
    """The pole's register as exported JSON lines; secret choices stay sealed.

    Unfiltered, it is the pole's whole register (the pole, its proposals, assemblies,
    minutes and discussions), verifiable offline with `collegia verify --file`; filtered,
    the pole's events and the selected proposals' events, with their amendments' and their
    discussions' (issue 23)."""
    rows = _exported_rows(pole_id)
    whole = not _filter_args()
    selected = {r["id"] for r in rows}
    if not whole:  # a selected resolution comes with its amendments (issue 23)
        selected |= {r["id"] for r in queries().register(pole_id, limit=ALL) if r["amends"] in selected}
    # ... and each with its discussion (the comments are events of the pole's register too)
    wanted = {str(pole_id)} | selected | {str(discussion_id(p)) for p in selected}
    application = app()

    def lines() -> Iterator[str]:
        for line in export_lines(application):
            event = json.loads(line)
            chain_pole = (event.get("chain") or {}).get("pole")
            if (whole and chain_pole == str(pole_id)) or event["aggregate_id"] in wanted:
                yield line + "\n"
    return _download(pole_id, stream_with_context(lines()), "application/x-ndjson", "journal", "jsonl")


# -- a proposal's timeline, and the roster at a date -----------------------------------
@bp.get("/poles/<pole_id>/proposals/<proposal_id>/timeline")
@login_required
def timeline(pole_id: str, proposal_id: str) -> str:
    require_pole_role(pole_id, SECRETARY)
    proposal = proposal_of_pole(pole_id, proposal_id)
    own = queries().audit(aggregate_id=proposal["id"], limit=ALL)
    # The debate (issue 23): the proposal's discussion and its amendments, each a record of its own.
    debate = [e for aggregate in (str(discussion_id(proposal["id"])),
                                  *(a["id"] for a in queries().amendments(proposal["id"])))
              for e in queries().audit(aggregate_id=aggregate, limit=ALL)]
    effects = [e for e in queries().audit(pole_id=pole_id, since=proposal["drafted_at"], limit=ALL)
               if e["aggregate_type"] == "Pole" and (e["details"] or {}).get("proposal_id") == proposal["id"]]
    members = {m["id"]: m["name"] for m in queries().members(pole_id)}
    events = [describe_event(e, members, secret=proposal["secret"])
              for e in sorted(own + debate + effects, key=lambda e: e["position"])]
    return render_template("audit/timeline.html", pole=queries().pole(pole_id), proposal=proposal, events=events,
                           labels=LABELS)


ROSTER_PAGE = 200  # members per page of the roster at a date


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
    # Issue 27: a page of rows and the head counts per college from the database, whatever the pole's size.
    counts = queries().college_counts(pole_id, as_of)
    total = sum(counts.values())
    pages = max(1, -(-total // ROSTER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    rows = queries().roster(pole_id, as_of, limit=ROSTER_PAGE, offset=(page - 1) * ROSTER_PAGE)
    now = {r["id"]: r["now"] if as_of is not None else r["status"] for r in rows}  # each member's status today
    per_college = {code: counts.get(code, 0) for code in [*names, ""]}
    # Issue 22: each associate's shares that day, when the pole keeps its capital register in Collegia.
    movements = queries().capital_movements(pole_id)
    register = replay(movements, until=day) if movements else None
    return render_template("audit/roster.html", pole=pole, day=day, shown=noon(day), rows=rows, names=names, now=now,
                           total=total, page=page, pages=pages,
                           per_college={k: n for k, n in per_college.items() if n}, existed=version is not None,
                           status=MEMBER_STATUS_WORDS, categories=CATEGORY_LABELS,
                           shares=None if register is None else {m: h.shares for m, h in register.holdings.items()})
