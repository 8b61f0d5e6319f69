"""What a network's coordinators read of a pole (issue 24): strictly what the pole agreed to share when it joined.

`shared_view(pole_id, network_id)` is the one place this is decided; the network's pages, its CSV export and the API
use it. It reads `Queries.pole_networks` (the shares the pole's adopted decision recorded) and adds a figure only
for a share the pole gave:

- "referentiel": per closed self-assessment campaign, per principal objective, the median and mean of importance
  and of achievement, for everyone and per college, with the number of respondents. Never an individual answer, never
  a justification (free text could identify who wrote it), never a distribution; and no figure of a group too small
  to hide its respondents:
  - a group (everyone, or a college) with fewer than `MIN_GROUP` respondents is withheld;
  - a college is shown only with `MIN_GROUP` respondents at least, and only while the colleges withheld hold
    together none or `MIN_GROUP` respondents at least (else everyone's figures less the shown colleges' would give
    the withheld ones' away): the smallest shown colleges are withheld too until they do;
  - a figure whose ratings are all the same (`Stats.reveals`: each respondent's rating is then known) is withheld.
- "members": how many admitted members of each kind (never who).
- "decisions": how many proposals were decided (never what, nor how anyone voted).
- "assemblies": the day of the latest general assembly held.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from governance.assessment import summary
from governance.effects import NETWORK_SHARES
from governance.errors import DomainError
from governance.referentiel import ACHIEVEMENT, IMPORTANCE, SCALES, Referentiel, Stats, normalised
from projections.queries import Queries

MIN_GROUP = 3  # respondents: a smaller group's medians and means would come close to its members' own answers


def _queries() -> Queries:
    from web.edge import queries
    return queries()


def membership(pole_id: str, network_id: str, q: Queries | None = None) -> dict[str, Any] | None:
    """The pole's membership of the network (shares, since, decision_id), or None when it is not in it."""
    q = q or _queries()
    return next((n for n in q.pole_networks(str(pole_id)) if n["network_id"] == str(network_id)), None)


def shared_view(pole_id: str, network_id: str, *, q: Queries | None = None) -> dict[str, Any]:
    """What the network's coordinators may read of the pole: `shares` (what the pole shares, in `NETWORK_SHARES`'s
    order), `since` (the day it joined), `decision_id` (the adopted proposal that made it join: `decision` holds
    its title), then one key per share given: `referentiel` (list, the latest closed campaign first), `members`
    ({kind: count}), `decisions` (int), `last_assembly_on` (date or None). A pole not in the network shares nothing:
    `joined` is False and no figure is given."""
    q = q or _queries()
    joined = membership(pole_id, network_id, q)
    shares = [s for s in NETWORK_SHARES if joined and s in joined["shares"]]
    view: dict[str, Any] = {"pole_id": str(pole_id), "network_id": str(network_id), "joined": joined is not None,
                            "shares": shares, "since": joined["since"] if joined else None,
                            "decision_id": joined["decision_id"] if joined else None, "decision": None}
    if joined is None:
        return view
    decision = q.proposal(joined["decision_id"]) if joined.get("decision_id") else None
    if decision is not None and decision["pole_id"] == str(pole_id):
        view["decision"] = {"id": decision["id"], "title": decision["title"], "closed_at": decision.get("closed_at")}
    if "referentiel" in shares:
        colleges = _college_names(q, pole_id)
        view["referentiel"] = [figures for c in q.campaigns(str(pole_id)) if c["closed"] and c.get("results")
                               for figures in [campaign_figures(c, colleges)] if figures is not None]
    if "members" in shares:
        view["members"] = dict(q.member_counts_by_kind(str(pole_id)))
    if "decisions" in shares:
        view["decisions"] = int(q.decision_count(str(pole_id)))
    if "assemblies" in shares:
        view["last_assembly_on"] = q.last_assembly_on(str(pole_id))
    return view


def _college_names(q: Queries, pole_id: str) -> dict[str, str]:
    version = q.statutes_as_of(str(pole_id))
    colleges = ((version or {}).get("statutes") or {}).get("colleges") or []
    return {c.get("code", ""): c.get("name") or c.get("code", "") for c in colleges}


