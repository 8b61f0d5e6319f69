"""What a proposal's pages show of its deliberation (issue 23): the discussion thread, the amendments, the debate's
summary, and the forms the person may use; the routes that post them are in web/votes/deliberation.py.

Nothing here reads a ballot: a comment is shown with its author and its time, never with whether or how its author
voted, and no ballot time sits beside the thread (docs/secret-ballots.md)."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from governance import clock
from governance.deliberation import MAX_COMMENT, MAX_MENTIONS, POSTED
from governance.numbers import to_fraction
from governance.proposal import Proposal
from web.edge import actor, app, is_secretary, proposal_of_pole, queries, represented
from web.formatting import aware, pct
from web.forms import ConfirmForm
from web.labels import AMENDMENT_COURSE_OPTIONS, AMENDMENT_REASONS, amendment_course
from web.votes.standing import member_names
from web.votes.visits import visits

POLE = "pole"  # the speaker value of the secretary speaking for the pole (a comment with no member)
MENTION_HELP = _l("To tell a member, write @ followed by its exact name, e.g. « @Member name »: it is told by "
                  "mail, as its representatives' preferences say.")


class CommentForm(FlaskForm):
    speaker = SelectField(_l("Speaking for"), validate_choice=False)
    text = TextAreaField(_l("Your comment"), validators=[
        InputRequired(_l("Write your comment.")), Length(max=MAX_COMMENT)])


class EditCommentForm(FlaskForm):
    text = TextAreaField(_l("New wording"), validators=[
        InputRequired(_l("Write your comment.")), Length(max=MAX_COMMENT)])


class HideForm(FlaskForm):
    reason = StringField(_l("Why it is hidden (shown to everyone)"), validators=[
        InputRequired(_l("Say why the comment is hidden.")), Length(max=1000)])


class AmendmentForm(FlaskForm):
    speaker = SelectField(_l("Tabled by"), validate_choice=False)
    passage = TextAreaField(_l("Passage to change"), validators=[Optional(), Length(max=20_000)])
    wording = TextAreaField(_l("New wording"), validators=[Optional(), Length(max=20_000)])
    motive = TextAreaField(_l("Motive"), validators=[Optional(), Length(max=5000)])


class SupportForm(FlaskForm):
    speaker = SelectField(_l("Supported by"), validate_choice=False)


class DecisionForm(FlaskForm):
    """Admit (reason optional) or reject (reason required: the domain says so) a tabled amendment."""

    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=2000)])


class SummaryForm(FlaskForm):
    summary = TextAreaField(_l("Summary of the debate"), validators=[Optional(), Length(max=20_000)])


# -- who may read, who speaks -------------------------------------------------------------------
def readable_proposal(pole_id: str, proposal_id: str) -> dict[str, Any]:
    """The proposal's row as members and secretaries may read it (web/edge.py `proposal_of_pole`)."""
    return proposal_of_pole(pole_id, proposal_id)


def speakers(pole_id: str, *, pole: bool = True) -> list[SelectChoice]:
    """Whom the person may speak for: the members they represent, and the pole itself for its secretary."""
    own = represented(pole_id)
    names = member_names(pole_id, own)
    choices = [SelectChoice(m, names.get(m, {}).get("name", m)) for m in own]
    if pole and is_secretary(pole_id):
        choices.insert(0, SelectChoice(POLE, _("The secretariat, for the pole")))
    return choices


def chosen_speaker(form: Any, choices: list[SelectChoice]) -> str | None:
    """The speaker a form names (the only one when the person has a single choice); 403 for one they may not name
    (a member they do not represent is refused by the domain, with its reason: governance/standing.py)."""
    value = form.speaker.data or (choices[0].value if len(choices) == 1 else "")
    if not value or (value == POLE and not any(c.value == POLE for c in choices)):
        abort(403, description="You speak for the members you represent.")
    return None if value == POLE else value


def mentioned(pole_id: str, text: str) -> list[str]:
    """The admitted members a text names as « @Exact name » (the longest name first, so that « @Commune de Crest »
    is not read as « @Commune »), at most the domain's maximum."""
    if "@" not in text:
        return []
    found: list[str] = []
    rest = text
    for member in sorted(queries().members(pole_id, status="admitted"), key=lambda m: -len(m["name"])):
        tag = f"@{member['name']}"
        if tag in rest:
            found.append(member["id"])
            rest = rest.replace(tag, " ")
    return found[:MAX_MENTIONS]


