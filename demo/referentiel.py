"""The demo's self-assessments with the PTCE référentiel and its regional network (issue 24).

- Drôme Coopère assessed itself in December 2025 with the Labo de l'ESS référentiel (closed in January 2026), as its
  strategy v2 says it will every year (« Évaluer chaque année la coopération avec le référentiel du Labo de
  l'ESS »); the 2026 campaign is open now, answered by most members — the three demo member logins have not
  answered yet. Answers are not shared with the secretary: only the aggregates are.
- The « Cellule régionale des PTCE » of a fictional regional chamber (CRESS) is a network the demo instance
  declares; Drôme Coopère joined it by a decision of September 2026, sharing its référentiel results, its member
  counts, its number of decisions and its last assembly's date. A second, smaller demo pole, « Royans-Vercors
  Coopération », joined it too, sharing its référentiel results and member counts only.

The ratings are made up, deterministic (a seeded generator per member and year), with a tendency per college and
objective so that the colleges do not see the pole alike (the local authorities rate the territory higher than the
employees do; everyone sees the research objective h as weak), and a year of progress on the logistics and
evaluation objectives the strategy v2 set.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from governance.application import Collegia
from governance.clock import frozen_time
from governance.referentiel import SEED

NETWORK_ID = uuid5(NAMESPACE_URL, "https://collegia.coop/demo/network/cellule-ptce")
NETWORK = {"name": "Cellule régionale des PTCE — CRESS (démo)",
           "description": "Le réseau régional qui accompagne les pôles territoriaux de coopération économique du "
                          "territoire (démonstration : organisation fictive)."}
COORDINATOR = ("ines.garcia@cress-region.example", "Inès Garcia")
ALL_SHARES = ["assemblies", "decisions", "members", "referentiel"]

# Achievement (1–4) the pole's members give each principal objective before the college's and the year's turn.
ACHIEVED = {"a": 3, "b": 2, "c": 3, "d": 3, "e": 2, "f": 3, "g": 2, "h": 1, "i": 3}
IMPORTANT = {"a": 5, "b": 5, "c": 4, "d": 6, "e": 5, "f": 5, "g": 5, "h": 4, "i": 6}  # importance (1–6)
# How each college's view differs, per general objective.
COLLEGE_TURN = {"salaries": {"territoire": -1, "economie": 0}, "usagers": {"cooperation": 0},
                "collectivites": {"territoire": 1, "economie": 1}, "partenaires": {"cooperation": -1}}
PROGRESS_2026 = {"e": 1, "g": 1, "f": 0}  # the logistics platform and the yearly evaluation moved these
# What some members wrote, per year: (member, indicator, justification).
JUSTIFICATIONS = {
    2025: [("Régie de quartier Fontbarlettes", "a1",
            "La Maison de l'ESS à Die est bien identifiée, mais loin pour nos salariés de Valence."),
           ("Association Épicerie solidaire du Diois", "e2",
            "Les achats groupés avec les producteurs commencent à peine."),
           ("Commune de Crest", "c3", "Le pôle est associé au contrat de territoire de la communauté de communes."),
           ("Université Grenoble Alpes — Valence", "h3",
            "Aucun indicateur de développement co-construit avec nous pour l'instant."),
           ("Lucie Garnier", "b3", "Les habitants connaissent mal les projets du pôle."),
           ("Lycée agricole du Valentin", "h2",
            "Rien encore avec les jeunes du territoire, alors que nos élèves sont prêts.")],
    2026: [("Association Épicerie solidaire du Diois", "e2",
            "La plateforme logistique a créé de vraies synergies entre producteurs et restauration collective."),
           ("Mutuelle des Monts du Vercors", "f3",
            "Nous ne co-évaluons pas encore les résultats des entreprises du pôle."),
           ("Université Grenoble Alpes — Valence", "h1",
            "Le projet de recherche-action sur les circuits courts n'a pas démarré."),
           ("Commune de Crest", "a1", "Le tiers-lieu de Crest rend le pôle visible.")],
}
SILENT_2026 = ("Régie de quartier Fontbarlettes", "Communauté de communes du Val de Drôme",
               "SCOP Les Jardins de la Gervanne")  # the demo member logins answer from `make run`


def ratings(name: str, college: str, year: int) -> dict[str, dict[str, Any]]:
    """A member's made-up answers for `year` (deterministic)."""
    rng = random.Random(f"{name}/{year}")
    answers: dict[str, dict[str, Any]] = {}
    for general in SEED.generals:
        turn = COLLEGE_TURN.get(college, {}).get(general.id, 0)
        for objective in general.objectives:
            for indicator in objective.indicators:
                if rng.random() < 0.08:
                    continue  # not every member rates every indicator
                progress = PROGRESS_2026.get(objective.id, 0) if year >= 2026 else 0
                achieved = ACHIEVED[objective.id] + turn + progress + rng.choice((-1, 0, 0, 0, 1))
                important = IMPORTANT[objective.id] + rng.choice((-1, 0, 0, 1))
                answers[indicator.id] = {"importance": min(6, max(1, important)),
                                         "achievement": min(4, max(1, achieved)), "justification": ""}
    for member, indicator, text in JUSTIFICATIONS.get(year, []):
        if member == name:
            answers[indicator] = {**answers.get(indicator, {"importance": None, "achievement": None}),
                                  "justification": text}
    return answers


