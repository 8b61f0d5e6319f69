"""The PTCE référentiel (issue 24): objectives and indicators as versioned data, and the statistics of a campaign.

The référentiel of the Labo de l'ESS (seed `002_f5f2275a2457a79f.txt`, 25 June 2012, « Un référentiel pour les PTCE » and its annex
« Importance des indicateurs du référentiel pour les 29 répondants »): three *general objectives* (le territoire, la
coopération, l'économie), each declined into three *principal objectives* (a … i), each approached by indicators
« généralement formulés sous forme de question », rated by the pole's members. `SEED` holds that wording, marked
with its source. The seed's annex is a table flattened by text extraction: its rows hold the indicators of two
principal objectives side by side (a and b, d and c, e and f, g and h, then i); `SEED` restores each indicator to
the objective its wording belongs to (docs/referentiel.md shows the reading). The extraction kept two indicators for
objective i (the third is lost): a pole adds its own in its version.

A pole adapts the wording or adds indicators in a version of its own (`Referentiel.from_dict`, `check_referentiel`),
like statutes: version 1 is always `SEED`; a pole's versions are numbered from 2. Two scales rate each indicator:
*importance* on the seed's 1–6 scale (« 6 = très important … 4 = plutôt important, 1 = très peu important »), and
*achievement* on a scale the pole chooses (2 to 10 points, labelled).

The statistics (`stats`, `pooled`) work from distributions (how many gave each value), which is all a closed
campaign keeps: the median of an even number of ratings is the mean of the two middle ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Mapping

from governance.base import MAX_NAME, clean_text
from governance.errors import AssessmentRuleBroken, InvalidInput

SOURCE = ("Le Labo de l'ESS, Les rencontres du Labo, « Pôles territoriaux de coopération économique », première "
          "journée nationale des PTCE, 25 juin 2012 : « Un référentiel pour les PTCE » et son annexe « Importance "
          "des indicateurs du référentiel pour les 29 répondants »")
MAX_WORDING = 500
MAX_INDICATORS = 100
MAX_SCALE = 10
IMPORTANCE, ACHIEVEMENT = "importance", "achievement"
SCALES = (IMPORTANCE, ACHIEVEMENT)


@dataclass(frozen=True)
class Scale:
    """Points 1..`points`, with a label for each (an empty label shows the number alone)."""

    points: int
    labels: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"points": self.points, "labels": list(self.labels)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], what: str) -> "Scale":
        if not isinstance(data, Mapping):
            raise AssessmentRuleBroken("the {scale} scale has from 2 to {maximum} points", scale=what,
                                       maximum=MAX_SCALE)
        points = data.get("points")
        if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= MAX_SCALE:
            raise AssessmentRuleBroken("the {scale} scale has from 2 to {maximum} points", scale=what,
                                       maximum=MAX_SCALE)
        labels = data.get("labels") or [""] * points
        if not isinstance(labels, list) or len(labels) != points:
            raise AssessmentRuleBroken("the {scale} scale needs one label per point ({points})", scale=what,
                                       points=points)
        return cls(points=points, labels=tuple(clean_text(x, "scale label", required=False, max_length=60)
                                               for x in labels))

    def check(self, value: object, what: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= self.points:
            raise InvalidInput("{scale} is rated from 1 to {points}", scale=what, points=self.points)
        return value


IMPORTANCE_SCALE = Scale(6, ("très peu important", "peu important", "moyennement important", "plutôt important",
                             "important", "très important"))
# Collegia's default achievement scale (the seed sets none): a pole chooses its own in its version.
ACHIEVEMENT_SCALE = Scale(4, ("pas engagé", "engagé", "en bonne voie", "atteint"))


@dataclass(frozen=True)
class Indicator:
    id: str
    wording: str
    source: str = ""  # where the wording comes from ("" for a pole's own)


@dataclass(frozen=True)
class Objective:
    """A principal objective (a … i) and its indicators."""

    id: str
    title: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class General:
    """A general objective (le territoire, la coopération, l'économie) and its principal objectives."""

    id: str
    title: str
    objectives: tuple[Objective, ...]


@dataclass(frozen=True)
class Referentiel:
    version: int
    title: str
    generals: tuple[General, ...]
    importance: Scale = IMPORTANCE_SCALE
    achievement: Scale = ACHIEVEMENT_SCALE
    source: str = ""

    # -- reading -----------------------------------------------------------------------
    @property
    def objectives(self) -> list[Objective]:
        return [o for g in self.generals for o in g.objectives]

    @property
    def indicators(self) -> list[Indicator]:
        return [i for o in self.objectives for i in o.indicators]

    def indicator_ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def scale(self, which: str) -> Scale:
        return self.importance if which == IMPORTANCE else self.achievement

    def general_of(self, objective_id: str) -> General:
        for g in self.generals:
            if any(o.id == objective_id for o in g.objectives):
                return g
        raise InvalidInput("no objective '{objective}' in this référentiel", objective=objective_id)

    def objective(self, objective_id: str) -> Objective:
        for o in self.objectives:
            if o.id == objective_id:
                return o
        raise InvalidInput("no objective '{objective}' in this référentiel", objective=objective_id)

    # -- plain data --------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version, "title": self.title, "source": self.source,
            "importance": self.importance.to_dict(), "achievement": self.achievement.to_dict(),
            "generals": [{"id": g.id, "title": g.title, "objectives": [
                {"id": o.id, "title": o.title, "indicators": [
                    {"id": i.id, "wording": i.wording, "source": i.source} for i in o.indicators]}
                for o in g.objectives]} for g in self.generals]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Referentiel":
        if not isinstance(data, Mapping):
            raise InvalidInput("a référentiel is an object")
        version = data.get("version", 0)
        if isinstance(version, bool) or not isinstance(version, int) or version < 0:
            raise InvalidInput("a référentiel's version is a whole number")
        generals = []
        for g in _list(data.get("generals"), "general objectives"):
            objectives = []
            for o in _list(g.get("objectives"), "principal objectives"):
                indicators = tuple(Indicator(id=_ident(i.get("id")),
                                             wording=clean_text(i.get("wording"), "indicator wording",
                                                                max_length=MAX_WORDING),
                                             source=clean_text(i.get("source"), "source", required=False,
                                                               max_length=MAX_WORDING))
                                   for i in _list(o.get("indicators"), "indicators"))
                objectives.append(Objective(id=_ident(o.get("id")), indicators=indicators,
                                            title=clean_text(o.get("title"), "objective", max_length=MAX_WORDING)))
            generals.append(General(id=_ident(g.get("id")), objectives=tuple(objectives),
                                    title=clean_text(g.get("title"), "objective", max_length=MAX_WORDING)))
        referentiel = cls(
            version=version, title=clean_text(data.get("title") or "Référentiel", "title", max_length=MAX_NAME),
            source=clean_text(data.get("source"), "source", required=False, max_length=MAX_WORDING),
            generals=tuple(generals),
            importance=Scale.from_dict(data.get("importance") or IMPORTANCE_SCALE.to_dict(), "importance"),
            achievement=Scale.from_dict(data.get("achievement") or ACHIEVEMENT_SCALE.to_dict(), "achievement"))
        check_referentiel(referentiel)
        return referentiel


def _list(value: object, what: str) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not value or not all(isinstance(x, Mapping) for x in value):
        raise AssessmentRuleBroken("a référentiel needs at least one of its {what}", what=what)
    return value


def _ident(value: object) -> str:
    text = clean_text(value, "identifier", max_length=20)
    if not all(c.isalnum() or c in "-_." for c in text):
        raise InvalidInput("an identifier is letters, digits, '-', '_' or '.'")
    return text


def check_referentiel(referentiel: Referentiel) -> None:
    """Identifiers unique at each level, at most `MAX_INDICATORS` indicators."""
    seen: set[str] = set()
    for ident in [g.id for g in referentiel.generals] + [o.id for o in referentiel.objectives] + \
            referentiel.indicator_ids():
        if ident in seen:
            raise AssessmentRuleBroken("identifier '{ident}' is used twice in the référentiel", ident=ident)
        seen.add(ident)
    if len(referentiel.indicators) > MAX_INDICATORS:
        raise AssessmentRuleBroken("a référentiel has at most {maximum} indicators", maximum=MAX_INDICATORS)


def _seed() -> Referentiel:
    s = SOURCE

    def objective(ident: str, title: str, *wordings: str) -> Objective:
        return Objective(ident, title, tuple(Indicator(f"{ident}{n}", w, s) for n, w in enumerate(wordings, 1)))

    return Referentiel(version=1, title="Référentiel des PTCE (Le Labo de l'ESS)", source=s, generals=(
        General("territoire", "Le territoire — cultiver et servir le territoire", (
            objective("a", "Développer l'ancrage territorial du PTCE, pôle, filière ou lieu",
                      "Disposer d'un lieu identifié et accessible",
                      "Connaître le milieu local, ses acteurs, ses atouts et ses problèmes, son histoire",
                      "Être connu et reconnu par les activités du PTCE et leurs effets"),
            objective("b", "Contribuer à un développement local durable",
                      "Valoriser les ressources locales, matérielles et humaines",
                      "Mettre en œuvre des démarches écoresponsables (RSE, ISO, etc.) dans toutes les activités",
                      "Rendre lisibles et attractifs pour les habitants les résultats et les projets"),
            objective("c", "Tenir compte des autres acteurs du territoire",
                      "Tenir compte des autres publics des partenaires : grappe d'entreprises, agence de "
                      "développement, etc.",
                      "Développer des liens avec la société civile : associations, entreprises, écoles, etc.",
                      "Tenir compte des autres niveaux de territoire et de leurs politiques : EPCI, pays, "
                      "département, région, nation, Europe"))),
        General("cooperation", "La coopération", (
            objective("d", "S'appuyer sur une éthique et des valeurs affirmées",
                      "Faire du respect et de la diversité des valeurs fondatrices du vivre ensemble",
                      "Reconnaître la formation mutuelle et la connaissance comme des leviers du développement",
                      "Pratiquer la solidarité en actes tant au niveau local que global"),
            objective("e", "Encourager des coopérations et des mutualisations aux formes variées et innovantes",
                      "Multiplier les types d'action en commun par l'utilisation des statuts de l'ESS",
                      "Créer des synergies entre les entreprises du PTCE, voire au-delà",
                      "Capitaliser les expériences et développer la formation à la coopération"),
            objective("f", "Mettre en œuvre une gouvernance citoyenne des activités et des projets",
                      "Co-construire la stratégie du PTCE selon le principe d'équivalence (démocratie)",
                      "Pratiquer une gouvernance démocratique et innovante des activités et des projets",
                      "Co-évaluer et co-questionner les résultats des entreprises parties prenantes du PTCE"))),
        General("economie", "L'économie", (
            objective("g", "Contribuer au dynamisme économique du territoire",
                      "Stabiliser le modèle économique et développer ses impacts en emplois",
                      "Encourager les initiatives (privée, publique, mixte) et leurs porteurs à travers les outils "
                      "de l'ESS",
                      "Mobiliser les finances du territoire pour le PTCE et réciproquement"),
            objective("h", "Encourager une recherche-développement pour un développement durable du territoire",
                      "Porter des innovations de produits et de services dans une perspective de développement "
                      "durable",
                      "Encourager la créativité des habitants, dont les jeunes",
                      "Co-construire avec des partenaires des indicateurs de développement intégrant les "
                      "spécificités du territoire"),
            objective("i", "Conjuguer l'économie avec le social et l'environnement par la transversalité des "
                           "actions",
                      "Assurer une veille économique, sociale et environnementale pour créer des passerelles",
                      "Participer à l'insertion des personnes, notamment avec les entreprises de l'IAE")))))


SEED = _seed()


# -- statistics from distributions ------------------------------------------------------------

Distribution = Mapping[int, int]  # value → how many gave it


@dataclass(frozen=True)
class Stats:
    """The ratings of one group on one scale: `n`, the distribution, median and mean (None when nobody rated);
    `reveals` when every rating is the same (each respondent's rating is then known: the small-group warning
    of secret ballots, docs/referentiel.md)."""

    n: int
    distribution: dict[int, int] = field(default_factory=dict)
    median: Fraction | None = None
    mean: Fraction | None = None

    @property
    def reveals(self) -> bool:
        return self.n > 0 and sum(1 for c in self.distribution.values() if c) == 1

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "distribution": {str(k): v for k, v in sorted(self.distribution.items())},
                "median": None if self.median is None else float(self.median),
                "mean": None if self.mean is None else round(float(self.mean), 4), "reveals": self.reveals}


def stats(distribution: Distribution, points: int) -> Stats:
    """Median and mean of a distribution on a 1..`points` scale (values outside it are not counted)."""
    counts = {v: int(distribution.get(v, 0) or 0) for v in range(1, points + 1)}
    n = sum(counts.values())
    if n == 0:
        return Stats(0, counts)
    ordered = [v for v in sorted(counts) for _ in range(counts[v])]
    middle = n // 2
    median = Fraction(ordered[middle]) if n % 2 else Fraction(ordered[middle - 1] + ordered[middle], 2)
    mean = Fraction(sum(v * c for v, c in counts.items()), n)
    return Stats(n, counts, median, mean)


def pooled(distributions: Iterable[Distribution]) -> dict[int, int]:
    """Every rating of several indicators together (an objective's: all its indicators' ratings)."""
    total: dict[int, int] = {}
    for d in distributions:
        for value, count in d.items():
            total[int(value)] = total.get(int(value), 0) + int(count)
    return total


def normalised(value: Fraction | None, points: int) -> Fraction | None:
    """A rating on 1..points as a share of the scale (1 → 0, points → 1), to compare the two scales."""
    return None if value is None else Fraction(value - 1, points - 1)