def discussion_open(p: dict[str, Any], proposal: Proposal) -> bool:
    """Members may comment now: the domain's `under_discussion`, before the announced closing time."""
    return proposal.under_discussion and (p["closes_at"] is None or aware(p["closes_at"]) > clock.now())


# -- the page's context ---------------------------------------------------------------------------
def deliberation_context(pole_id: str, p: dict[str, Any], proposal: Proposal, forms: dict[str, Any] | None = None,
                         *, mark_seen: bool = False) -> dict[str, Any]:
    """The thread, the amendments and the forms the person may use on this proposal's page. `mark_seen`: the
    page is being read (a GET): the comments shown are no longer new for the person."""
    forms = forms or {}
    secretary = is_secretary(pole_id)
    comments = queries().comments(p["id"]) if p.get("amends") is None else []
    open_now = discussion_open(p, proposal)
    context: dict[str, Any] = {"discussion_open": open_now, "delib_open": set(forms),
                               "mention_help": MENTION_HELP, "parent": None, "amendment_row": None}
    if p.get("amends"):
        context["parent"] = queries().proposal(p["amends"])
        context["amendment_row"] = _amendment(pole_id, p, member_names(pole_id, (p["amendment"] or {}).get(
            "sponsors", [])))
    me = actor()
    seen = None
    if current_user.is_authenticated and comments:
        seen = visits().last_seen(current_user.id, [p["id"]]).get(p["id"])
    authors = member_names(pole_id, {c["member_id"] for c in comments if c["member_id"]})
    rows: dict[int, dict[str, Any]] = {}
    thread: list[dict[str, Any]] = []
    for c in comments:
        row = {"number": c["number"], "status": c["status"], "reason": c["reason"],
               "author": authors.get(c["member_id"], {}).get("name", c["member_id"]) if c["member_id"]
               else _("Secretariat"),
               "by_pole": c["member_id"] is None, "posted_at": c["posted_at"], "changed_at": c["changed_at"],
               "text": c["text"] if c["status"] == POSTED else None,
               "history": (c["history"] or []) if c["status"] == POSTED else [],
               "new": c["actor"] != me and (seen is None or c["posted_at"] > seen),
               "mine": c["actor"] == me and c["status"] == POSTED and open_now,
               "reply_to": c["reply_to"], "replies": []}
        if row["mine"]:
            row["edit_form"] = forms.get(f"edit-{c['number']}") or EditCommentForm(
                prefix=f"edit-{c['number']}", formdata=None, data={"text": c["text"]})
            row["withdraw_form"] = ConfirmForm(prefix=f"withdraw-{c['number']}", formdata=None)
        if secretary and c["status"] == POSTED:
            row["hide_form"] = forms.get(f"hide-{c['number']}") or HideForm(prefix=f"hide-{c['number']}",
                                                                           formdata=None)
        rows[c["number"]] = row
        parent = rows.get(c["reply_to"]) if c["reply_to"] else None
        (parent["replies"] if parent is not None else thread).append(row)
    if mark_seen and current_user.is_authenticated and (comments or open_now):
        visits().seen(current_user.id, p["id"])
    choices = speakers(pole_id) if open_now else []
    context.update(thread=thread, comment_count=len(comments), new_count=sum(r["new"] for r in rows.values()),
                   speaker_choices=choices,
                   show_thread=bool(comments) or open_now)
    if open_now and choices:
        form = forms.get("comment") or CommentForm(prefix="comment", formdata=None)
        form.speaker.choices = choices
        context["comment_form"] = form
        for row in thread:
            if row["status"] == POSTED:
                reply = forms.get(f"reply-{row['number']}") or CommentForm(prefix=f"reply-{row['number']}",
                                                                          formdata=None)
                reply.speaker.choices = choices
                row["reply_form"] = reply
    context.update(_amendments_context(pole_id, p, proposal, forms, secretary))
    summary_possible = p.get("amends") is None and (p.get("published") or p.get("assembly_id")
                                                      or p.get("debate_summary") or p.get("amendments"))
    if secretary and summary_possible:
        context["summary_form"] = forms.get("summary") or SummaryForm(
            prefix="summary", formdata=None, data={"summary": p.get("debate_summary") or ""})
    if secretary and p["status"] == "draft" and not p.get("published") and not p.get("assembly_id") \
            and p.get("amends") is None and p.get("body") != "board":
        context["publish_form"] = ConfirmForm(prefix="publish", formdata=None)
    return context


