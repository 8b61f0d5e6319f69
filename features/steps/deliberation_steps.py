"""Steps about deliberation before the vote (issue 23): publication for discussion, comments, members' amendments
voted before their resolution, the register keeping both texts, the minutes and the decision's timeline.

Imported by features/test_deliberation.py only (step definitions are fixtures, visible to the module importing
them); the shared steps of features/conftest.py (founding, members, ballots, tallies, assemblies, refusals) are
reused as they are. An amendment is known to the scenario's agenda as « amendement n° k », so that the shared ballot
and tally steps, which act on the current vote, act on it once it is opened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from parse import with_pattern
from pytest_bdd import given, parsers, step, then, when

from features.steps.proposal_steps import amended_statutes, open_vote
from features.steps.support import (KINDS, SECRETARY, TYPES, Agenda, Refusal, ScenarioClock, attempt, college_rows,
                                    table_records)
from governance.application import Collegia
from governance.deliberation import discussion_id
from governance.proposal import Proposal

PARIS = ZoneInfo("Europe/Paris")
ADMITTED_BECAUSE = "Dans l'objet de la résolution"

# An amendment's course (as the secretary decided, or as a vote or an earlier amendment left it), in French.
COURSES = {"déposé": "tabled", "admis": "admitted", "irrecevable": "rejected", "caduc": "lapsed"}
VOTED = {"adopté": "adopted", "rejeté": "rejected"}
COMMENT_STATES = {"publié": "posted", "retiré": "withdrawn", "masqué": "hidden"}
BALLOTS = ("BallotCast", "SecretBallotCast")


def _word(mapping: dict[str, str]) -> Callable[[str], str]:
    @with_pattern("|".join(sorted(mapping, key=len, reverse=True)))
    def convert(text: str) -> str:
        return mapping[text]
    return convert


def pd(text: str) -> parsers.parse:
    """The shared step parser, plus an amendment's course and vote (masculine: « l'amendement ») and a comment's
    state, in French."""
    return parsers.parse(text, extra_types={**TYPES, "Cours": _word(COURSES), "Voté": _word(VOTED),
                                            "ÉtatCommentaire": _word(COMMENT_STATES)})


@dataclass
class Debate:
    """The resolution whose discussion the comment steps speak of (the last one published or commented)."""

    title: str | None = None


def amendment_key(number: int) -> str:
    """How the scenario's agenda knows an amendment."""
    return f"amendement n° {number}"


def paris_time(at: datetime) -> str:
    return at.astimezone(PARIS).strftime("%Y-%m-%d %H:%M")


def domain_events(app: Collegia, aggregate_id: UUID | str) -> list[Any]:
    """One aggregate's events, as the register holds them, in order."""
    return list(app.events.get(UUID(str(aggregate_id))))


def named(events: list[Any], name: str) -> list[Any]:
    return [e for e in events if type(e).__name__ == name]


def comment(app: Collegia, debate: Debate, agenda: Agenda, number: int) -> dict[str, Any]:
    discussion = app.get_discussion(agenda.get(debate.title))
    assert discussion is not None, "nobody has spoken in this discussion"
    return discussion.comment(number)


def amendment(app: Collegia, agenda: Agenda, number: int) -> Proposal:
    return app.get_proposal(agenda.get(amendment_key(number)))


@pytest.fixture
def debate() -> Debate:
    """The resolution under discussion in the scenario."""
    return Debate()


# -- time -------------------------------------------------------------------------------------------
@step(pd("nous sommes le {day} à {time} à Paris"))
def now_in_paris(clock: ScenarioClock, day: str, time: str) -> None:
    at = datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=PARIS)
    assert at >= clock.now, "the scenario's time only moves forward"
    clock.move_to(at)


# -- statutes ---------------------------------------------------------------------------------------
@given(pd("les statuts exigent {count:d} membres pour déposer un amendement"))
def sponsors_required(statutes: dict[str, Any], count: int) -> None:
    statutes["amendment_sponsors"] = count


# -- drafting and publishing ------------------------------------------------------------------------
@step(pd("le secrétaire publie pour discussion la résolution {kind:Nature} «{title:T}» : «{text:T}»"))
def publishes_new(app: Collegia, pole_id: UUID, agenda: Agenda, debate: Debate, kind: str, title: str,
                  text: str) -> None:
    agenda.add(title, app.draft_proposal(pole_id, title=title, text=text, kind=kind, actor=SECRETARY))
    app.publish_for_discussion(agenda.get(title), actor=SECRETARY)
    debate.title = title