def assess(app: Collegia, pole: UUID, *, title: str, opened: datetime, closes: datetime, answers_from: datetime,
           close: datetime | None, silent: tuple[str, ...] = (), actor: str) -> UUID:
    """A campaign of every member, answered by all but `silent`, closed at `close` (None: left open)."""
    with frozen_time(opened):
        campaign = app.open_campaign(pole, title=title, opens_on=opened.date(), closes_on=closes.date(), actor=actor)
    state = app.get_campaign(campaign)
    names = {m: app.get_pole(pole).members[m]["name"] for m in (r["id"] for r in state.respondents)}
    for i, respondent in enumerate(state.respondents):
        name = names[respondent["id"]]
        if name in silent:
            continue
        with frozen_time(answers_from + timedelta(hours=5 * i)):
            app.answer_campaign(campaign, respondent=respondent["id"], answers=ratings(name, respondent["college"],
                                                                                       opened.year),
                                actor=f"rep:{name}")
    if close is not None:
        with frozen_time(close):
            app.close_campaign(campaign, actor=actor)
    return campaign


# -- the second demo pole of the network ------------------------------------------------------------

SECOND_POLE = {"name": "Royans-Vercors Coopération", "territory": "Royans et Vercors (26, 38)",
               "legal_form": "SCIC SAS"}
SECOND_SECRETARY = "paul.arnaud@royans-vercors.example"
SECOND_STATUTES: dict[str, Any] = {
    "model": "scic",
    "colleges": [
        {"code": "producteurs", "name": "Producteurs et salariés", "share": "50%"},
        {"code": "habitants", "name": "Habitants et usagers", "share": "30%"},
        {"code": "collectivites", "name": "Collectivités", "share": "20%"},
    ],
}
SECOND_MEMBERS = [
    ("Fromagerie coopérative du Royans", "ess_enterprise", "producteurs", "Lise Bonnet"),
    ("Scierie du Vercors", "company", "producteurs", "Marc Giraud"),
    ("Association Habiter le Vercors", "ess_enterprise", "habitants", "Yasmine Cherif"),
    ("Jeanne Roche", "person", "habitants", ""),
    ("Commune de Saint-Jean-en-Royans", "local_authority", "collectivites", "Denis Payan"),
]
SECOND_FOUNDED = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


def load_second_pole(app: Collegia) -> UUID:
    """Royans-Vercors Coopération: founded in June 2025, one campaign closed in October 2026, in the network since
    November 2026 (a decision sharing its référentiel results and member counts)."""
    with frozen_time(SECOND_FOUNDED):
        pole = app.found_pole(name=SECOND_POLE["name"], territory=SECOND_POLE["territory"],
                              legal_form=SECOND_POLE["legal_form"], statutes=SECOND_STATUTES,
                              strategy="Faire vivre une filière bois et lait coopérative sur le plateau.",
                              founders=[{"name": n, "kind": k, "category": "associé", "college": c, "representative": r}
                                        for n, k, c, r in SECOND_MEMBERS],
                              actor=SECOND_SECRETARY)
    assess(app, pole, title="Auto-évaluation 2026", opened=datetime(2026, 9, 21, 9, tzinfo=UTC),
           closes=datetime(2026, 10, 16, 18, tzinfo=UTC), answers_from=datetime(2026, 9, 22, 9, tzinfo=UTC),
           close=datetime(2026, 10, 19, 9, tzinfo=UTC), actor=SECOND_SECRETARY)
    members = {m["name"]: m_id for m_id, m in app.get_pole(pole).members.items()}
    at = datetime(2026, 11, 10, 18, tzinfo=UTC)
    with frozen_time(at - timedelta(days=15)):
        proposal = app.draft_proposal(pole, title="Adhésion à la cellule régionale des PTCE",
                                      text="Le pôle adhère à la cellule régionale des PTCE et partage avec elle les "
                                           "résultats agrégés de ses auto-évaluations et le nombre de ses membres "
                                           "par catégorie.",
                                      effect={"type": "join_network", "network_id": str(NETWORK_ID),
                                              "shares": ["members", "referentiel"]}, actor=SECOND_SECRETARY)
    with frozen_time(at - timedelta(days=14)):
        app.open_voting(proposal, closes_at=at, actor=SECOND_SECRETARY)
    for i, name in enumerate(members):
        with frozen_time(at - timedelta(days=7, minutes=-11 * i)):
            app.cast_ballot(proposal, members[name], "for", actor=f"rep:{name}")
    with frozen_time(at + timedelta(minutes=5)):
        app.close_if_due(proposal)
    return pole
