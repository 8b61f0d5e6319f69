"""The PTCE référentiel and assessment campaigns (issue 24): the pole's référentiel and its own versions, campaigns
opened by the secretary, each respondent's answers, the close and its frozen results, a strategy revision drafted
from them.

Secrets stay secret: a campaign whose individual answers are not shared (`individual_shared` false) answers only
who answered and when, and the aggregates after the close; a respondent's answers go back to that respondent only
(the members its token's user represents, or the user itself in mode people), never to a secretary or an admin.
When they are shared, the secretaries read them (`list_campaign_answers`). Refusals name their rule: 403
`not_permitted` for answers that are not the caller's, 409 `assessment` for results before the close.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from fractions import Fraction
from typing import Any

from flask import Response, url_for

from governance.assessment import MEMBERS, NO_COLLEGE, Campaign, summary
from governance.errors import AssessmentStateConflict, NotFound, NotPermitted
from governance.referentiel import SCALES, Referentiel, Stats
from web.api.auth import READERS, SECRETARIES, Access, can_read
from web.api.errors import ApiProblem
from web.api.routing import Created, operation
from web.api.schemas.referentiel import (AnswersPutSchema, CampaignAnswersSchema, CampaignOpenSchema,
                                         CampaignSchema, CampaignSummarySchema, OwnAnswersSchema,
                                         ReferentielSchema, ReferentielVersionSchema, ResultsSchema,
                                         RevisionDraftSchema, RevisionSchema, VersionQuery)
from governance import clock
from web.edge import (MEMBER, SECRETARY, accounts, actor, app, caller, current_statutes, is_secretary, pole_or_404,
                      queries, represented)

TAG = "Référentiel and campaigns"
CAMPAIGNS = "/poles/<pole_id>/campaigns"
CAMPAIGN = f"{CAMPAIGNS}/<campaign_id>"
ANSWERS = f"{CAMPAIGN}/answers"


def reader_or_named(pole_id: str, campaign_id: str, **_: Any) -> None:
    """Members and secretaries of the pole (and admins); in mode people, the people the campaign names too, though
    they hold no role in the pole."""
    pole_or_404(pole_id)
    if caller().is_admin or caller().roles_in(pole_id) & {MEMBER, SECRETARY}:
        return
    try:
        campaign = app().get_campaign(campaign_id)
    except NotFound:
        campaign = None
    if campaign is None or str(campaign.pole_id) != str(pole_id) or campaign.mode == MEMBERS or not mine(campaign):
        can_read(pole_id)  # its refusal: 403


def answering(pole_id: str, campaign_id: str, respondent: str, **_: Any) -> None:
    """Only the respondent answers (checked before the body is read): 404 for a campaign of another pole, 403
    `not_permitted` for a respondent the caller does not answer for — a secretary, an admin included."""
    reader_or_named(pole_id, campaign_id)
    campaign = campaign_of(pole_id, campaign_id)
    answering_for(campaign, respondent_id(campaign, respondent))


NAMED = " (mode people: the people named, with or without a role in the pole)"
CAMPAIGN_READERS = Access(READERS.description + NAMED, reader_or_named)
RESPONDENTS = Access("the respondent only: a representative, for a member it represents (mode members); the person "
                     "named, for themself (mode people)", answering)
OWN_READERS = Access("the respondent only (a representative, for a member it represents; the person named); when "
                     "the campaign shares individual answers, the pole's secretaries too", reader_or_named)
CLOSED_READERS = Access(READERS.description + " (once the campaign is closed)", READERS.check)


# -- plain values ------------------------------------------------------------------------------------
def exact(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def stats_view(st: Stats) -> dict[str, Any]:
    return {"n": st.n, "distribution": {str(k): v for k, v in sorted(st.distribution.items())},
            "median": exact(st.median), "mean": exact(st.mean), "reveals": st.reveals}


def summary_view(framework: Referentiel, results: dict[str, Any], college: str | None = None) -> dict[str, Any]:
    s = summary(framework, results, college)

    def both(groups: dict[str, dict[str, Stats]]) -> dict[str, Any]:
        return {ident: {scale: stats_view(st[scale]) for scale in SCALES} for ident, st in groups.items()}
    return {"respondents": s["respondents"], "indicators": both(s["indicators"]), "objectives": both(s["objectives"]),
            "generals": both(s["generals"]),
            "gaps": [{"indicator": g["indicator"], "gap": exact(g["gap"]), "importance": exact(g["importance"]),
                      "achievement": exact(g["achievement"])} for g in s["gaps"]]}


# -- finding a campaign of this pole -------------------------------------------------------------------
def campaign_of(pole_id: str, campaign_id: str) -> Campaign:
    """The campaign, if it is this pole's (as its register holds it now); 404 otherwise."""
    try:
        campaign = app().get_campaign(campaign_id)
    except NotFound:
        campaign = None
    if campaign is None or str(campaign.pole_id) != str(pole_id):
        raise ApiProblem(404, f"No campaign {campaign_id} in this pole.")
    return campaign


