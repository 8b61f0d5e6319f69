"""Steps about general assemblies: convocation, attendance, assembly proxies, votes in session, minutes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any, Callable
from uuid import UUID
from zoneinfo import ZoneInfo

from parse import with_pattern
from pytest_bdd import given, parsers, step, then, when

from features.steps.outcome_steps import COLUMNS
from features.steps.proposal_steps import draft, open_vote
from features.steps.support import (CHOICES, KINDS, SECRETARY, TYPES, Agenda, Refusal, ScenarioClock, attempt,
                                    recorded_tally, shown, table_records)
from governance.application import Collegia
from governance.minutes import open_capacities
from governance.tally import Tally

PLACE = "Salle des fêtes, Morlaix"
PARIS_TZ = ZoneInfo("Europe/Paris")
PRESENCE = {"présent": "present", "présente": "present", "à distance": "remote",
            "par correspondance": "correspondence", "absent": "absent", "absente": "absent",
            "représenté": "represented", "représentée": "represented"}
CAPACITIES = {"président": "chair", "présidente": "chair", "secrétaire": "secretary",
              "scrutateur": "scrutineer", "scrutatrice": "scrutineer"}
PROXY_STATES = {"actif": "active", "révoqué": "revoked", "écarté": "overridden"}
YES_NO = {"oui": True, "non": False}


def _word(mapping: dict[str, Any]) -> Callable[[str], Any]:
    @with_pattern("|".join(sorted(mapping, key=len, reverse=True)))
    def convert(text: str) -> Any:
        return mapping[text]
    return convert


def pa(text: str) -> parsers.parse:
    """The shared step parser, plus the words of attendance, signatory capacities and proxy states."""
    return parsers.parse(text, extra_types={**TYPES, "Présence": _word(PRESENCE), "Qualité": _word(CAPACITIES),
                                            "ÉtatPouvoir": _word(PROXY_STATES)})


def names(roster: dict[str, UUID]) -> dict[str, str]:
    """Member id (as the aggregates key it) → name."""
    return {str(member_id): name for name, member_id in roster.items()}


def section(app: Collegia, assembly_id: UUID, agenda: Agenda, title: str) -> dict[str, Any]:
    """The minutes' section of one resolution."""
    return next(r for r in app.minutes(assembly_id)["resolutions"] if r["id"] == str(agenda.get(title)))


# -- convening ------------------------------------------------------------------------
def convene(app: Collegia, clock: ScenarioClock, pole_id: UUID, agenda: Agenda, kind: str,
            convocation: str) -> UUID:
    """Convene, sending the convocation now for a meeting exactly the statutes' notice later (R225-69: 15 days on
    first convocation, 10 on a later one, by default); the scenario's later steps stand for the meeting."""
    held_at = clock.now + timedelta(days=app.get_pole(pole_id).statutes.notice_days[convocation])
    return app.convene_assembly(pole_id, kind=kind, held_at=held_at, place=PLACE, mode="hybrid",
                                convocation=convocation, agenda=list(agenda.ids.values()), actor=SECRETARY)


@given("l'ordre du jour :")
def agenda_drafted(app: Collegia, pole_id: UUID, agenda: Agenda, datatable: list[list[str]]) -> None:
    for row in table_records(datatable):
        draft(app, pole_id, agenda, row["résolution"], KINDS[row["nature"]])


@step(pa("une assemblée générale {kind:Nature} est convoquée en {convocation:Conv} convocation sur «{title:T}»"),
      target_fixture="assembly_id")
def convened_on_one(app: Collegia, clock: ScenarioClock, pole_id: UUID, agenda: Agenda, kind: str,
                    convocation: str, title: str) -> UUID:
    draft(app, pole_id, agenda, title, kind)
    return convene(app, clock, pole_id, agenda, kind, convocation)


@step(pa("une assemblée générale {kind:Nature} est convoquée en {convocation:Conv} convocation sur cet ordre du jour"),
      target_fixture="assembly_id")
def convened_on_agenda(app: Collegia, clock: ScenarioClock, pole_id: UUID, agenda: Agenda, kind: str,
                       convocation: str) -> UUID:
    return convene(app, clock, pole_id, agenda, kind, convocation)


@when(pa("le secrétaire tente de convoquer une assemblée générale {kind:Nature} sur cet ordre du jour"),
      target_fixture="refusal")
