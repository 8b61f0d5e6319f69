"""Assessment campaigns with the PTCE référentiel (issue 24), as events of the pole's register.

- `ReferentielBook` (one per pole, found without an index): the pole's own versions of the référentiel (wording
  adapted, indicators added, its achievement scale), numbered from 2; version 1 is `referentiel.SEED`.
- `Campaign`: the secretary opens it (title, dates, the référentiel version — copied whole into the opening event,
  so later versions never change it —, who answers: every member organisation admitted at opening, or named people,
  each with the college it is counted in; whether individual answers are shared with the secretary). Each
  respondent answers, and may change its answers until the campaign closes (each answer replaces the earlier one;
  the earlier events stay). Closing freezes the results: the distributions per college and indicator, and the
  justifications without their authors (sorted, so that their order says nothing either).

Answers not shared are *sealed* with the instance's ballot key (governance/sealing.py), bound to the campaign and
the respondent, like a secret ballot's choice: the event then shows who answered and when, never what. The sealed
plaintext is the ratings as one fixed-length line (two characters per indicator, whatever was chosen) and the
justifications as JSON, padded with spaces to a multiple of `SEAL_BUCKET` bytes: the ratings never change a sealed
value's length; the justifications' length shows only by buckets of 1 KiB (docs/referentiel.md).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Callable, Iterable, Mapping
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from governance import clock
from governance.base import GovernanceAggregate, clean_actor, clean_text
from governance.errors import AssessmentRuleBroken, AssessmentStateConflict, InvalidInput, NotFound
from governance.referentiel import ACHIEVEMENT, IMPORTANCE, SCALES, SEED, Referentiel, Stats, normalised, pooled, stats

MAX_JUSTIFICATION = 2000
MAX_RESPONDENTS = 5000
SEAL_BUCKET = 1024
MEMBERS, PEOPLE = "members", "people"
PLANNED, OPEN, CLOSED = "planned", "open", "closed"
NO_COLLEGE = ""  # a named person who represents no member is counted outside the colleges

_NAMESPACE = uuid5(NAMESPACE_URL, "https://collegia.coop/referentiel")


def referentiel_book_id(pole_id: UUID | str) -> UUID:
    return uuid5(_NAMESPACE, str(pole_id))


def seal_scope(campaign_id: UUID | str) -> str:
    """What a sealed answer is bound to, with its respondent (never a proposal's id)."""
    return f"assessment:{campaign_id}"


class ReferentielBook(GovernanceAggregate):
    """A pole's versions of the référentiel (2, 3, …); version 1 is the seed's and is not stored."""

    @staticmethod
    def create_id(pole_id: UUID) -> UUID:
        return referentiel_book_id(pole_id)

    @event("ReferentielBookOpened")
    def __init__(self, pole_id: UUID, actor: str) -> None:
        self.pole_id = pole_id
        self.versions: list[dict[str, Any]] = []

    def adopt(self, *, referentiel: Mapping[str, Any], actor: str) -> int:
        """Record a version of the pole's own; returns its number."""
        if not isinstance(referentiel, Mapping):
            raise InvalidInput("a référentiel is an object")
        number = len(self.versions) + 2
        data = Referentiel.from_dict({**referentiel, "version": number}).to_dict()
        latest = self.numbered(number - 1).to_dict()
        if {**data, "version": 0} == {**latest, "version": 0}:
            raise AssessmentStateConflict("this version reads like version {version}: nothing to adopt",
                                          version=number - 1)
        self._adopted(version=number, referentiel=data, actor=clean_actor(actor))
        return number

    @event("ReferentielVersionAdopted")
    def _adopted(self, version: int, referentiel: dict[str, Any], actor: str) -> None:
        self.versions = [*self.versions, referentiel]

    def numbered(self, number: object) -> Referentiel:
        if number == 1:
            return SEED
        if isinstance(number, bool) or not isinstance(number, int) or not 2 <= number <= len(self.versions) + 1:
            raise NotFound("no version {version} of the pole's référentiel", version=str(number))
        return Referentiel.from_dict(self.versions[number - 2])


def clean_respondents(respondents: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Each respondent once: its id and the college it is counted in ("" outside the colleges)."""
    cleaned: dict[str, dict[str, str]] = {}
    for r in respondents:
        if not isinstance(r, Mapping):
            raise InvalidInput("a respondent is an id and a college")
        ident = clean_text(r.get("id"), "respondent", max_length=200)
        college = clean_text(r.get("college"), "college", required=False, max_length=200)
        cleaned[ident] = {"id": ident, "college": college}
    if not cleaned:
        raise AssessmentRuleBroken("a campaign needs at least one respondent")
    if len(cleaned) > MAX_RESPONDENTS:
        raise AssessmentRuleBroken("a campaign has at most {maximum} respondents", maximum=MAX_RESPONDENTS)
    return list(cleaned.values())


class Campaign(GovernanceAggregate):
    """One self-assessment of a pole with its référentiel."""

    @classmethod
    def open_campaign(cls, *, pole_id: UUID, title: str, opens_on: date, closes_on: date,
                      referentiel: Referentiel, respondents: Iterable[Mapping[str, Any]], mode: str,
                      individual_shared: bool, actor: str) -> "Campaign":
        if mode not in (MEMBERS, PEOPLE):
            raise InvalidInput("who answers is one of {choices}", choices=f"{MEMBERS}, {PEOPLE}")
        if not isinstance(opens_on, date) or not isinstance(closes_on, date):
            raise InvalidInput("a campaign's dates are days")
        if closes_on < opens_on:
            raise AssessmentRuleBroken("a campaign closes on or after the day it opens")
        if closes_on < clock.today():
            raise AssessmentRuleBroken("a campaign cannot close in the past ({day})", day=closes_on.isoformat())
        if not isinstance(individual_shared, bool):
            raise InvalidInput("whether individual answers are shared is yes or no")
        return cls(pole_id=pole_id, title=clean_text(title, "title"), opens_on=opens_on.isoformat(),
                   closes_on=closes_on.isoformat(), referentiel=referentiel.to_dict(),
                   respondents=clean_respondents(respondents), mode=mode, individual_shared=individual_shared,
                   actor=clean_actor(actor))

    @event("CampaignOpened")
    def __init__(self, pole_id: UUID, title: str, opens_on: str, closes_on: str, referentiel: dict[str, Any],
                 respondents: list[dict[str, str]], mode: str, individual_shared: bool, actor: str) -> None:
        self.pole_id = pole_id
        self.title = title
        self.opens_on = opens_on
        self.closes_on = closes_on
        self.referentiel = referentiel
        self.respondents = respondents
        self.mode = mode
        self.individual_shared = individual_shared
        self.answers: dict[str, Any] = {}  # respondent → plain answers (shared) or sealed value
        self.closed = False
        self.results: dict[str, Any] | None = None
        self.revisions = []

    # -- reading -------------------------------------------------------------------------
    @property
    def framework(self) -> Referentiel:
        return Referentiel.from_dict(self.referentiel)

    def respondent(self, ident: str) -> dict[str, str]:
        for r in self.respondents:
            if r["id"] == str(ident):
                return r
        raise AssessmentRuleBroken("'{respondent}' is not among this campaign's respondents", respondent=str(ident))

    def status(self, today: date | None = None) -> str:
        day = (today or clock.today()).isoformat()
        if self.closed:
            return CLOSED
        return PLANNED if day < self.opens_on else OPEN

    def answering(self, today: date | None = None) -> bool:
        """Answers are taken from the opening day to the closing day included, until it is closed."""
        day = (today or clock.today()).isoformat()
        return not self.closed and self.opens_on <= day <= self.closes_on

    # -- answering -----------------------------------------------------------------------
    def answer(self, *, respondent: str, answers: Mapping[str, Any], actor: str,
               seal: Callable[[str, str, str], str]) -> None:
        """Record (or replace) a respondent's answers: per indicator, importance and achievement (each optional)
        and an optional justification."""
        who = self.respondent(respondent)["id"]
        if self.closed:
            raise AssessmentStateConflict("the campaign is closed: its answers are frozen")
        day = clock.today().isoformat()
        if day < self.opens_on:
            raise AssessmentStateConflict("the campaign opens on {day}", day=self.opens_on)
        if day > self.closes_on:
            raise AssessmentStateConflict("the campaign closed on {day}: answers are no longer taken",
                                          day=self.closes_on)
        cleaned = clean_answers(self.framework, answers)
        if self.individual_shared:
            stored: Any = cleaned
        else:
            stored = seal(seal_scope(self.id), who, encode_answers(self.framework, cleaned))
        self._answered(respondent=who, answers=stored, actor=clean_actor(actor))

    @event("AssessmentAnswered")
    def _answered(self, respondent: str, answers: Any, actor: str) -> None:
        self.answers = {**self.answers, respondent: answers}

    def plain_answers(self, unseal: Callable[[str, str, str], str]) -> dict[str, dict[str, dict[str, Any]]]:
        """Every respondent's answers in the clear (in memory only: to count them at close)."""
        framework = self.framework
        return {who: (stored if self.individual_shared
                      else decode_answers(framework, unseal(seal_scope(self.id), who, stored)))
                for who, stored in self.answers.items()}

    # -- closing -------------------------------------------------------------------------
    def close(self, *, actor: str, unseal: Callable[[str, str, str], str]) -> dict[str, Any]:
        """Freeze the results: the distributions per college and indicator, and the justifications without their
        authors."""
        if self.closed:
            raise AssessmentStateConflict("the campaign is already closed")
        results = count(self.framework, self.respondents, self.plain_answers(unseal))
        self._closed(results=results, actor=clean_actor(actor))
        return results

    @event("CampaignClosed")
    def _closed(self, results: dict[str, Any], actor: str) -> None:
        self.closed = True
        self.results = results

    # -- the link to governance ----------------------------------------------------------
    def note_revision(self, *, proposal_id: UUID | str, objective: str, actor: str) -> None:
        """A proposal to revise the shared strategy was drafted from one of this campaign's objectives."""
        if not self.closed:
            raise AssessmentStateConflict("a revision is drafted from a closed campaign's results")
        self.framework.objective(objective)
        self._revision_drafted(proposal_id=str(proposal_id), objective=objective, actor=clean_actor(actor))

    @event("StrategyRevisionDrafted")
    def _revision_drafted(self, proposal_id: str, objective: str, actor: str) -> None:
        self.revisions = [*self.revisions, {"proposal_id": proposal_id, "objective": objective}]


# -- answers: cleaning, sealing format, counting ----------------------------------------------

def clean_answers(framework: Referentiel, answers: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Answers keyed by indicator id: {importance, achievement, justification}, every part optional; an unknown
    indicator is refused by name; an answer with nothing in it is left out."""
    if not isinstance(answers, Mapping):
        raise InvalidInput("answers are given per indicator")
    known = set(framework.indicator_ids())
    unknown = sorted(str(k) for k in answers if k not in known)
    if unknown:
        raise InvalidInput("no indicator {indicators} in this campaign's référentiel", indicators=", ".join(unknown))
    cleaned: dict[str, dict[str, Any]] = {}
    for ident in framework.indicator_ids():
        given = answers.get(ident)
        if given is None:
            continue
        if not isinstance(given, Mapping):
            raise InvalidInput("indicator {indicator}: an answer is an importance, an achievement and a "
                               "justification", indicator=ident)
        extra = sorted(str(k) for k in set(given) - {IMPORTANCE, ACHIEVEMENT, "justification"})
        if extra:
            raise InvalidInput("indicator {indicator}: unknown fields {fields}", indicator=ident,
                               fields=", ".join(extra))
        entry: dict[str, Any] = {}
        for scale in (IMPORTANCE, ACHIEVEMENT):
            value = given.get(scale)
            entry[scale] = None if value is None else framework.scale(scale).check(value, f"{ident} {scale}")
        entry["justification"] = clean_text(given.get("justification"), "justification", required=False,
                                            max_length=MAX_JUSTIFICATION)
        if entry[IMPORTANCE] is not None or entry[ACHIEVEMENT] is not None or entry["justification"]:
            cleaned[ident] = entry
    return cleaned


def encode_answers(framework: Referentiel, answers: Mapping[str, Mapping[str, Any]]) -> str:
    """The sealed plaintext: one character per scale and indicator ('0' = not rated; every scale has at most 10
    points, written 1-9 and 'A' for 10), a line break, the justifications as JSON, spaces up to a whole number of
    `SEAL_BUCKET` bytes."""
    def digit(value: int | None) -> str:
        return "0" if value is None else "123456789A"[value - 1]

    ratings = "".join(digit((answers.get(i) or {}).get(s)) for i in framework.indicator_ids()
                      for s in (IMPORTANCE, ACHIEVEMENT))
    notes = {i: a["justification"] for i, a in answers.items() if a.get("justification")}
    text = ratings + "\n" + json.dumps(notes, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text + " " * (-len(text.encode()) % SEAL_BUCKET)


def decode_answers(framework: Referentiel, text: str) -> dict[str, dict[str, Any]]:
    ratings, _, notes_text = text.partition("\n")
    notes = json.loads(notes_text.rstrip(" ") or "{}")
    answers: dict[str, dict[str, Any]] = {}
    for n, ident in enumerate(framework.indicator_ids()):
        values = ["123456789A".find(c) + 1 or None for c in ratings[2 * n:2 * n + 2]]
        entry = {IMPORTANCE: values[0], ACHIEVEMENT: values[1], "justification": notes.get(ident, "")}
        if entry[IMPORTANCE] is not None or entry[ACHIEVEMENT] is not None or entry["justification"]:
            answers[ident] = entry
    return answers


def count(framework: Referentiel, respondents: Iterable[Mapping[str, str]],
          answers: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """The frozen results: per college (the college's key; "" outside the colleges), the number of respondents
    who answered, and per indicator and scale the distribution {value: count}; per indicator, the justifications
    sorted (no author, no college)."""
    college_of = {r["id"]: r["college"] for r in respondents}
    colleges: dict[str, dict[str, Any]] = {}
    notes: dict[str, list[str]] = {}
    for who in sorted(answers):
        group = colleges.setdefault(college_of.get(who, NO_COLLEGE),
                                    {"respondents": 0, "indicators": {}})
        group["respondents"] += 1
        for ident, entry in answers[who].items():
            slot = group["indicators"].setdefault(ident, {IMPORTANCE: {}, ACHIEVEMENT: {}})
            for scale in (IMPORTANCE, ACHIEVEMENT):
                value = entry.get(scale)
                if value is not None:
                    slot[scale][str(value)] = slot[scale].get(str(value), 0) + 1
            if entry.get("justification"):
                notes.setdefault(ident, []).append(entry["justification"])
    return {"colleges": colleges, "justifications": {i: sorted(t) for i, t in sorted(notes.items())},
            "invited": len(college_of)}


# -- reading the frozen results ----------------------------------------------------------------

def distributions(results: Mapping[str, Any], college: str | None = None) -> dict[str, dict[str, dict[int, int]]]:
    """Per indicator and scale, the distribution of one college's ratings (None: every respondent's)."""
    groups = results.get("colleges") or {}
    chosen = [groups[college]] if college is not None and college in groups else \
        ([] if college is not None else list(groups.values()))
    out: dict[str, dict[str, dict[int, int]]] = {}
    for group in chosen:
        for ident, scales in (group.get("indicators") or {}).items():
            slot = out.setdefault(ident, {IMPORTANCE: {}, ACHIEVEMENT: {}})
            for scale in SCALES:
                slot[scale] = pooled([slot[scale], {int(k): int(v) for k, v in (scales.get(scale) or {}).items()}])
    return out


def summary(framework: Referentiel, results: Mapping[str, Any], college: str | None = None) -> dict[str, Any]:
    """The statistics of one college (or of everyone): per indicator, per principal objective and per general
    objective (an objective pools every rating of its indicators), each with importance and achievement `Stats`;
    and the gaps: indicators by how much more important than achieved they are (each mean as a share of its
    scale), the widest first."""
    dist = distributions(results, college)
    points = {s: framework.scale(s).points for s in SCALES}
    empty: dict[int, int] = {}

    def both(ds: Mapping[str, list[Mapping[int, int]]]) -> dict[str, Stats]:
        return {s: stats(pooled(ds[s]), points[s]) for s in SCALES}

    indicators = {i: both({s: [dist.get(i, {}).get(s, empty)] for s in SCALES}) for i in framework.indicator_ids()}
    objectives = {o.id: both({s: [dist.get(i.id, {}).get(s, empty) for i in o.indicators] for s in SCALES})
                  for o in framework.objectives}
    generals = {g.id: both({s: [dist.get(i.id, {}).get(s, empty) for o in g.objectives for i in o.indicators]
                            for s in SCALES}) for g in framework.generals}
    gaps = []
    for ident, st in indicators.items():
        importance = normalised(st[IMPORTANCE].mean, points[IMPORTANCE])
        achievement = normalised(st[ACHIEVEMENT].mean, points[ACHIEVEMENT])
        if importance is not None and achievement is not None:
            gaps.append({"indicator": ident, "gap": importance - achievement, "importance": st[IMPORTANCE].mean,
                         "achievement": st[ACHIEVEMENT].mean})
    gaps.sort(key=lambda g: (-g["gap"], g["indicator"]))
    groups = results.get("colleges") or {}
    respondents = (groups.get(college, {}).get("respondents", 0) if college is not None
                   else sum(g.get("respondents", 0) for g in groups.values()))
    return {"respondents": respondents, "indicators": indicators, "objectives": objectives, "generals": generals,
            "gaps": gaps}