def campaign_figures(campaign: dict[str, Any], colleges: dict[str, str]) -> dict[str, Any] | None:
    """A closed campaign's shareable figures (see the module's rules), or None when its référentiel cannot be read."""
    try:
        framework = Referentiel.from_dict(campaign["referentiel"])
    except (DomainError, TypeError, KeyError):
        return None
    results = campaign["results"]
    groups = {code: g.get("respondents", 0) for code, g in (results.get("colleges") or {}).items()}
    everyone = _group(framework, summary(framework, results))
    answered = {code: n for code, n in groups.items() if n}
    shown = shown_colleges(answered) if len(answered) > 1 else []
    return {
        "campaign_id": campaign["id"], "title": campaign["title"], "opens_on": campaign["opens_on"],
        "closes_on": campaign["closes_on"], "closed_at": campaign.get("closed_at"),
        "referentiel_version": campaign.get("referentiel_version"), "invited": results.get("invited"),
        "respondents": everyone["respondents"],
        "scales": {s: framework.scale(s).points for s in SCALES},
        "objectives": [{"id": o.id, "title": o.title, "general": framework.general_of(o.id).title}
                       for o in framework.objectives],
        "everyone": everyone,
        # a single college that answered is everyone: its figures are everyone's, not repeated
        "colleges": [{"code": code, "name": colleges.get(code, code), **_group(framework, summary(framework, results,
                                                                                                   code))}
                     for code in sorted(shown, key=lambda c: (c == "", colleges.get(c, c)))],
        "colleges_withheld": len(answered) > 1 and len(shown) < len(answered),
    }


def shown_colleges(answered: dict[str, int]) -> list[str]:
    """The colleges whose figures may be shown (see the module's rules): `answered` is college → respondents."""
    shown = sorted((code for code, n in answered.items() if n >= MIN_GROUP), key=lambda c: (answered[c], c))
    withheld = sum(n for code, n in answered.items() if code not in shown)
    while shown and 0 < withheld < MIN_GROUP:
        withheld += answered[shown.pop(0)]
    return shown if len(shown) > 1 or withheld else []  # one college alone shown would be everyone


def _group(framework: Referentiel, stats: dict[str, Any]) -> dict[str, Any]:
    """One group's figures per principal objective: {respondents, withheld, objectives: {id: {scale: figure}}}."""
    respondents = int(stats["respondents"])
    withheld = respondents < MIN_GROUP
    objectives = {} if withheld else {
        o.id: {s: _figure(stats["objectives"][o.id][s], framework.scale(s).points) for s in SCALES}
        for o in framework.objectives}
    return {"respondents": respondents, "withheld": withheld, "objectives": objectives}


def _figure(st: Stats, points: int) -> dict[str, Any]:
    """A median and a mean (floats; the mean's share of its scale, for the radar), or why there is none."""
    if st.n == 0 or st.median is None or st.mean is None:
        return {"median": None, "mean": None, "share": None, "withheld": None}
    if st.reveals:
        return {"median": None, "mean": None, "share": None, "withheld": "reveals"}
    share = normalised(st.mean, points)
    return {"median": float(st.median), "mean": round(float(st.mean), 2),
            "share": None if share is None else float(share), "withheld": None}


def latest_campaign(view: dict[str, Any]) -> dict[str, Any] | None:
    """The latest closed campaign the pole shares (for its radar), or None."""
    return next(iter(view.get("referentiel") or []), None)


def radar_series(campaign: dict[str, Any]) -> list[dict[str, Any]]:
    """Everyone's achievement and importance (means, as shares of their scales) per principal objective."""
    everyone = campaign["everyone"]
    if everyone["withheld"]:
        return []
    ids = [o["id"] for o in campaign["objectives"]]
    return [{"scale": scale, "style": "all" if scale == ACHIEVEMENT else "importance",
             "values": [everyone["objectives"].get(i, {}).get(scale, {}).get("share") for i in ids]}
            for scale in (ACHIEVEMENT, IMPORTANCE)]


def as_json(value: Any) -> Any:
    """A view as plain JSON data (dates as ISO days)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