def tries_to_convene(app: Collegia, clock: ScenarioClock, pole_id: UUID, agenda: Agenda, kind: str) -> Refusal:
    return attempt(app, lambda: convene(app, clock, pole_id, agenda, kind, "first"))


# -- attendance ----------------------------------------------------------------------------
@step(pa("le secrétaire enregistre «{member:T}» {mode:Présence}"))
def attendance(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], member: str, mode: str) -> None:
    app.record_attendance(assembly_id, roster[member], mode, actor=SECRETARY)


@step(pa("le secrétaire enregistre «{member:T}» {mode:Présence} sans rétablir son pouvoir"))
def absence_without_proxy(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], member: str, mode: str) -> None:
    app.record_attendance(assembly_id, roster[member], mode, actor=SECRETARY, restore_proxy=False)


@when(pa("le secrétaire tente d'enregistrer «{member:T}» {mode:Présence}"), target_fixture="refusal")
def tries_attendance(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], member: str,
                     mode: str) -> Refusal:
    return attempt(app, lambda: attendance(app, assembly_id, roster, member, mode))


@step("la feuille de présence :")
def attendance_sheet(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], datatable: list[list[str]]) -> None:
    for row in table_records(datatable):
        attendance(app, assembly_id, roster, row["membre"], PRESENCE[row["participation"]])


@step(parsers.re(r"(?P<count>\d+) membres? du collège «(?P<college>[^«»]+)» (?:est|sont) présents?"),
      converters={"count": int})
def college_present(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], count: int, college: str) -> None:
    electorate = app.get_assembly(assembly_id).electorate
    members = [name for name, m in roster.items() if electorate.get(str(m)) == college]
    assert count <= len(members), f"college '{college}' has only {len(members)} electors"
    for name in members[:count]:
        attendance(app, assembly_id, roster, name, "present")


# -- assembly proxies -------------------------------------------------------------------------
@step(pa("«{principal:T}» donne pouvoir à «{holder:T}» pour l'assemblée"))
def gives_assembly_proxy(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], principal: str,
                         holder: str) -> None:
    app.give_assembly_proxy(assembly_id, roster[principal], roster[holder], actor=principal)


@when(pa("«{principal:T}» tente de donner pouvoir à «{holder:T}» pour l'assemblée"), target_fixture="refusal")
def tries_assembly_proxy(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], principal: str,
                         holder: str) -> Refusal:
    return attempt(app, lambda: gives_assembly_proxy(app, assembly_id, roster, principal, holder))


@step(pa("«{principal:T}» révoque son pouvoir pour l'assemblée"))
def revokes_assembly_proxy(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], principal: str) -> None:
    app.revoke_assembly_proxy(assembly_id, roster[principal], actor=principal)


@when(pa("«{principal:T}» tente de révoquer son pouvoir pour l'assemblée"), target_fixture="refusal")
def tries_revoking_assembly_proxy(app: Collegia, assembly_id: UUID, roster: dict[str, UUID],
                                  principal: str) -> Refusal:
    return attempt(app, lambda: revokes_assembly_proxy(app, assembly_id, roster, principal))


# -- the session --------------------------------------------------------------------------------
@step("la séance est ouverte")
def session_opened(app: Collegia, assembly_id: UUID) -> None:
    app.open_session(assembly_id, actor=SECRETARY)


@step(pa("le secrétaire met aux voix «{title:T}»"))
def put_to_vote(app: Collegia, assembly_id: UUID, agenda: Agenda, title: str) -> None:
    agenda.current = title  # the shared ballot and tally steps act on the resolution being voted
    app.put_to_vote(assembly_id, agenda.get(title), actor=SECRETARY)


@when(pa("le secrétaire tente de mettre aux voix «{title:T}»"), target_fixture="refusal")
def tries_put_to_vote(app: Collegia, assembly_id: UUID, agenda: Agenda, title: str) -> Refusal:
    return attempt(app, lambda: put_to_vote(app, assembly_id, agenda, title))


@when(pa("le secrétaire tente d'ouvrir en ligne le vote de «{title:T}»"), target_fixture="refusal")
def tries_online_vote(app: Collegia, clock: ScenarioClock, agenda: Agenda, title: str) -> Refusal:
    return attempt(app, lambda: open_vote(app, clock, agenda.get(title)))