def member_names(pole_id: str) -> dict[str, str]:
    return {m["id"]: m["name"] for m in queries().members(pole_id)}


ACTOR_NAME = re.compile(r".+ <([^<>\s]+@[^<>\s]+)>")


def email_of(ident: str) -> str:
    """The e-mail address a named person is known by ('Name <e-mail>', as events name people)."""
    match = ACTOR_NAME.fullmatch(ident)
    return (match.group(1) if match else ident).casefold()


def mine(campaign: Campaign) -> list[str]:
    """The respondents the caller answers for: the members it represents, or itself in mode people (named as its
    events name it, or by its e-mail address: a name changed since does not matter)."""
    ids = [r["id"] for r in campaign.respondents]
    if campaign.mode == MEMBERS:
        own = set(represented(str(campaign.pole_id)))
        return [i for i in ids if i in own]
    me = caller().email.casefold()
    return [i for i in ids if i == actor() or email_of(i) == me]


def respondent_id(campaign: Campaign, respondent: str) -> str:
    """The respondent as the campaign names it: in mode people, a person may be given by their e-mail address."""
    ids = [r["id"] for r in campaign.respondents]
    if respondent in ids or campaign.mode == MEMBERS:
        return respondent
    return next((i for i in ids if email_of(i) == respondent.casefold()), respondent)