@step(pd("le secrétaire publie «{title:T}» pour discussion"))
def publishes(app: Collegia, agenda: Agenda, debate: Debate, title: str) -> None:
    app.publish_for_discussion(agenda.get(title), actor=SECRETARY)
    debate.title = title


@given("l'ordre du jour, avec les textes :")
def agenda_with_texts(app: Collegia, pole_id: UUID, agenda: Agenda, datatable: list[list[str]]) -> None:
    for row in table_records(datatable):
        agenda.add(row["résolution"], app.draft_proposal(pole_id, title=row["résolution"], text=row["texte"],
                                                         kind=KINDS[row["nature"]], actor=SECRETARY))


# -- comments ---------------------------------------------------------------------------------------
@step(pd("«{member:T}» commente «{title:T}» : «{text:T}»"))
def comments_on(app: Collegia, agenda: Agenda, roster: dict[str, UUID], debate: Debate, member: str, title: str,
                text: str) -> None:
    debate.title = title
    app.post_comment(agenda.get(title), member_id=roster[member], text=text, actor=member)


@step(pd("«{member:T}» répond au commentaire n° {number:d} : «{text:T}»"))
def replies(app: Collegia, agenda: Agenda, roster: dict[str, UUID], debate: Debate, member: str, number: int,
            text: str) -> None:
    app.post_comment(agenda.get(debate.title), member_id=roster[member], text=text, reply_to=number, actor=member)


@step(pd("«{member:T}» réécrit son commentaire n° {number:d} : «{text:T}»"))
def rewrites(app: Collegia, agenda: Agenda, debate: Debate, member: str, number: int, text: str) -> None:
    app.edit_comment(agenda.get(debate.title), number, text=text, actor=member)


@when(pd("«{member:T}» tente de réécrire le commentaire n° {number:d} : «{text:T}»"), target_fixture="refusal")
def tries_rewriting(app: Collegia, agenda: Agenda, debate: Debate, member: str, number: int, text: str) -> Refusal:
    return attempt(app, lambda: rewrites(app, agenda, debate, member, number, text))


@step(pd("le secrétaire masque le commentaire n° {number:d} pour le motif «{reason:T}»"))
def hides(app: Collegia, agenda: Agenda, debate: Debate, number: int, reason: str) -> None:
    app.hide_comment(agenda.get(debate.title), number, reason=reason, actor=SECRETARY)


@then(pd("la discussion montre le commentaire n° {number:d} de «{member:T}» {state:ÉtatCommentaire}, "
         "avec le motif «{reason:T}»"))
def shows_state_and_reason(app: Collegia, agenda: Agenda, roster: dict[str, UUID], debate: Debate, number: int,
                           member: str, state: str, reason: str) -> None:
    shown = comment(app, debate, agenda, number)
    assert (shown["member_id"], shown["status"], shown["reason"]) == (str(roster[member]), state, reason)


@then(pd("le registre garde le texte du commentaire n° {number:d} : «{text:T}»"))
def comment_text_kept(app: Collegia, agenda: Agenda, debate: Debate, number: int, text: str) -> None:
    posted = [e for e in named(domain_events(app, discussion_id(agenda.get(debate.title))), "CommentPosted")
              if e.number == number]
    assert [e.text for e in posted] == [text]


@then(pd("le commentaire n° {number:d} se lit en version {version:d} : «{text:T}»"))
def comment_reads(app: Collegia, agenda: Agenda, debate: Debate, number: int, version: int, text: str) -> None:
    shown = comment(app, debate, agenda, number)
    assert (shown["versions"], shown["text"], shown["status"]) == (version, text, "posted")


@then(pd("l'historique du commentaire n° {number:d} est :"))
def comment_history(app: Collegia, agenda: Agenda, debate: Debate, number: int, datatable: list[list[str]]) -> None:
    events = [e for e in domain_events(app, discussion_id(agenda.get(debate.title)))
              if type(e).__name__ in ("CommentPosted", "CommentEdited") and e.number == number]
    actual = [{"version": str(n), "texte": e.text, "quand": paris_time(e.timestamp), "par": e.actor}
              for n, e in enumerate(events, start=1)]
    expected = table_records(datatable)
    assert [{k: row[k] for k in expected[0]} for row in actual] == expected