def room_ballots(app: Collegia, agenda: Agenda, roster: dict[str, UUID], datatable: list[list[str]]) -> int:
    ballots = {str(roster[row["membre"]]): CHOICES[row["vote"]] for row in table_records(datatable)}
    return app.record_room_ballots(agenda.get(), ballots, actor=SECRETARY)


@step("le secrétaire enregistre les votes en salle :")
def records_room_ballots(app: Collegia, agenda: Agenda, roster: dict[str, UUID],
                         datatable: list[list[str]]) -> None:
    room_ballots(app, agenda, roster, datatable)


@when("le secrétaire tente d'enregistrer les votes en salle :", target_fixture="refusal")
def tries_room_ballots(app: Collegia, agenda: Agenda, roster: dict[str, UUID],
                       datatable: list[list[str]]) -> Refusal:
    return attempt(app, lambda: room_ballots(app, agenda, roster, datatable))


@step(pa("le secrétaire enregistre «{choice:Choix}» pour chaque participant"))
def everyone_in_room(app: Collegia, agenda: Agenda, choice: str) -> None:
    attendees = app.get_proposal(agenda.get()).attendees or []
    app.record_room_ballots(agenda.get(), {m: choice for m in attendees}, actor=SECRETARY)


@step("la séance est levée")
def session_closed(app: Collegia, assembly_id: UUID) -> None:
    app.close_session(assembly_id, actor=SECRETARY)


@when("le secrétaire tente de lever la séance", target_fixture="refusal")
def tries_closing_session(app: Collegia, assembly_id: UUID) -> Refusal:
    return attempt(app, lambda: session_closed(app, assembly_id))


# -- what the assembly and its resolutions say ---------------------------------------------------
@then("les participants comptés pour le quorum sont :")
def attending_members(app: Collegia, assembly_id: UUID, roster: dict[str, UUID],
                      datatable: list[list[str]]) -> None:
    who = names(roster)
    actual = {who[m]: mode for m, mode in app.get_assembly(assembly_id).attending().items()}
    assert actual == {row["membre"]: PRESENCE[row["participation"]] for row in table_records(datatable)}


@then(parsers.re(r"le quorum de l'assemblée (?P<state>est|n'est pas) atteint : (?P<attending>\d+) sur "
                 r"(?P<entitled>\d+), (?P<needed>\d+) requis"),
      converters={"attending": int, "entitled": int, "needed": int})
def assembly_quorum(app: Collegia, assembly_id: UUID, state: str, attending: int, entitled: int,
                    needed: int) -> None:
    quorum = app.get_assembly(assembly_id).quorum()
    assert (quorum.reached, quorum.attending, quorum.entitled, quorum.needed) == (
        state == "est", attending, entitled, needed)


@then(pa("«{title:T}» est mise aux voix en séance"))
def being_voted(app: Collegia, assembly_id: UUID, agenda: Agenda, title: str) -> None:
    state = app.get_assembly(assembly_id).resolutions[str(agenda.get(title))]
    assert (app.get_proposal(agenda.get(title)).status, state) == ("open", "voting")


@then(pa("«{title:T}» n'a pas été mise aux voix"))
def not_voted(app: Collegia, assembly_id: UUID, agenda: Agenda, title: str) -> None:
    state = app.get_assembly(assembly_id).resolutions[str(agenda.get(title))]
    assert (app.get_proposal(agenda.get(title)).status, state) == ("draft", "pending")


@then(pa("les votants de «{title:T}» sont «{members:T}»"))
def frozen_attendees(app: Collegia, agenda: Agenda, roster: dict[str, UUID], title: str, members: str) -> None:
    who = names(roster)
    attendees = app.get_proposal(agenda.get(title)).attendees or []
    assert sorted(who[m] for m in attendees) == sorted(members.split(", "))


@then(pa("le bulletin de «{principal:T}» a été porté par «{holder:T}»"))
def ballot_carried_by(app: Collegia, agenda: Agenda, roster: dict[str, UUID], principal: str, holder: str) -> None:
    assert app.get_proposal(agenda.get()).ballots[str(roster[principal])]["proxy_holder"] == str(roster[holder])