def named_people(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The people a campaign names, as their events name them ('Name <e-mail>', the pages' way): each is given by
    the e-mail address of an account (or already so named); 422 naming the entry otherwise."""
    named, errors = [], {}
    for n, person in enumerate(people):
        ident = person["id"].strip()
        if not ACTOR_NAME.fullmatch(ident):
            account = accounts().find_by_email(ident) if "@" in ident else None
            if account is None:
                errors[f"people.{n}.id"] = ["No account has this e-mail address: a named person answers with their "
                                            "own token."]
                continue
            ident = f"{account['name']} <{account['email']}>"
        named.append({**person, "id": ident})
    if errors:
        raise ApiProblem(422, "Some fields are invalid: see errors.", kind="validation", errors=errors)
    return named


def participation(campaign: Campaign) -> dict[str, dict[str, Any]]:
    """Who answered and when, and how many times again (the read model's): never what."""
    return {row["respondent"]: row for row in queries().campaign_participation(str(campaign.id))}


def respondent_view(respondent: dict[str, str], names: dict[str, str],
                    answered: dict[str, dict[str, Any]]) -> dict[str, Any]:
    row = answered.get(respondent["id"]) or {}
    return {"respondent": respondent["id"], "name": names.get(respondent["id"]), "college": respondent["college"],
            "answered_at": row.get("answered_at"), "changes": row.get("changes", 0) if row else None}


def status_of(closed: bool, opens_on: date | str) -> str:
    if closed:
        return "closed"
    return "planned" if clock.today().isoformat() < str(opens_on) else "open"


def campaign_view(campaign: Campaign) -> dict[str, Any]:
    """The campaign as its register holds it now (the read model's times when it has caught up): never what anyone
    answered."""
    pole_id = str(campaign.pole_id)
    row = queries().campaign(str(campaign.id)) or {}
    names = member_names(pole_id) if campaign.mode == MEMBERS else {}
    own = set(mine(campaign))
    answered = participation(campaign)
    revisions = []
    for r in campaign.revisions:
        p = queries().proposal(r["proposal_id"])
        revisions.append({**r, "title": p["title"] if p else None, "status": p["status"] if p else None})
    return {
        "id": str(campaign.id), "pole_id": pole_id, "title": campaign.title,
        "opens_on": date.fromisoformat(campaign.opens_on), "closes_on": date.fromisoformat(campaign.closes_on),
        "referentiel_version": campaign.referentiel["version"], "mode": campaign.mode,
        "individual_shared": campaign.individual_shared, "status": status_of(campaign.closed, campaign.opens_on),
        "answering": campaign.answering(), "invited": len(campaign.respondents), "answered": len(campaign.answers),
        "opened_at": row.get("opened_at") or campaign.created_on, "closed_at": row.get("closed_at"),
        "referentiel": campaign.referentiel,
        "mine": [respondent_view(r, names, answered) for r in campaign.respondents if r["id"] in own],
        "participation": [respondent_view(r, names, answered) for r in campaign.respondents]
        if is_secretary(pole_id) else None,
        "revisions": revisions}


# -- the référentiel ---------------------------------------------------------------------------------------
@operation("/poles/<pole_id>/referentiel", summary="The pole's référentiel: its latest version, or another",
           tag=TAG, access=READERS, query=VersionQuery, response=ReferentielSchema,
           description="Version 1 is the Labo de l'ESS's (25 June 2012): three general objectives, nine principal "
                       "objectives (a … i), their indicators, the importance scale 1–6 and the default achievement "
                       "scale 1–4. The pole's own versions are numbered from 2.")
def get_referentiel(pole_id: str, query: dict[str, Any]) -> dict[str, Any]:
    book = app().referentiel_book(pole_id)
    latest = 1 + (len(book.versions) if book else 0)
    version = query.get("version") or latest
    if version > latest:
        raise ApiProblem(404, f"No version {version} of the pole's référentiel (the latest is {latest}).")
    return {**app().referentiel(pole_id, version).to_dict(), "latest": latest}


@operation("/poles/<pole_id>/referentiel/versions", "POST", summary="Adopt a version of the pole's own", tag=TAG,
           access=SECRETARIES, body=ReferentielVersionSchema, response=ReferentielSchema, status=201, command=True,
           description="The whole référentiel: wording adapted, indicators added, the achievement scale chosen. It is "
                       "numbered from 2 (answered in `version`); campaigns already opened keep theirs. 409 when it "
                       "reads like the latest version; 422 with rule `assessment` for an identifier used twice.")
def adopt_referentiel(pole_id: str, body: dict[str, Any]) -> Created:
    number = app().adopt_referentiel(pole_id, referentiel=body, actor=actor())
    return Created({**app().referentiel(pole_id, number).to_dict(), "latest": number},
                   url_for("api.get_referentiel", pole_id=pole_id, version=number))


# -- campaigns ------------------------------------------------------------------------------------------------
@operation(CAMPAIGNS, summary="The pole's assessment campaigns, the newest first", tag=TAG, access=READERS,
           response=CampaignSummarySchema, many=True,
           description="Each with how many respondents it asks and how many answered; never what.")
def list_campaigns(pole_id: str) -> list[dict[str, Any]]:
    return [{**row, "status": status_of(row["closed"], row["opens_on"])} for row in queries().campaigns(pole_id)]


@operation(CAMPAIGNS, "POST", summary="Open an assessment campaign", tag=TAG, access=SECRETARIES,
           body=CampaignOpenSchema, response=CampaignSchema, status=201, command=True,
           description="With a version of the référentiel (copied whole: later versions never change it). Mode "
                       "members: every member admitted now answers through its representatives, counted in its "
                       "college; mode people: the people named answer with their own token. Individual answers are "
                       "sealed unless `individual_shared`. 422 with rule `assessment` for a date in the past, a "
                       "college the statutes lack, no respondent.")
def open_campaign(pole_id: str, body: dict[str, Any]) -> Created:
    campaign_id = app().open_campaign(
        pole_id, title=body["title"], opens_on=body["opens_on"], closes_on=body["closes_on"], version=body["version"],
        mode=body["mode"], people=named_people(body["people"]) or None,
        individual_shared=body["individual_shared"], actor=actor())
    return Created(campaign_view(campaign_of(pole_id, str(campaign_id))),
                   url_for("api.get_campaign", pole_id=pole_id, campaign_id=str(campaign_id)))


@operation(CAMPAIGN, summary="Read a campaign: its référentiel, its status, whom you answer for", tag=TAG,
           access=CAMPAIGN_READERS, response=CampaignSchema,
           description="Secretaries see who answered and when (`participation`); nobody sees here what anyone "
                       "answered.")
def get_campaign(pole_id: str, campaign_id: str) -> dict[str, Any]:
    return campaign_view(campaign_of(pole_id, campaign_id))


def own_view(campaign: Campaign, respondent: str, answers: dict[str, Any]) -> dict[str, Any]:
    who = campaign.respondent(respondent)
    row = participation(campaign).get(who["id"]) or {}
    return {"campaign_id": str(campaign.id), "respondent": who["id"], "college": who["college"],
            "answered_at": row.get("answered_at"), "answers": answers}


def answering_for(campaign: Campaign, respondent: str) -> str:
    """The respondent, if the caller answers for it; 403 (rule `not_permitted`) otherwise, even for a secretary."""
    if respondent not in mine(campaign):
        raise NotPermitted("you answer only for yourself or for the members you represent")
    return respondent


@operation(f"{ANSWERS}/<respondent>", "PUT", summary="Answer the campaign, or change your answers", tag=TAG,
           access=RESPONDENTS, body=AnswersPutSchema, response=OwnAnswersSchema, command=True,
           description="Per indicator: importance, achievement (on the campaign's scales) and a justification, each "
                       "optional; an unknown indicator is refused by name (422 `invalid_input`). Each answer replaces "
                       "the earlier one until the campaign closes (409 `assessment` before it opens, after its "
                       "last day or once closed). 403 `not_permitted` for a respondent you do not answer for. Answers "
                       "you give back to you only, unless the campaign shares them with the secretaries.")
def answer_campaign(pole_id: str, campaign_id: str, respondent: str, body: dict[str, Any]) -> dict[str, Any]:
    campaign = campaign_of(pole_id, campaign_id)
    who = answering_for(campaign, respondent_id(campaign, respondent))
    if campaign.mode == MEMBERS:
        app().answer_campaign(campaign.id, respondent=who, answers=body["answers"], actor=actor(),
                              represented=represented(pole_id))
    else:  # a named person answers for themself: the event names them as the campaign does
        app().answer_campaign(campaign.id, respondent=who, answers=body["answers"], actor=who)
    campaign = campaign_of(pole_id, campaign_id)
    return own_view(campaign, who, app().own_answers(campaign.id, respondent=who))


@operation(f"{ANSWERS}/<respondent>", summary="Read your answers back", tag=TAG, access=OWN_READERS,
           response=OwnAnswersSchema,
           description="The respondent's own answers while the campaign is open (empty once closed: they are frozen "
                       "in the results). Anyone else gets 403 `not_permitted` — a secretary too, unless the campaign "
                       "shares individual answers.")
def get_own_answers(pole_id: str, campaign_id: str, respondent: str) -> dict[str, Any]:
    campaign = campaign_of(pole_id, campaign_id)
    respondent = respondent_id(campaign, respondent)
    if respondent in mine(campaign):
        return own_view(campaign, respondent, app().own_answers(campaign.id, respondent=respondent))
    if not (campaign.individual_shared and is_secretary(pole_id)):
        raise NotPermitted("a respondent's answers are its own: this campaign does not share them")
    campaign.respondent(respondent)
    return own_view(campaign, respondent, app().campaign_answers(campaign.id).get(respondent, {}))


@operation(ANSWERS, summary="Every respondent's answers, when the campaign shares them", tag=TAG,
           access=SECRETARIES, response=CampaignAnswersSchema, many=True,
           description="Only for a campaign opened with `individual_shared` (403 `not_permitted` otherwise: its "
                       "answers are sealed, only the results are published). The respondents who answered, in the "
                       "campaign's order.")
def list_campaign_answers(pole_id: str, campaign_id: str) -> list[dict[str, Any]]:
    campaign = campaign_of(pole_id, campaign_id)
    answers = app().campaign_answers(campaign.id)
    names = member_names(pole_id) if campaign.mode == MEMBERS else {}
    answered = participation(campaign)
    return [{**respondent_view(r, names, answered), "answers": answers[r["id"]]}
            for r in campaign.respondents if r["id"] in answers]


@operation(f"{CAMPAIGN}/close", "POST", summary="Close the campaign: its results are frozen", tag=TAG,
           access=SECRETARIES, response=CampaignSchema, command=True,
           description="The distributions per college and indicator, and the justifications without their authors, "
                       "are kept; sealed answers are opened only to count them. 409 `assessment` when already "
                       "closed. Also before its last day.")
def close_campaign(pole_id: str, campaign_id: str) -> dict[str, Any]:
    campaign = campaign_of(pole_id, campaign_id)
    app().close_campaign(campaign.id, actor=actor())
    return campaign_view(campaign_of(pole_id, campaign_id))


def results_of(pole_id: str, campaign_id: str) -> tuple[Campaign, dict[str, Any]]:
    campaign = campaign_of(pole_id, campaign_id)
    if not campaign.closed or campaign.results is None:
        raise AssessmentStateConflict("the results are published when the campaign closes")
    framework = campaign.framework
    results = campaign.results
    names = {c["code"]: c["name"] for c in current_statutes(pole_id).get("colleges") or []}
    order = list(names)
    present = {r["college"] for r in campaign.respondents} | set(results.get("colleges") or {})
    colleges = sorted(present, key=lambda c: (c == NO_COLLEGE, order.index(c) if c in order else len(order), c))
    row = queries().campaign(str(campaign.id)) or {}
    return campaign, {
        "campaign_id": str(campaign.id), "title": campaign.title,
        "referentiel_version": campaign.referentiel["version"], "closed_at": row.get("closed_at"),
        "invited": results.get("invited", len(campaign.respondents)),
        "overall": summary_view(framework, results),
        "colleges": [{"code": c, "name": names.get(c) if c else None, **summary_view(framework, results, c)}
                     for c in colleges],
        "justifications": {k: list(v) for k, v in (results.get("justifications") or {}).items()}}


@operation(f"{CAMPAIGN}/results", summary="A closed campaign's results, overall and per college", tag=TAG,
           access=CLOSED_READERS, response=ResultsSchema, errors=(409,),
           description="Per indicator, principal and general objective: importance and achievement, each with its "
                       "distribution, median and mean (exact fractions as text) and `reveals` (every rating alike: "
                       "each respondent's is known); the gaps, widest first; the justifications without their "
                       "authors. 409 `assessment` before the close.")
def get_campaign_results(pole_id: str, campaign_id: str) -> dict[str, Any]:
    return results_of(pole_id, campaign_id)[1]


CSV_COLUMNS = ("college", "level", "id", "title", "scale", "n", "median", "mean", "reveals",
               *(f"rated_{n}" for n in range(1, 11)))


def cell(value: Any) -> str:
    """Free text, neutralised so that a spreadsheet never runs it as a formula (as the pages' exports)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def decimal(value: str | None) -> str:
    return "" if value is None else f"{float(Fraction(value)):.2f}"


def results_csv(campaign: Campaign, results: dict[str, Any]) -> str:
    """One line per college (empty: everyone; `-`: outside the colleges), level (general, objective, indicator),
    item and scale: n, median, mean (two decimals), reveals, and how many gave each point."""
    framework = campaign.framework
    titles = {**{g.id: g.title for g in framework.generals}, **{o.id: o.title for o in framework.objectives},
              **{i.id: i.wording for i in framework.indicators}}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    groups = [("", results["overall"])] + [(c["code"] or "-", c) for c in results["colleges"]]
    for college, group in groups:
        for level, key in (("general", "generals"), ("objective", "objectives"), ("indicator", "indicators")):
            for ident, scales in group[key].items():
                for scale in SCALES:
                    st = scales[scale]
                    counts = [st["distribution"].get(str(n), "") for n in range(1, 11)]
                    writer.writerow([cell(college), level, cell(ident), cell(titles.get(ident, "")), scale, st["n"],
                                     decimal(st["median"]), decimal(st["mean"]), "yes" if st["reveals"] else "no",
                                     *counts])
    return out.getvalue()


@operation(f"{CAMPAIGN}/results.csv", summary="A closed campaign's results as CSV", tag=TAG, access=CLOSED_READERS,
           errors=(409,),
           description="`text/csv`, semicolon-separated, UTF-8 with a byte order mark: one line per college (empty: "
                       "everyone; `-`: outside the colleges), level (general, objective, indicator), item and scale, "
                       "with n, median, mean (two decimals), reveals and how many gave each point (rated_1 …). 409 "
                       "`assessment` before the close.")
def export_campaign_results(pole_id: str, campaign_id: str) -> Response:
    campaign, results = results_of(pole_id, campaign_id)
    filename = f"resultats-{campaign.id}.csv"
    return Response("\ufeff" + results_csv(campaign, results), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@operation(f"{CAMPAIGN}/revisions", "POST", summary="Draft a strategy revision from a closed campaign's objective",
           tag=TAG, access=SECRETARIES, body=RevisionDraftSchema, response=RevisionSchema, status=201, command=True,
           description="A draft proposal whose effect revises the shared strategy (its text); the campaign records "
                       "the link. 409 `assessment` before the close; 422 `invalid_input` for an objective the "
                       "campaign's référentiel lacks. `Location` is the proposal.")
def draft_strategy_revision(pole_id: str, campaign_id: str, body: dict[str, Any]) -> Created:
    campaign = campaign_of(pole_id, campaign_id)
    proposal_id = str(app().draft_revision_from_campaign(campaign.id, objective=body["objective"],
                                                         title=body["title"], text=body["text"], actor=actor()))
    p = queries().proposal(proposal_id)
    return Created({"proposal_id": proposal_id, "objective": body["objective"],
                    "title": p["title"] if p else body["title"], "status": p["status"] if p else "draft"},
                   url_for("api.get_proposal", pole_id=pole_id, proposal_id=proposal_id))