# -- amendments: tabling, sponsors, admission ---------------------------------------------------------
def table_on(app: Collegia, agenda: Agenda, roster: dict[str, UUID], member: str, number: int, title: str,
             **change: Any) -> None:
    amendment_id = app.table_amendment(agenda.get(title), member_id=roster[member], actor=member, **change)
    state = app.get_proposal(amendment_id).amendment
    assert state is not None and state["number"] == number, f"tabled as n° {state and state['number']}"
    agenda.ids[amendment_key(number)] = amendment_id  # the resolution stays the current proposal


@step(pd("«{member:T}» dépose l'amendement n° {number:d} à «{title:T}» : remplacer «{passage:T}» par «{wording:T}»"))
def tables_wording(app: Collegia, agenda: Agenda, roster: dict[str, UUID], member: str, number: int, title: str,
                   passage: str, wording: str) -> None:
    table_on(app, agenda, roster, member, number, title, passage=passage, wording=wording,
             motive="Proposé pendant la discussion.")


@step(pd("«{member:T}» dépose l'amendement n° {number:d} à «{title:T}» proposant les statuts :"))
def tables_statutes(app: Collegia, pole_id: UUID, agenda: Agenda, roster: dict[str, UUID], member: str, number: int,
                    title: str, datatable: list[list[str]]) -> None:
    effect = {"type": "amend_statutes", "statutes": amended_statutes(app, pole_id, colleges=college_rows(datatable))}
    table_on(app, agenda, roster, member, number, title, effect=effect, motive="D'autres parts.")


@when(pd("«{member:T}» tente de déposer un amendement à «{title:T}» proposant les statuts :"),
      target_fixture="refusal")
def tries_tabling_statutes(app: Collegia, pole_id: UUID, agenda: Agenda, roster: dict[str, UUID], member: str,
                           title: str, datatable: list[list[str]]) -> Refusal:
    effect = {"type": "amend_statutes", "statutes": amended_statutes(app, pole_id, colleges=college_rows(datatable))}
    return attempt(app, lambda: app.table_amendment(agenda.get(title), member_id=roster[member], effect=effect,
                                                    motive="D'autres parts.", actor=member))


@step(pd("«{member:T}» soutient l'amendement n° {number:d}"))
def supports(app: Collegia, agenda: Agenda, roster: dict[str, UUID], member: str, number: int) -> None:
    app.support_amendment(agenda.get(amendment_key(number)), member_id=roster[member], actor=member)


@step(pd("le secrétaire admet l'amendement n° {number:d}"))
def admits(app: Collegia, agenda: Agenda, number: int) -> None:
    app.admit_amendment(agenda.get(amendment_key(number)), reason=ADMITTED_BECAUSE, actor=SECRETARY)


@when(pd("le secrétaire tente d'admettre l'amendement n° {number:d}"), target_fixture="refusal")
def tries_admitting(app: Collegia, agenda: Agenda, number: int) -> Refusal:
    return attempt(app, lambda: admits(app, agenda, number))


@step(pd("le secrétaire déclare l'amendement n° {number:d} irrecevable : «{reason:T}»"))
def rejects(app: Collegia, agenda: Agenda, number: int, reason: str) -> None:
    app.reject_amendment(agenda.get(amendment_key(number)), reason=reason, actor=SECRETARY)


# -- votes ---------------------------------------------------------------------------------------------
@step(pd("le secrétaire ouvre le vote de l'amendement n° {number:d}"))
def opens_amendment(app: Collegia, clock: ScenarioClock, agenda: Agenda, number: int) -> None:
    agenda.current = amendment_key(number)  # the shared ballot and tally steps act on the vote just opened
    open_vote(app, clock, agenda.get())


@when(pd("le secrétaire tente d'ouvrir le vote de l'amendement n° {number:d}"), target_fixture="refusal")
def tries_opening_amendment(app: Collegia, clock: ScenarioClock, agenda: Agenda, number: int) -> Refusal:
    return attempt(app, lambda: open_vote(app, clock, agenda.get(amendment_key(number))))


@step(pd("le secrétaire ouvre le vote de «{title:T}»"))
def opens_resolution(app: Collegia, clock: ScenarioClock, agenda: Agenda, title: str) -> None:
    agenda.current = title
    open_vote(app, clock, agenda.get())


@when(pd("le secrétaire tente d'ouvrir le vote de «{title:T}»"), target_fixture="refusal")
def tries_opening_resolution(app: Collegia, clock: ScenarioClock, agenda: Agenda, title: str) -> Refusal:
    return attempt(app, lambda: open_vote(app, clock, agenda.get(title)))