@then(pa("le pouvoir de «{principal:T}» pour l'assemblée est {state:ÉtatPouvoir}"))
def assembly_proxy_state(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], principal: str,
                         state: str) -> None:
    assert app.get_assembly(assembly_id).proxies[str(roster[principal])]["status"] == state


@then(pa("l'assemblée note «{title:T}» {outcome:Issue}"))
def assembly_outcome(app: Collegia, assembly_id: UUID, agenda: Agenda, title: str, outcome: str) -> None:
    assembly = app.get_assembly(assembly_id)
    key = str(agenda.get(title))
    assert (assembly.resolutions[key], assembly.outcomes[key]) == ("voted", outcome)


# -- the minutes --------------------------------------------------------------------------------
@then("le procès-verbal indique la présence :")
def minutes_attendance(app: Collegia, assembly_id: UUID, datatable: list[list[str]]) -> None:
    rows = {row["member"]: row for row in app.minutes(assembly_id)["attendance"]}
    for expected in table_records(datatable):
        row = rows.pop(expected["membre"])
        actual = {"collège": row["college"], "participation": row["mode"], "mandataire": row["holder"] or "—",
                  "pouvoirs détenus": ", ".join(row["holds"]) or "—"}
        wanted = {k: v for k, v in expected.items() if k != "membre"}
        if "participation" in wanted:
            wanted["participation"] = PRESENCE[wanted["participation"]]
        assert {k: actual[k] for k in wanted} == wanted, expected["membre"]
    assert rows == {}, f"members missing from the table: {sorted(rows)}"


@then(parsers.re(r"le procès-verbal indique un quorum de (?P<quorum>\d+/\d+) (?P<state>atteint|non atteint) : "
                 r"(?P<attending>\d+) sur (?P<entitled>\d+), (?P<needed>\d+) requis"),
      converters={"attending": int, "entitled": int, "needed": int})
def minutes_quorum(app: Collegia, assembly_id: UUID, quorum: str, state: str, attending: int, entitled: int,
                   needed: int) -> None:
    assert app.minutes(assembly_id)["quorum"] == {"entitled": entitled, "attending": attending, "needed": needed,
                                                  "quorum": quorum, "reached": state == "atteint"}


@then(pa("le procès-verbal de «{title:T}» reprend le décompte enregistré à la clôture et le recomptage"))
def minutes_tally_matches(app: Collegia, assembly_id: UUID, agenda: Agenda, title: str) -> None:
    printed = Tally.from_dict(section(app, assembly_id, agenda, title)["tally"])
    assert printed == recorded_tally(app, agenda.get(title)) == app.recount(agenda.get(title))


@then(pa("le procès-verbal de «{title:T}» indique par collège :"))
def minutes_per_college(app: Collegia, assembly_id: UUID, agenda: Agenda, title: str,
                        datatable: list[list[str]]) -> None:
    colleges = {c.code: c for c in Tally.from_dict(section(app, assembly_id, agenda, title)["tally"]).colleges}
    for row in table_records(datatable):
        count = colleges[row["collège"]]
        actual = {column: shown(getattr(count, COLUMNS[column])) for column in row if column in COLUMNS}
        assert actual == {column: row[column] for column in actual}, row["collège"]


@then(pa("le procès-verbal de «{title:T}» indique le résultat {result:Frac}, la règle «{rule:T}» et "
         "la résolution {outcome:Issue}"))
def minutes_result(app: Collegia, assembly_id: UUID, agenda: Agenda, title: str, result: Fraction, rule: str,
                   outcome: str) -> None:
    printed = section(app, assembly_id, agenda, title)
    tally = Tally.from_dict(printed["tally"])
    assert (tally.result, tally.rule_applied, tally.outcome, printed["outcome"]) == (result, rule, outcome, outcome)


@then(pa("le procès-verbal de «{title:T}» compte {ballots:d} bulletins dont {proxies:d} par pouvoir"))
def minutes_ballots(app: Collegia, assembly_id: UUID, agenda: Agenda, title: str, ballots: int,
                    proxies: int) -> None:
    printed = section(app, assembly_id, agenda, title)
    assert (printed["ballots"], printed["proxies_used"]) == (ballots, proxies)


@step(pa("«{signer:T}» signe le procès-verbal en qualité de {capacity:Qualité}"))
def signs(app: Collegia, assembly_id: UUID, signer: str, capacity: str) -> None:
    app.sign_minutes(assembly_id, signer=signer, capacity=capacity, actor=SECRETARY)


