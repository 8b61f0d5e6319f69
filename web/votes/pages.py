"""Member representatives: open votes, ballots and proxies, results, and past decisions."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired

from governance import clock
from governance.proposal import Proposal
from governance.statutes import Statutes
from governance.tally import CHOICES, Tally
from web.charts import Bar, bar_chart
from web.edge import (MEMBER, SECRETARY, actor, app, attempt, is_secretary, pole_or_404, proposal_of_pole, queries,
                      represented, require_pole_role)
from web.formatting import aware, pct
from web.forms import ConfirmForm
from web.labels import CHOICE_OPTIONS, KIND_OPTIONS, STATUS_OPTIONS
from web.votes.results import ballot_fields, ballot_text, election_results, parse_ballot
from web.votes.thread import deliberation_context, readable_proposal
from web.votes.standing import (holder_choices, member_name, member_names, related_members, single, standing_on,
                                voting_rights)

bp = Blueprint("votes", __name__, template_folder="templates")
PAGE_SIZE = 50
PARTICIPANTS_PAGE = 100  # rows of a proposal's participation table per page (a vote may have thousands)
CHOOSE = _l("Choose for, against or abstain.")
# What the ballot form sends for each choice: codes of one length, so that a network observer cannot tell
# "for" from the others by the size of the encrypted request (docs/secret-ballots.md). The full words are
# still accepted from clients that post them.
WIRE_CHOICES = {"for": "for", "agt": "against", "abs": "abstain"}
_WIRE_CODES = {choice: code for code, choice in WIRE_CHOICES.items()}


def _from_wire(value: Any) -> Any:
    """The choice a posted code stands for (a full word, or anything else, is left to the validators)."""
    return WIRE_CHOICES.get(value, value)
Page = str | tuple[str, int] | Response


class BallotForm(FlaskForm):
    member = SelectField(_l("Vote for"), validate_choice=False)  # checked against the user's rights instead
    choice = RadioField(_l("Your vote"), choices=[(_WIRE_CODES[c], label) for c, label in CHOICE_OPTIONS.items()],
                        coerce=_from_wire, validate_choice=False,
                        validators=[InputRequired(CHOOSE), AnyOf(CHOICES, CHOOSE)])


class ElectionBallotForm(FlaskForm):
    """The CSRF token and the member voted for; the answers per candidate are read by `parse_ballot`."""

    member = SelectField(_l("Vote for"), validate_choice=False)


class ProxyForm(FlaskForm):
    principal = SelectField(_l("Organisation giving its proxy"), validate_choice=False)
    holder = SelectField(_l("Give the proxy to"),
                         validators=[InputRequired(_l("Choose the member who will hold the proxy."))])


@bp.context_processor
def _labels() -> dict[str, dict[str, Any]]:
    return {"kind_options": KIND_OPTIONS, "status_options": STATUS_OPTIONS, "choice_options": CHOICE_OPTIONS}


# -- pages --------------------------------------------------------------------------------
@bp.get("/poles/<pole_id>/")
@login_required
def dashboard(pole_id: str) -> str:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    open_votes = sorted(queries().register(pole_id, status="open", limit=500), key=lambda p: p["closes_at"])
    aggregates = {p["id"]: app().get_proposal(p["id"]) for p in open_votes}
    names = member_names(pole_id, set(current_user.members_in(pole_id)).union(
        *(related_members(pole_id, a) for a in aggregates.values())))
    return render_template("votes/dashboard.html", pole=pole_or_404(pole_id), names=names,
                           votes=[_open_vote(pole_id, p, aggregates[p["id"]], names) for p in open_votes],
                           represented=[member_name(names, m) for m in current_user.members_in(pole_id)],
                           recent=_decisions(pole_id, 0, 5)[0])


@bp.get("/poles/<pole_id>/proposals/<proposal_id>")
@login_required
def proposal(pole_id: str, proposal_id: str) -> Page:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    # A draft under discussion (published, on an assembly's agenda, or an amendment) is the members' to read.
    return _proposal_page(pole_id, readable_proposal(pole_id, proposal_id), mark_seen=True)


@bp.get("/poles/<pole_id>/decisions")
@login_required
def decisions(pole_id: str) -> str:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    page = request.args.get("page", 1, type=int)
    rows, more = _decisions(pole_id, (page - 1) * PAGE_SIZE, PAGE_SIZE) if page >= 1 else ([], False)
    if not rows and page != 1:
        abort(404)
    return render_template("votes/decisions.html", pole=pole_or_404(pole_id), rows=rows, page=page, more=more)


# -- commands -------------------------------------------------------------------------------
@bp.post("/poles/<pole_id>/proposals/<proposal_id>/ballot")
@login_required
def cast(pole_id: str, proposal_id: str) -> Page:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    p = proposal_of_pole(pole_id, proposal_id)
    if p.get("election"):
        return _cast_election(pole_id, p)
    form = BallotForm()
    if not form.validate():
        return _proposal_page(pole_id, p, ballot_form=form, status=422)
    member = form.member.data or single(represented(pole_id)) or ""
    name = member_name(member_names(pole_id, [member]), member)
    if p["secret"]:
        done = _("The secret ballot of %(member)s is recorded. How it voted will not be shown, not even to you.",
                 member=name)
    else:
        done = _("The vote of %(member)s is recorded: %(choice)s.", member=name, choice=CHOICE_OPTIONS[form.choice.data])
    # The domain decides, on the one loaded proposal, whether the user votes for this member in person, by the
    # proxy one of theirs holds, or not at all (403): governance/standing.py.
    return _command(pole_id, p, lambda: app().cast_ballot(
        p["id"], member, form.choice.data, actor=actor(), represented=represented(pole_id)), done, ballot_form=form)


def _cast_election(pole_id: str, p: dict[str, Any]) -> Page:
    """An election ballot: one answer per candidate, in the candidates' order (web/votes/results.py), through the
    same standing and proxy rules as any ballot."""
    form = ElectionBallotForm()
    if not form.validate():
        abort(400)  # the CSRF token: every other field is read below
    aggregate = app().get_proposal(p["id"])
    ballot, problem = parse_ballot(request.form, aggregate)
    if ballot is None:
        return _proposal_page(pole_id, p, refusal=problem, status=422)
    member = form.member.data or single(represented(pole_id)) or ""
    name = member_name(member_names(pole_id, [member]), member)
    if p["secret"]:
        done = _("The secret ballot of %(member)s is recorded. How it voted will not be shown, not even to you.",
                 member=name)
    else:
        done = _("The ballot of %(member)s is recorded: %(choice)s.", member=name,
                 choice=ballot_text(aggregate, ballot))
    return _command(pole_id, p, lambda: app().cast_ballot(
        p["id"], member, ballot, actor=actor(), represented=represented(pole_id)), done)


@bp.post("/poles/<pole_id>/proposals/<proposal_id>/proxy")
@login_required
def grant_proxy(pole_id: str, proposal_id: str) -> Page:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    p = proposal_of_pole(pole_id, proposal_id)
    form = ProxyForm()
    principal = form.principal.data or single(represented(pole_id)) or ""
    form.holder.choices = holders = holder_choices(pole_id, app().get_proposal(p["id"]), principal)
    if not form.validate():
        return _proposal_page(pole_id, p, proxy_form=form, status=422)
    holder = next(c.label for c in holders if c.value == form.holder.data)
    return _command(pole_id, p, lambda: app().grant_proxy(p["id"], principal, form.holder.data, actor=actor(),
                                                          represented=represented(pole_id)),
                    _("Proxy given to %(holder)s for this proposal. You can revoke it until it is used.",
                      holder=holder), proxy_form=form)


@bp.post("/poles/<pole_id>/proposals/<proposal_id>/proxy/revoke")
@login_required
def revoke_proxy(pole_id: str, proposal_id: str) -> Page:
    require_pole_role(pole_id, MEMBER, SECRETARY)
    p = proposal_of_pole(pole_id, proposal_id)
    principal = request.form.get("principal") or single(represented(pole_id)) or ""  # CSRF is checked globally
    return _command(pole_id, p, lambda: app().revoke_proxy(p["id"], principal, actor=actor(),
                                                           represented=represented(pole_id)),
                    _("The proxy is revoked: your organisation votes for itself again."))


def _command(pole_id: str, p: dict[str, Any], command: Callable[[], Any], done: str, **forms: Any) -> Page:
    """Run the use case and redirect to the proposal with `done`, or re-render it with the refusal (422)."""
    refusal = attempt(command)[1]
    if refusal is not None:
        return _proposal_page(pole_id, p, refusal=refusal, status=422, **forms)
    flash(done, "success")
    return redirect(url_for("votes.proposal", pole_id=pole_id, proposal_id=p["id"]))


# -- building the pages ----------------------------------------------------------------------
def _proposal_page(pole_id: str, p: dict[str, Any], *, ballot_form: BallotForm | None = None,
                   proxy_form: ProxyForm | None = None, refusal: str | None = None, status: int = 200,
                   deliberation_forms: dict[str, Any] | None = None, mark_seen: bool = False) -> Page:
    aggregate = app().get_proposal(p["id"])
    effect = p["effect"] or {}
    names = member_names(pole_id, related_members(pole_id, aggregate) | {effect.get("member_id")})
    context: dict[str, Any] = {"pole": pole_or_404(pole_id), "p": p, "proposal": aggregate, "refusal": refusal,
                               "secretary": is_secretary(pole_id), "names": names,
                               "rules": aggregate.frozen_statutes if aggregate.rules else None,
                               "being_counted": _being_counted(p)}
    if p["status"] in ("open", "closed"):
        context.update(_participation(p, aggregate))
    if p["status"] == "open":
        context.update(_voting_context(pole_id, p, aggregate, names, ballot_form, proxy_form))
    if p["status"] == "closed" and p["tally"]:
        context.update(election_results(p, aggregate) if p.get("election") else _results(p))
    context["ballot_text"] = lambda ballot: ballot_text(aggregate, ballot)
    context.update(deliberation_context(pole_id, p, aggregate, deliberation_forms, mark_seen=mark_seen))
    if effect.get("type") == "amend_statutes":
        # Once closed, compare with what the vote amended (frozen at opening), not with its own outcome.
        in_force = queries().statutes_as_of(pole_id)
        current = aggregate.frozen_statutes if p["status"] == "closed" else (
            Statutes.from_dict(in_force["statutes"]) if in_force else None)
        context.update(current_statutes=current, proposed_statutes=Statutes.from_dict(effect["statutes"]))
    page = render_template("votes/proposal.html", **context)
    return page if status == 200 else (page, status)


def _voting_context(pole_id: str, p: dict[str, Any], aggregate: Proposal, names: dict[str, Any],
                    ballot_form: BallotForm | None, proxy_form: ProxyForm | None) -> dict[str, Any]:
    """The vote and proxy forms of an open proposal, offering only what the user may do."""
    ballots = queries().ballots_of(p["id"], related_members(pole_id, aggregate))
    rights = voting_rights(pole_id, aggregate, names)
    ballot_form = ballot_form or BallotForm(formdata=None)
    ballot_form.member.choices = [SelectChoice(r.member_id, r.name if r.proxy_holder is None else
                                               _("%(member)s (by proxy)", member=r.name)) for r in rights]
    if p["secret"]:
        ballot_form.choice.data = None  # not even the voter's own input is echoed back on a secret ballot
    elif len(rights) == 1 and ballot_form.choice.data is None:
        ballot_form.choice.data = (ballots.get(rights[0].member_id) or {}).get("choice")
    # A user voting for several members (theirs, or by the proxies they hold) gets no choice preselected: one
    # member's previous choice must not be sent, unnoticed, for another (web/static/vote-form.js clears the
    # choice when the member changes).
    standing = standing_on(pole_id, aggregate)
    proxy_form = proxy_form or ProxyForm(formdata=None)
    proxy_form.principal.choices = [SelectChoice(m, member_name(names, m)) for m in standing.givers]
    # Offered only to a user who may still give a proxy: the list names every elector (thousands on a large pole).
    proxy_form.holder.choices = holder_choices(pole_id, aggregate, single(standing.givers)) if standing.givers else []
    election = None
    if p.get("election"):
        current = (ballots.get(rights[0].member_id) or {}).get("choice") if len(rights) == 1 else None
        election = ballot_fields(aggregate, current)
    return {"election_ballot": election,
            "rights": rights, "ballots": ballots, "ballot_form": ballot_form, "proxy_form": proxy_form,
            "revoke_form": ConfirmForm(formdata=None), "own": standing.own, "not_elector": standing.not_elector,
            "given": standing.given, "held": list(standing.held.items()), "givers": standing.givers}


def _results(p: dict[str, Any]) -> dict[str, Any]:
    """The tally of a closed proposal, with its chart (the same figures as the table)."""
    tally = Tally.from_dict(p["tally"])
    bars = [Bar(c.name or c.code, c.share_in_favour or Fraction(0),
                _("%(favour)s in favour · weight %(weight)s",
                  favour=pct(c.share_in_favour) if c.share_in_favour is not None else _("no votes cast"),
                  weight=pct(c.effective_weight)))
            for c in tally.colleges]
    bars.append(Bar(_("Weighted result"), tally.result or Fraction(0), pct(tally.result), marker=tally.threshold))
    chart = bar_chart(
        _("Share in favour per college"),
        _("For each college, the share of votes cast in favour, and the weight it counted for. The last bar is "
          "the weighted result; the dashed line marks the threshold of %(threshold)s. The table gives the same "
          "figures.", threshold=pct(tally.threshold)), bars)
    names = {c.code: c.name or c.code for c in tally.colleges}
    return {"tally": tally, "chart": chart, "college_names": names,
            "revealing": [c for c in tally.colleges if c.reveals_ballots] if p["secret"] else [],
            "empty_names": [names.get(code, code) for code in tally.empty_colleges]}


def _open_vote(pole_id: str, p: dict[str, Any], aggregate: Proposal, names: dict[str, Any]) -> dict[str, Any]:
    """One open proposal on the dashboard: where each of the user's organisations stands."""
    standing = standing_on(pole_id, aggregate)
    ballots = queries().ballots_of(p["id"], related_members(pole_id, aggregate))
    described = (lambda m: ballot_text(aggregate, (ballots.get(m) or {}).get("choice"))  # noqa: E731
                 if aggregate.election is not None and not p["secret"] else None)
    orgs = [{"name": member_name(names, m), "elector": m in aggregate.electorate, "ballot": ballots.get(m),
             "proxy": standing.given.get(m), "choice_text": described(m)} for m in current_user.members_in(pole_id)]
    held = [{"principal": member_name(names, m), "status": proxy["status"], "ballot": ballots.get(m),
             "choice_text": described(m)} for m, proxy in standing.held.items()]
    to_do = any(o["elector"] and not o["ballot"] and not o["proxy"] for o in orgs) or any(
        h["status"] == "active" for h in held)
    return {"p": p, "orgs": orgs, "held": held, "to_do": to_do}