def _amendments_context(pole_id: str, p: dict[str, Any], proposal: Proposal, forms: dict[str, Any],
                        secretary: bool) -> dict[str, Any]:
    if p.get("amends") is not None:
        return {"amendments": []}
    rows = queries().amendments(p["id"])
    names = member_names(pole_id, {s for r in rows for s in (r["amendment"] or {}).get("sponsors", [])})
    required = app().sponsors_required(proposal)  # what `Collegia.admit_amendment` will require
    own = set(represented(pole_id))
    amendments = []
    for r in rows:
        row = _amendment(pole_id, r, names)
        state = r["amendment"] or {}
        k = state.get("number")
        if secretary and row["course"] == "tabled":
            row["admit_form"] = forms.get(f"admit-{k}") or DecisionForm(prefix=f"admit-{k}", formdata=None)
            row["reject_form"] = forms.get(f"reject-{k}") or DecisionForm(prefix=f"reject-{k}", formdata=None)
        supporters = [m for m in own if m not in state.get("sponsors", [])]
        if required > 1 and row["course"] == "tabled" and supporters:
            support = forms.get(f"support-{k}") or SupportForm(prefix=f"support-{k}", formdata=None)
            mine = member_names(pole_id, supporters)
            support.speaker.choices = [SelectChoice(m, mine.get(m, {}).get("name", m)) for m in supporters]
            row["support_form"] = support
        amendments.append(row)
    context: dict[str, Any] = {"amendments": amendments, "sponsors_required": required}
    amendable = (p["status"] == "draft" and (p.get("published") or p.get("assembly_id")) and not p.get("election")
                 and p.get("body") != "board")
    tablers = speakers(pole_id, pole=False) if amendable else []
    if tablers:
        form = forms.get("amendment") or AmendmentForm(prefix="amendment", formdata=None)
        form.speaker.choices = tablers
        context["amendment_form"] = form
        context["share_fields"] = share_fields(p, forms.get("shares"))
    return context


def _amendment(pole_id: str, r: dict[str, Any], names: dict[str, Any]) -> dict[str, Any]:
    state = r["amendment"] or {}
    course = amendment_course(r)
    return {"id": r["id"], "number": state.get("number"), "passage": state.get("passage") or "",
            "wording": state.get("wording") or "", "motive": state.get("motive") or "",
            "effect_changed": bool(state.get("effect_changed")), "text": r["text"], "effect": r["effect"],
            "sponsors": [names.get(m, {}).get("name", m) for m in state.get("sponsors", [])],
            "course": course, "course_label": AMENDMENT_COURSE_OPTIONS.get(course, course),
            # The domain's own reasons (a lapse) in the user's language; the secretary's as written.
            "reason": AMENDMENT_REASONS.get(state.get("reason"), state.get("reason")), "status": r["status"]}


# -- other college shares (an amendment to a statutes amendment) ---------------------------------
def share_fields(p: dict[str, Any], posted: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """One field per college of the statutes the resolution would adopt, prefilled with its share."""
    effect = p.get("effect") or {}
    if effect.get("type") != "amend_statutes":
        return []
    fields = []
    for college in effect["statutes"].get("colleges") or []:
        if college.get("share") is None:
            continue
        current = pct(to_fraction(college["share"]))
        fields.append({"code": college["code"], "name": college["name"], "id": f"share-{college['code']}",
                       "current": current, "value": (posted or {}).get(college["code"], current)})
    return fields


def amended_effect(p: dict[str, Any], posted: dict[str, str]) -> dict[str, Any] | None:
    """The effect an amendment proposes: the resolution's statutes with the colleges' shares replaced, or None
    when no share changed (the domain checks the SCIC bounds, sums and legal form at tabling)."""
    effect = p.get("effect") or {}
    if effect.get("type") != "amend_statutes" or not posted:
        return None
    statutes = dict(effect["statutes"])
    colleges, changed = [], False
    for college in statutes.get("colleges") or []:
        value = (posted.get(college["code"]) or "").strip()
        if value and college.get("share") is not None and to_fraction(value) != to_fraction(college["share"]):
            college, changed = {**college, "share": value}, True
        colleges.append(college)
    if not changed:
        return None
    return {"type": "amend_statutes", "statutes": {**statutes, "colleges": colleges}}


def posted_shares(form: Any, p: dict[str, Any]) -> dict[str, str]:
    """The share fields of the amendment form, by college code (`share-<code>`)."""
    return {f["code"]: str(form.get(f["id"], "")).strip()[:40] for f in share_fields(p)}