@when(pa("«{signer:T}» tente de signer le procès-verbal en qualité de {capacity:Qualité}"),
      target_fixture="refusal")
def tries_signing(app: Collegia, assembly_id: UUID, signer: str, capacity: str) -> Refusal:
    return attempt(app, lambda: signs(app, assembly_id, signer, capacity))


@step(pa("le secrétaire ajoute un rectificatif à l'entrée {entry:d} : «{text:T}»"))
def corrects(app: Collegia, assembly_id: UUID, entry: int, text: str) -> None:
    app.correct_minutes(assembly_id, text=text, corrects=entry, actor=SECRETARY)


@when(pa("le secrétaire tente d'ajouter un rectificatif à l'entrée {entry:d} : «{text:T}»"),
      target_fixture="refusal")
def tries_correcting(app: Collegia, assembly_id: UUID, entry: int, text: str) -> Refusal:
    return attempt(app, lambda: corrects(app, assembly_id, entry, text))


MINUTES_STATES = {"non mis aux voix": "pending", "retiré": "withdrawn", "voté": "voted"}


@step(pa("le secrétaire retire «{title:T}»"))
def withdraws_item(app: Collegia, agenda: Agenda, title: str) -> None:
    app.withdraw_proposal(agenda.get(title), reason="retiré de l'ordre du jour", actor=SECRETARY)


@step("l'empreinte du procès-verbal est notée", target_fixture="noted_digest")
def notes_digest(app: Collegia, assembly_id: UUID) -> str:
    return app.minutes(assembly_id)["digest"]


@then("l'empreinte du procès-verbal est inchangée")
def digest_unchanged(app: Collegia, assembly_id: UUID, noted_digest: str) -> None:
    assert app.minutes(assembly_id)["digest"] == noted_digest


@then(parsers.re(r"au procès-verbal, «(?P<title>[^«»]+)» est (?P<state>non mis aux voix|retiré|voté)"))
def minutes_item_state(app: Collegia, assembly_id: UUID, agenda: Agenda, title: str, state: str) -> None:
    assert section(app, assembly_id, agenda, title)["assembly_state"] == MINUTES_STATES[state]


@then("les signatures du procès-verbal sont :")
def signatures(app: Collegia, assembly_id: UUID, datatable: list[list[str]]) -> None:
    actual = [(s["number"], s["signer"], s["capacity"], s["current"]) for s in app.minutes(assembly_id)["signatures"]]
    assert actual == [(int(row["entrée"]), row["signataire"], CAPACITIES[row["qualité"]], YES_NO[row["à jour"]])
                      for row in table_records(datatable)]


@then("les rectificatifs du procès-verbal sont :")
def corrections(app: Collegia, assembly_id: UUID, datatable: list[list[str]]) -> None:
    actual = [(c["number"], c["corrects"], c["text"]) for c in app.minutes(assembly_id)["corrections"]]
    assert actual == [(int(row["entrée"]), int(row["corrige"]), row["texte"]) for row in table_records(datatable)]


@then(pa("«{signer:T}» peut encore signer ce texte en qualité de : {capacities}"))
def still_open(app: Collegia, assembly_id: UUID, signer: str, capacities: str) -> None:
    """What the signing form offers this signatory: the capacities the domain would still accept on this text."""
    doc = app.minutes(assembly_id)
    assert open_capacities(doc["signatures"], doc["digest"], signer) == [
        CAPACITIES[word.strip()] for word in capacities.split(",")]


# -- signatures in the minutes' PDF (issue 25) ----------------------------------------------------------------
def pdf_file(label: str) -> str | None:
    """A file named in a scenario («F1», or «—» for none) as the SHA-256 the register records: that of its label."""
    return None if label == "—" else hashlib.sha256(label.encode()).hexdigest()


def pdf_signature(file: str, previous: str) -> dict[str, Any]:
    return {"sha256": pdf_file(file), "previous": pdf_file(previous), "method": "pole-ca",
            "certificate": hashlib.sha256(b"certificat").hexdigest(), "subject": "signataire"}


@step(pa("«{signer:T}» signe le PDF du procès-verbal en qualité de {capacity:Qualité} : fichier «{file:T}» ajouté à "
         "«{previous:T}»"))
