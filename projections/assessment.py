"""The assessment projection (issue 24): a pole's self-assessment campaigns with the PTCE référentiel (rm_campaigns),
who answered them and when (rm_campaign_answers), the strategy revisions drafted from them (rm_campaign_revisions),
and the regional networks the pole joined by decision (rm_pole_networks).

What a respondent answered is never read here: a campaign's answers not shared are sealed in the events (and left out
of the audit trail: projections/decoding.py), and even shared ones stay in the events (the secretary reads them
through Collegia.campaign_answers). A row says who answered, when, and how many times they answered again; the
results are the frozen distributions of the close.

The pole's own versions of the référentiel (ReferentielBook) have no rows: the pages read them from the book, one
aggregate per pole found by its id, and each campaign keeps the whole version it was opened with."""

from __future__ import annotations

from datetime import UTC
from typing import Any, Sequence

from governance.assessment import Campaign
from governance.convocation import paris_day
from governance.pole import Pole
from projections import tables as t
from projections.batch import Batch, Projection, _id, _named, utc


def campaign_opened(b: Batch, e: Any, pos: int) -> None:
    respondents = {str(r["id"]): r.get("college") or "" for r in e.respondents}
    b.rows(t.campaigns).insert(
        id=_id(e), pole_id=str(e.pole_id), title=e.title, opens_on=e.opens_on, closes_on=e.closes_on,
        referentiel_version=int(e.referentiel["version"]), referentiel=e.referentiel, mode=e.mode,
        individual_shared=bool(e.individual_shared), respondents=respondents, invited=len(respondents), answered=0,
        closed=False, opened_by=e.actor, opened_at=utc(e.timestamp), closed_at=None, results=None)


def assessment_answered(b: Batch, e: Any, pos: int) -> None:
    """Who answered and when; `e.answers` (sealed, or plain when shared) is not read."""
    campaign = b.rows(t.campaigns).get(_id(e))
    if campaign is None:
        return
    at = utc(e.timestamp)
    answers = b.rows(t.campaign_answers)
    row = answers.get(_id(e), e.respondent)
    if row is None:
        answers.insert(campaign_id=_id(e), respondent=e.respondent, pole_id=campaign["pole_id"],
                       college=(campaign["respondents"] or {}).get(e.respondent, ""), first_answered_at=at,
                       answered_at=at, changes=0)
        b.rows(t.campaigns).update(_id(e), answered=campaign["answered"] + 1)
    else:
        answers.update(_id(e), e.respondent, answered_at=at, changes=row["changes"] + 1)


def revision_drafted(b: Batch, e: Any, pos: int) -> None:
    campaign = b.rows(t.campaigns).get(_id(e))
    if campaign is None:
        return
    b.rows(t.campaign_revisions).insert(
        campaign_id=_id(e), proposal_id=str(e.proposal_id), pole_id=campaign["pole_id"], objective=e.objective,
        actor=e.actor, drafted_at=utc(e.timestamp))


def network_joined(b: Batch, e: Any, pos: int) -> None:
    """Joined (or what it shares changed): the row as the pole's `networks` entry reads, since the decision's day."""
    values = {"shares": list(e.shares), "since": e.on,
              "decision_id": str(e.proposal_id), "left_on": None, "left_decision_id": None}
    networks = b.rows(t.pole_networks)
    if not networks.update(_id(e), e.network_id, **values):
        networks.insert(pole_id=_id(e), network_id=e.network_id, **values)


def network_left(b: Batch, e: Any, pos: int) -> None:
    b.rows(t.pole_networks).update(_id(e), e.network_id, left_on=paris_day(utc(e.timestamp).replace(tzinfo=UTC))
                                   .isoformat(), left_decision_id=str(e.proposal_id))


def _prefetch(b: Batch, events: Sequence[Any]) -> None:
    answered = _named(events, Campaign.AssessmentAnswered)
    b.rows(t.campaigns).prefetch((_id(e),) for e in _named(events, Campaign.AssessmentAnswered,
                                                          Campaign.CampaignClosed, Campaign.StrategyRevisionDrafted))
    b.rows(t.campaign_answers).prefetch((_id(e), e.respondent) for e in answered)
    b.rows(t.pole_networks).prefetch((_id(e), e.network_id) for e in _named(events, Pole.NetworkJoined,
                                                                              Pole.NetworkLeft))


ASSESSMENT = Projection("assessment", (t.campaigns, t.campaign_answers, t.campaign_revisions, t.pole_networks), {
    Campaign.CampaignOpened: campaign_opened,
    Campaign.AssessmentAnswered: assessment_answered,
    Campaign.CampaignClosed: lambda b, e, p: b.rows(t.campaigns).update(_id(e), closed=True,
                                                                         closed_at=utc(e.timestamp),
                                                                         results=e.results),
    Campaign.StrategyRevisionDrafted: revision_drafted,
    Pole.NetworkJoined: network_joined,
    Pole.NetworkLeft: network_left,
}, _prefetch)