def _participation(p: dict[str, Any], aggregate: Proposal) -> dict[str, Any]:
    """Who took part, a page at a time (`?participants=N`); rm_ballots holds no choice for secret ballots,
    and none is shown before the close."""
    colleges = {c.code: c.name for c in aggregate.frozen_statutes.colleges}
    total = queries().ballot_count(p["id"])
    pages = max(1, -(-total // PARTICIPANTS_PAGE))
    page = request.args.get("participants", 1, type=int)
    if page < 1 or page > pages:
        abort(404)
    rows = queries().ballots_page(p["id"], offset=(page - 1) * PARTICIPANTS_PAGE, limit=PARTICIPANTS_PAGE)
    holders = member_names(p["pole_id"], (b["proxy_holder"] for b in rows))
    return {"participation": [
        {"name": b["name"], "college": colleges.get(aggregate.electorate.get(b["member_id"], ""), "—"),
         "choice": b["choice"] if p["status"] == "closed" and not p["secret"] else None,
         "choice_text": ballot_text(aggregate, b["choice"])
         if p["status"] == "closed" and not p["secret"] and aggregate.election is not None else None,
         "proxy_holder": member_name(holders, b["proxy_holder"]) if b["proxy_holder"] else None} for b in rows],
        "participants": total, "participants_page": page, "participants_pages": pages}


# -- reading a proposal ---------------------------------------------------------------------------
def _being_counted(p: dict[str, Any]) -> bool:
    """An open vote past its closing time: ballots are refused, the closer records the result shortly. A page
    never closes it itself (no GET writes): `collegia run`'s closer, or the projection worker, does."""
    return p["status"] == "open" and p["closes_at"] is not None and aware(p["closes_at"]) <= clock.now()


def _decisions(pole_id: str, offset: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """Closed and withdrawn proposals, most recently decided first; and whether more follow."""
    rows = queries().decisions(pole_id, limit=limit + 1, offset=offset)
    return rows[:limit], len(rows) > limit