def signs_pdf(app: Collegia, assembly_id: UUID, signer: str, capacity: str, file: str, previous: str) -> None:
    app.sign_minutes(assembly_id, signer=signer, capacity=capacity, actor=SECRETARY,
                     pdf=pdf_signature(file, previous))


@when(pa("«{signer:T}» tente de signer le PDF du procès-verbal en qualité de {capacity:Qualité} : fichier «{file:T}» "
         "ajouté à «{previous:T}»"), target_fixture="refusal")
def tries_signing_pdf(app: Collegia, assembly_id: UUID, signer: str, capacity: str, file: str,
                      previous: str) -> Refusal:
    return attempt(app, lambda: signs_pdf(app, assembly_id, signer, capacity, file, previous))


@step(pa("le secrétaire horodate le PDF du procès-verbal : fichier «{file:T}» ajouté à «{previous:T}»"))
def timestamps_pdf(app: Collegia, assembly_id: UUID, file: str, previous: str) -> None:
    app.timestamp_minutes(assembly_id, pdf={"sha256": pdf_file(file), "previous": pdf_file(previous),
                                            "tsa": "Autorité d'horodatage"}, actor=SECRETARY)


@when(pa("le secrétaire tente d'horodater le PDF du procès-verbal : fichier «{file:T}» ajouté à «{previous:T}»"),
      target_fixture="refusal")
def tries_timestamping_pdf(app: Collegia, assembly_id: UUID, file: str, previous: str) -> Refusal:
    return attempt(app, lambda: timestamps_pdf(app, assembly_id, file, previous))


@then("les fichiers du procès-verbal au registre sont :")
def pdf_entries(app: Collegia, assembly_id: UUID, datatable: list[list[str]]) -> None:
    doc = app.minutes(assembly_id)
    kinds = {"signature": "signature", "timestamp": "horodatage"}
    labels = {pdf_file(row["fichier"]): row["fichier"] for row in table_records(datatable)} | {None: "—"}
    entries = sorted([*doc["signatures"], *doc["timestamps"]], key=lambda e: e["number"])
    actual = [(e["number"], kinds[e["type"]], e.get("signer") or "—", labels.get(e["pdf"]["sha256"], "?"),
               labels.get(e["pdf"]["previous"], "?"), "oui" if e["current"] else "non")
              for e in entries if e.get("pdf")]
    assert actual == [(int(row["entrée"]), row["type"], row["signataire"], row["fichier"], row["ajouté à"],
                       row["à jour"]) for row in table_records(datatable)]


# -- the notice period (Code de commerce R225-69) ---------------------------------------------------------
def paris(day: str, time: str) -> datetime:
    """A wall-clock time in Paris, as the instant it names."""
    return datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=PARIS_TZ)


@given(pa("les statuts fixent un délai de convocation de {days:d} jours en {convocation:Conv} convocation"))
def notice_in_statutes(statutes: dict[str, Any], days: int, convocation: str) -> None:
    statutes.setdefault("notice_days", {})[convocation] = days


@step(pa("la convocation est envoyée le {day} à {time} à Paris"))
def convocation_sent(clock: ScenarioClock, day: str, time: str) -> None:
    clock.move_to(paris(day, time).astimezone(UTC))  # Collegia sends the convocation when the secretary convenes


@when(pa("le secrétaire convoque en {convocation:Conv} convocation une assemblée générale ordinaire pour le {day} à "
         "{time} sur «{title:T}»"), target_fixture="refusal")
def convenes_for(app: Collegia, pole_id: UUID, agenda: Agenda, convocation: str, day: str, time: str,
                 title: str) -> Refusal:
    draft(app, pole_id, agenda, title, "ordinary")
    return attempt(app, lambda: app.convene_assembly(
        pole_id, kind="ordinary", held_at=paris(day, time), place=PLACE, mode="hybrid", convocation=convocation,
        agenda=[agenda.get(title)], actor=SECRETARY))


@then(pa("«{title:T}» est à l'ordre du jour d'une assemblée convoquée pour le {day}"))
def on_convened_agenda(app: Collegia, agenda: Agenda, refusal: Refusal, title: str, day: str) -> None:
    assembly = app.get_assembly(refusal.value)
    assert assembly.agenda == [str(agenda.get(title))]
    assert assembly.held_at.astimezone(PARIS_TZ).date().isoformat() == day