@step(pd("le secrétaire met aux voix l'amendement n° {number:d}"))
def puts_amendment_to_vote(app: Collegia, assembly_id: UUID, agenda: Agenda, number: int) -> None:
    agenda.current = amendment_key(number)
    app.put_to_vote(assembly_id, agenda.get(), actor=SECRETARY)


@step(pd("le vote de l'amendement n° {number:d} est clos par le secrétaire"))
def closes_amendment(app: Collegia, agenda: Agenda, number: int) -> None:
    app.close_voting(agenda.get(amendment_key(number)), actor=SECRETARY)


# -- what the amendments became --------------------------------------------------------------------------
@then(pd("l'amendement n° {number:d} est {outcome:Voté}"))
def amendment_voted(app: Collegia, agenda: Agenda, number: int, outcome: str) -> None:
    state = amendment(app, agenda, number)
    assert (state.status, state.outcome, state.amendment["status"]) == ("closed", outcome, "admitted")


@then(pd("l'amendement n° {number:d} est {course:Cours}"))
def amendment_course(app: Collegia, agenda: Agenda, number: int, course: str) -> None:
    assert amendment(app, agenda, number).amendment["status"] == course


@then(pd("l'amendement n° {number:d} est {course:Cours} avec le motif «{reason:T}»"))
def amendment_course_and_reason(app: Collegia, agenda: Agenda, number: int, course: str, reason: str) -> None:
    state = amendment(app, agenda, number).amendment
    assert (state["status"], state["reason"]) == (course, reason)


@then(pd("l'amendement n° {number:d} n'a pas été mis aux voix"))
def amendment_never_voted(app: Collegia, agenda: Agenda, number: int) -> None:
    state = amendment(app, agenda, number)
    names = [type(e).__name__ for e in domain_events(app, state.id)]
    assert (state.status, state.tally, state.electorate) == ("withdrawn", None, {})
    assert not {"VotingOpened", "VotingOpenedInAssembly", "BallotCast", "VotingClosed"} & set(names), names


@then(pd("l'amendement n° {number:d} est déposé par «{sponsors:T}»"))
def amendment_sponsors(app: Collegia, agenda: Agenda, roster: dict[str, UUID], number: int, sponsors: str) -> None:
    assert amendment(app, agenda, number).amendment["sponsors"] == [str(roster[n]) for n in sponsors.split(", ")]


@then(pd("l'amendement n° {number:d} est voté sous les règles de «{title:T}» : résolution {kind:Nature}"))
def amendment_rules(app: Collegia, agenda: Agenda, number: int, title: str, kind: str) -> None:
    state, parent = amendment(app, agenda, number), app.get_proposal(agenda.get(title))
    assert (state.kind, state.secret, state.amends) == (kind, parent.secret, str(parent.id)) and parent.kind == kind


# -- the texts --------------------------------------------------------------------------------------------
@then(pd("le texte mis aux voix de «{title:T}» est «{text:T}»"))
def text_put_to_vote(app: Collegia, agenda: Agenda, title: str, text: str) -> None:
    assert app.get_proposal(agenda.get(title)).text == text


@then(pd("le registre garde le texte déposé de «{title:T}» : «{text:T}»"))
def drafted_text_kept(app: Collegia, agenda: Agenda, title: str, text: str) -> None:
    events = domain_events(app, agenda.get(title))
    assert [e.text for e in named(events, "ProposalDrafted")] == [text]
    assert (app.get_proposal(agenda.get(title)).original or {}).get("text") == text


@then(pd("le registre garde le texte que l'amendement n° {number:d} a donné à «{title:T}» : «{text:T}»"))
def incorporated_text_kept(app: Collegia, agenda: Agenda, number: int, title: str, text: str) -> None:
    events = domain_events(app, agenda.get(title))
    incorporated = named(events, "AmendmentIncorporated")
    assert [(e.number, e.amendment_id, e.text) for e in incorporated] == [
        (number, str(agenda.get(amendment_key(number))), text)]
    names = [type(e).__name__ for e in events]
    opened = [n for n in names if n.startswith("VotingOpened")]
    assert opened and names.index("AmendmentIncorporated") < names.index(opened[0]), names


@then(pd("«{title:T}» est mise aux voix telle que déposée : «{text:T}»"))
def voted_as_drafted(app: Collegia, agenda: Agenda, title: str, text: str) -> None:
    state = app.get_proposal(agenda.get(title))
    events = domain_events(app, state.id)
    assert (state.text, state.original, state.status) == (text, None, "closed")
    assert [e.text for e in named(events, "ProposalDrafted")] == [text]
    assert named(events, "AmendmentIncorporated") == []


