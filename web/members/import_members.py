"""Onboarding a pole (issue 18): the board secretary imports members from a CSV file, and sees on the pole's
dashboard what is left to set up (`onboarding_checklist`).

The import has two steps. The upload shows a preview in which every row is checked by the domain's own rules
(names and texts: `governance.base.clean_text`; kinds: `governance.pole.MEMBER_KINDS`; colleges: the statutes
in force) and for duplicates (inside the file, and against the pole's members); nothing is stored. The
preview carries the rows to the confirmation in a signed hidden field (bounded: `MAX_BYTES`, `MAX_ROWS`); the
confirmation checks them again against the pole as it is then, and imports them in one use case
(`Collegia.import_members`: all or nothing) when every row is valid, or only the valid rows when the secretary
chooses so.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Iterable

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from itsdangerous import BadSignature, URLSafeTimedSerializer
from wtforms import HiddenField, RadioField, StringField
from wtforms.validators import DataRequired, Length

from governance import clock
from governance.base import clean_name, clean_text
from governance.errors import InvalidInput, MembershipRuleBroken
from governance.pole import MEMBER_KINDS
from projections.queries import search_key
from web.edge import (accounts, actor, app, attempt, caller, current_statutes, is_secretary, queries,
                      secretary_pole, translated)
from web.formatting import date_long
from web.labels import BODY_WORDS, CATEGORY_LABELS, MEMBER_KIND_LABELS, MEMBER_STATUS_WORDS, options

bp = Blueprint("member_import", __name__, template_folder="templates")
URL = "/poles/<pole_id>/manage/members/import"
MAX_BYTES = 1_000_000  # the largest file accepted
MAX_ROWS = 2_000  # the most members one file may hold
MAX_TOKEN = 400_000  # the carried rows, signed and compressed, stay well under the form's memory bound
TOKEN_AGE = 2 * 3600  # seconds a preview stays valid
SALT = "collegia.member-import"
COLUMNS = {"nom": "name", "name": "name", "type": "kind", "kind": "kind", "categorie": "category",
           "category": "category", "representant": "representative", "representative": "representative",
           "college": "college"}
REQUIRED = ("name", "kind", "category", "representative")
KIND_WORDS = {"personne": "person", "personne physique": "person", "organisation": "other"}
ACTIVE = ("requested", "admitted", "excluded")  # a refused or withdrawn member may ask again


# -- reading and checking a file ------------------------------------------------------------------
class FileRefused(Exception):
    """The file as a whole cannot be read (its message is in the user's language)."""


@dataclass
class Row:
    """One line of the file: what it says, the member it describes (when valid), and the rules it breaks."""

    line: int
    values: dict[str, str]
    member: dict[str, str] | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems


def read_rows(data: bytes) -> list[dict[str, str]]:
    """The rows of a CSV file (UTF-8 with or without BOM, comma or semicolon separated), each by column
    (name, kind, category, representative, college), in order; FileRefused when it cannot be read."""
    if len(data) > MAX_BYTES:
        raise FileRefused(_("The file is too large (%(size)s bytes): at most %(max)s bytes (1 MB). Split it into "
                            "several files.", size=len(data), max=MAX_BYTES))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(_("The file is not in UTF-8: save it as \"CSV UTF-8\" and upload it again.")) from None
    lines = text.splitlines()
    header = next((line for line in lines if line.strip()), "")
    if not header:
        raise FileRefused(_("The file is empty."))
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = [(reader.line_num, record) for record in reader if any(cell.strip() for cell in record)]
    except csv.Error as error:
        raise FileRefused(_("The file is not a valid CSV file (%(error)s).", error=str(error))) from None
    if not records:  # only separators or empty quotes: a spreadsheet's empty sheet
        raise FileRefused(_("The file is empty."))
    columns = [COLUMNS.get(search_key(cell)) for cell in records[0][1]]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise FileRefused(_("The first line must name the columns nom, type, catégorie, représentant (and "
                            "optionally collège), separated by commas or semicolons; missing: %(missing)s.",
                            missing=", ".join(COLUMN_WORDS[c] for c in missing)))
    rows = []
    for line, record in records[1:]:
        row = {c: (record[i].strip() if i < len(record) else "") for i, c in enumerate(columns) if c}
        rows.append({**row, "line": str(line)})
    if not rows:
        raise FileRefused(_("The file names its columns but holds no member."))
    if len(rows) > MAX_ROWS:
        raise FileRefused(_("The file holds %(count)s members: at most %(max)s per import. Split it into several "
                            "files.", count=len(rows), max=MAX_ROWS))
    return rows


COLUMN_WORDS = {"name": "nom", "kind": "type", "category": "catégorie", "representative": "représentant",
                "college": "collège"}


def _kind(value: str) -> str | None:
    """The member kind a cell names: a code, personne / organisation, or a kind's label."""
    key = search_key(value)
    if value in MEMBER_KINDS:
        return value
    words = {**KIND_WORDS, **{search_key(str(label)): code for code, label in MEMBER_KIND_LABELS.items()}}
    return words.get(key)


def _category(value: str, listed: list[str]) -> str:
    """The category a cell names: one the statutes list (whatever its case and accents), a known category by
    its code or label, else the cell as typed."""
    key = search_key(value)
    labels = {search_key(str(label)): code for code, label in CATEGORY_LABELS.items()}
    labels.update({search_key(code.replace("_", " ")): code for code in CATEGORY_LABELS})
    labels.update({search_key(code): code for code in listed})
    return labels.get(key, value)


def _listed_category(category: str, listed: list[str]) -> str:
    """The statutes' own rule (governance/pole.py `Pole.request_membership`): when they list categories, a
    member's is one of them."""
    if listed and category not in listed:
        raise MembershipRuleBroken("category '{category}' is not one the statutes list ({choices})",
                                   category=category, choices=", ".join(listed))
    return category


def _college(value: str, statutes: dict[str, Any]) -> str | None:
    """The college code a cell names (by code or by name) in the statutes in force."""
    for college in statutes.get("colleges", []):
        if value == college["code"] or search_key(value) in (search_key(college["code"]),
                                                             search_key(college["name"])):
            return str(college["code"])
    return None


def check_rows(rows: list[dict[str, str]], statutes: dict[str, Any], members: Iterable[dict[str, Any]]) -> list[Row]:
    """Every row checked, each broken rule named in the user's language (nothing is stored)."""
    existing = {search_key(m["name"]): m for m in members if m["status"] in ACTIVE}
    seen: dict[str, int] = {}
    colleges = ", ".join(c["code"] for c in statutes.get("colleges", [])) or _("none")
    listed = [str(c) for c in statutes.get("categories") or []]
    checked = []
    for number, values in enumerate(rows, start=2):  # line 1 names the columns
        number = int(values["line"]) if str(values.get("line", "")).isdigit() else number
        row = Row(number, values)
        member: dict[str, str] = {}
        for key, check in (("name", lambda v: clean_name(v, "member name")),
                           ("category", lambda v: _listed_category(
                               clean_text(_category(v, listed), "category", max_length=60), listed))):
            try:
                member[key] = check(values.get(key, ""))
            except (InvalidInput, MembershipRuleBroken) as error:
                row.problems.append(translated(error))
        kind = _kind(values.get("kind", ""))
        if kind is None:
            row.problems.append(_("type \"%(kind)s\" is not a kind of member: personne, organisation, or one of "
                                  "%(codes)s (loi 2014-856, art. 9)", kind=values.get("kind", ""),
                                  codes=", ".join(MEMBER_KINDS)))
        else:
            member["kind"] = kind
        try:
            member["representative"] = clean_name(values.get("representative", ""), "representative",
                                                  required=kind not in (None, "person"))
        except InvalidInput as error:
            row.problems.append(translated(error))
        if values.get("college"):
            college = _college(values["college"], statutes)
            if college is None:
                row.problems.append(_("the statutes in force define no college \"%(college)s\" (their colleges: "
                                      "%(codes)s)", college=values["college"], codes=colleges))
            else:
                member["college"] = college
        key = search_key(member.get("name", ""))
        if key and key in seen:
            row.problems.append(_("duplicate: the same name as line %(line)s of the file", line=seen[key]))
        elif key in existing:
            row.problems.append(_("duplicate: \"%(name)s\" is already in the pole (%(status)s)",
                                  name=existing[key]["name"], status=translated_status(existing[key]["status"])))
        if key:
            seen.setdefault(key, number)
        row.member = member if row.valid else None
        checked.append(row)
    return checked


def translated_status(status: str) -> str:
    return str(MEMBER_STATUS_WORDS.get(status, status))


# -- carrying the rows from the preview to the confirmation -------------------------------------
def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def carry(pole_id: str, rows: list[dict[str, str]]) -> str:
    return _serializer().dumps({"pole": str(pole_id), "rows": rows})


def carried(pole_id: str, token: str) -> list[dict[str, str]] | None:
    """The rows a preview carried, if its signature holds, it is recent and of this pole."""
    try:
        payload = _serializer().loads(token or "", max_age=TOKEN_AGE)
    except BadSignature:  # SignatureExpired included
        return None
    if not isinstance(payload, dict) or payload.get("pole") != str(pole_id) or not isinstance(payload.get("rows"), list):
        return None
    rows = payload["rows"]
    if len(rows) > MAX_ROWS or not all(isinstance(r, dict) for r in rows):
        return None
    return [{str(k): str(v) for k, v in r.items()} for r in rows]


# -- pages ----------------------------------------------------------------------------------------
class UploadForm(FlaskForm):
    file = FileField(_l("CSV file of members"), validators=[FileRequired(_l("Choose a CSV file."))])


class ConfirmForm(FlaskForm):
    rows = HiddenField()
    scope = RadioField(_l("What to import"), choices=options([
        ("all", _l("All the rows (only if every row is valid)")),
        ("valid", _l("Only the valid rows, leaving out the others"))]), default="all")
    decision = StringField(_l("Decision recorded with each admission"), validators=[DataRequired(), Length(max=500)])


def default_decision() -> str:
    return _("CSV import of %(date)s, board decision", date=date_long(clock.now()))


@bp.get(URL)
@login_required
def upload(pole_id: str) -> Any:
    return _upload_page(secretary_pole(pole_id), UploadForm(formdata=None))


def _upload_page(pole: dict[str, Any], form: UploadForm, problem: str | None = None, status: int = 200) -> Any:
    statutes = current_statutes(pole["id"])
    return render_template("member_import/upload.html", pole=pole, form=form, problem=problem, statutes=statutes,
                           body=BODY_WORDS.get(statutes.get("admission_by", "board")),
                           max_rows=MAX_ROWS, kinds=[str(MEMBER_KIND_LABELS[k]) for k in MEMBER_KINDS]), status


@bp.post(f"{URL}/preview")
@login_required
def preview(pole_id: str) -> Any:
    pole = secretary_pole(pole_id)
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(pole, form, status=422)
    data = form.file.data.stream.read(MAX_BYTES + 1)
    try:
        rows = read_rows(data)
    except FileRefused as refused:
        return _upload_page(pole, form, str(refused), 422)
    token = carry(pole_id, rows)
    if len(token) > MAX_TOKEN:
        return _upload_page(pole, form, _("The file is too large to be checked in one go: split it into several "
                                          "files."), 422)
    confirm = ConfirmForm(formdata=None, rows=token, decision=default_decision())
    return _preview_page(pole, rows, confirm)


def _preview_page(pole: dict[str, Any], rows: list[dict[str, str]], form: ConfirmForm, refusal: str | None = None,
                  status: int = 200) -> Any:
    statutes = current_statutes(pole["id"])
    checked = check_rows(rows, statutes, queries().members(pole["id"]))
    valid = sum(1 for r in checked if r.valid)
    return render_template("member_import/preview.html", pole=pole, rows=checked, valid=valid,
                           invalid=len(checked) - valid, form=form, refusal=refusal,
                           by_assembly=statutes.get("admission_by") == "assembly",
                           colleges={c["code"]: c["name"] for c in statutes.get("colleges", [])},
                           member_kind_labels=MEMBER_KIND_LABELS), status


@bp.post(f"{URL}/confirm")
@login_required
def confirm(pole_id: str) -> Any:
    pole = secretary_pole(pole_id)
    form = ConfirmForm()
    rows = carried(pole_id, form.rows.data)
    if rows is None:
        return _upload_page(pole, UploadForm(formdata=None), _(
            "This preview has expired or was altered: upload the file again."), 422)
    if not form.validate_on_submit():
        return _preview_page(pole, rows, form, status=422)
    checked = check_rows(rows, current_statutes(pole_id), queries().members(pole_id))
    members = [r.member for r in checked if r.member is not None]
    if form.scope.data == "all" and len(members) < len(checked):
        return _preview_page(pole, rows, form, _(
            "Some rows are not valid: nothing was imported. Correct the file and upload it again, or choose to "
            "import only the valid rows."), 422)
    if not members:
        return _preview_page(pole, rows, form, _("No row is valid: nothing was imported."), 422)
    imported, refusal = attempt(lambda: app().import_members(pole_id, members, decision=form.decision.data,
                                                             actor=actor()))
    if refusal is not None:
        return _preview_page(pole, rows, form, refusal, 422)
    if current_statutes(pole_id).get("admission_by") == "assembly":
        flash(_("Membership requests recorded: %(count)s. The statutes give admission to the assembly, which "
                "will decide on each by a vote.", count=len(imported or [])), "success")
    else:
        flash(_("Members imported and admitted: %(count)s.", count=len(imported or [])), "success")
    return redirect(url_for("members.index", pole_id=pole_id))


# -- the onboarding checklist on the pole's dashboard ---------------------------------------------
def onboarding_checklist(pole_id: str) -> list[dict[str, Any]] | None:
    """What a new pole's secretary still has to set up, item by item (done or not, and where to do it);
    None for anyone but the pole's secretaries, and once everything is done."""
    if not is_secretary(pole_id):
        return None
    q = queries()
    version = q.statutes_as_of(pole_id)
    statutes = dict(version["statutes"]) if version else {}
    weighted = statutes.get("model") in ("scic", "weighted")
    # Issue 27: counted in the database (a pole of 50,000 members is not loaded for three ticks); the members are
    # read only when there are as many representatives' accounts as admitted members, to check they match.
    counts = q.college_counts(pole_id)
    admitted, unassigned = sum(counts.values()), counts.get("", 0)
    represented = {u["member_id"] for u in accounts().pole_users(pole_id) if u["role"] == "member" and u["member_id"]}
    all_represented = bool(admitted) and len(represented) >= admitted and all(
        m["id"] in represented for m in q.members(pole_id, status="admitted"))
    items = [
        {"label": _("Statutes and colleges set"),
         "done": bool(version) and (not weighted or bool(statutes.get("colleges"))),
         "url": url_for("colleges.colleges", pole_id=pole_id)},
        {"label": _("Members admitted"), "done": bool(admitted),
         "url": url_for("member_import.upload", pole_id=pole_id),
         "hint": _("Import them from a CSV file, or record them one by one on the members page.")},
    ]
    if weighted:
        items.append({"label": _("Admitted members assigned to a college"),
                      "done": bool(admitted) and not unassigned,
                      "url": url_for("members.index", pole_id=pole_id)})
    items.append({"label": _("Accounts given to the members' representatives"),
                  "done": all_represented,
                  "url": url_for("admin.index") if caller().is_admin else None,
                  "hint": None if caller().is_admin else _("Ask the platform administrator to create them.")})
    items.append({"label": _("First proposal drafted"), "done": bool(q.register(pole_id, limit=1)),
                  "url": url_for("secretary.new_proposal", pole_id=pole_id)})
    return None if all(item["done"] for item in items) else items


bp.add_app_template_global(onboarding_checklist, "onboarding_checklist")