# -- the assembly's agenda and the minutes ------------------------------------------------------------------
@then(pd("l'ordre du jour de l'assemblée est «{items:T}»"))
def assembly_agenda(app: Collegia, assembly_id: UUID, agenda: Agenda, items: str) -> None:
    titles = {str(proposal_id): title for title, proposal_id in agenda.ids.items()}
    assert [titles[p] for p in app.get_assembly(assembly_id).agenda] == items.split(", ")


@then(pd("le procès-verbal de «{title:T}» porte le texte déposé «{drafted:T}» et le texte mis aux voix «{text:T}»"))
def minutes_texts(app: Collegia, agenda: Agenda, title: str, drafted: str, text: str) -> None:
    section = minutes_section(app, agenda, title)
    assert (section["drafted_text"], section["text"]) == (drafted, text)


@then(pd("le procès-verbal numérote les résolutions «{items:T}»"))
def minutes_numbers(app: Collegia, assembly_id: UUID, items: str) -> None:
    resolutions = app.minutes(assembly_id)["resolutions"]
    assert [f"{r['number']}. {r['title']}" for r in resolutions] == items.split(", ")


def minutes_section(app: Collegia, agenda: Agenda, title: str) -> dict[str, Any]:
    proposal = app.get_proposal(agenda.get(title))
    document = app.minutes(proposal.assembly_id or proposal.id)
    return next(r for r in document["resolutions"] if r["id"] == str(proposal.id))


@then(pd("le procès-verbal de «{title:T}» mentionne les amendements :"))
def minutes_amendments(app: Collegia, agenda: Agenda, title: str, datatable: list[list[str]]) -> None:
    courses = {v: k for k, v in COURSES.items()}
    voted = {v: k for k, v in VOTED.items()}
    actual = [{"n°": str(a["number"]), "déposé par": ", ".join(a["sponsors"]), "sort": courses[a["course"]],
               "motif": a["reason"] or "—", "issue": voted.get(a["outcome"] or "", "—"),
               "résultat": "—" if a["tally"] is None else str(a["tally"]["result"])}
              for a in minutes_section(app, agenda, title).get("amendments", [])]
    expected = table_records(datatable)
    assert [{k: row[k] for k in expected[0]} for row in actual] == expected


# -- the refusal's rule ------------------------------------------------------------------------------------------
@then(pd("la règle nommée est «{rule:T}»"))
def rule_named(refusal: Refusal, rule: str) -> None:
    assert refusal.error is not None, "the command was accepted"
    assert refusal.error.rule == rule, refusal.error.rule


# -- the decision's timeline -----------------------------------------------------------------------------------
@then(pd("la chronologie de «{title:T}», bulletins mis à part, est :"))
def timeline(app: Collegia, agenda: Agenda, title: str, datatable: list[list[str]]) -> None:
    """The register's events of the resolution, its discussion and its amendments, in the order they were recorded
    (the register's own order: each event's position in the pole's chain)."""
    resolution = app.get_proposal(agenda.get(title))
    subjects = {resolution.id: "résolution", discussion_id(resolution.id): "discussion"}
    for amendment_id in resolution.amendments or []:
        state = app.get_proposal(amendment_id)
        subjects[state.id] = amendment_key(state.amendment["number"])
    notifications = app.recorder.select_notifications(start=1, limit=10_000)
    actual = []
    for n in notifications:
        if n.originator_id not in subjects:
            continue
        e = app.mapper.to_domain_event(n)
        if type(e).__name__ in BALLOTS:
            continue
        actual.append({"quand": paris_time(e.timestamp), "sur": subjects[n.originator_id],
                       "fait": type(e).__name__, "par": e.actor})
    expected = table_records(datatable)
    assert [{k: row[k] for k in expected[0]} for row in actual] == expected
    times = [row["quand"] for row in actual]
    assert times == sorted(times), "the register's order is time order"


@then(pd("aucun événement de la discussion de «{title:T}» ne parle d'un bulletin"))
def discussion_silent_on_ballots(app: Collegia, agenda: Agenda, title: str) -> None:
    """docs/secret-ballots.md: a comment never shows whether or how its author voted."""
    events = domain_events(app, discussion_id(agenda.get(title)))
    assert named(events, "CommentPosted"), "nobody has spoken in this discussion"
    for e in events:
        assert not {"choice", "sealed", "voted", "ballot", "ballots", "participated"} & set(vars(e)), type(e).__name__
