"""Steps about convening an assembly (issue 20): the pole's identity, consent to e-mail, the convocation sent,
documents, correspondence forms, a second convocation, incidents. Dates are Paris wall-clock times."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, timedelta
from typing import Any
from uuid import UUID

from pytest_bdd import given, parsers, step, then, when

from features.steps.assembly_steps import PLACE, names, paris, pa
from features.steps.member_steps import admit_into, join
from features.steps.proposal_steps import draft
from features.steps.support import (BOARD, SECRETARY, Agenda, Refusal, ScenarioClock, attempt, events_of,
                                    table_records)
from governance.application import Collegia
from governance.convocation import fingerprint
from governance.sealing import SEALED_LENGTH

IDENTITY = {"registered_office": "2 place des Otages\n29600 Morlaix", "capital": "variable",
            "rcs_number": "912 345 678", "rcs_city": "Brest"}
CHANNEL_WORDS = {"courriel": "email", "voie postale": "post"}
REASON_WORDS = {"accord": "consent", "pas d'accord": "no_consent", "accord trop tardif": "consent_too_late",
                "retour au courrier": "withdrawn", "retour au courrier tardif": "late_withdrawal",
                "statuts : courrier seul": "email_not_in_statutes", "pas d'adresse": "no_address"}
WAYS = {"par correspondance": "votes", "pouvoir au président": "chair"}
FORM_STATES = {"compté": "counted", "écarté": "set_aside"}
CHOICE_WORDS = {"pour": "for", "contre": "against", "abstention": "abstain", "": ""}


def day(text: str) -> date:
    return date.fromisoformat(text)


def at_paris(clock: ScenarioClock, when_: str) -> None:
    """Move governance time to a Paris wall-clock time, "2027-01-04 10:00"."""
    on, time = when_.split(" ")
    clock.move_to(paris(on, time).astimezone(UTC))


# -- the pole ----------------------------------------------------------------------------------
@step(pa("la SCIC SA «{name:T}» est fondée avec ces statuts"), target_fixture="pole_id")
def found_sa(app: Collegia, statutes: dict[str, Any], name: str) -> UUID:
    return app.found_pole(name=name, territory="Pays de Morlaix", legal_form="SCIC SA à capital variable",
                          statutes=statutes, actor=BOARD)


@when(pa("le conseil tente de fonder la SCIC SA «{name:T}» avec ces statuts"), target_fixture="refusal")
def tries_found_sa(app: Collegia, statutes: dict[str, Any], name: str) -> Refusal:
    return attempt(app, lambda: found_sa(app, statutes, name))


@given("les statuts excluent le vote par correspondance")
def no_correspondence(statutes: dict[str, Any]) -> None:
    statutes["correspondence_voting"] = False


@given("les statuts ne prévoient que la convocation par courrier")
def post_only(statutes: dict[str, Any]) -> None:
    statutes["convocation_channels"] = ["post"]


@given(pa("les statuts fixent le délai de l'accord pour la voie électronique à {days:d} jours"))
def consent_days(statutes: dict[str, Any], days: int) -> None:
    statutes["consent_days"] = days


@given(pa("les statuts fixent la réception des formulaires papier {days:d} jours avant l'assemblée"))
def paper_days(statutes: dict[str, Any], days: int) -> None:
    statutes["paper_form_days"] = days


@given(parsers.re(r"les statuts (?P<word>prévoient|ne prévoient pas) que la participation à distance vaut présence"))
def remote_presence(statutes: dict[str, Any], word: str) -> None:
    statutes["remote_counts_as_present"] = word == "prévoient"


@given("les membres :")
def members(app: Collegia, pole_id: UUID, roster: dict[str, UUID], datatable: list[list[str]]) -> None:
    for row in table_records(datatable):
        admit_into(app, pole_id, join(app, pole_id, roster, row["membre"]), row.get("collège", "salaries"))


@step("l'identité du pôle est enregistrée (siège, capital, RCS)")
def identity_recorded(app: Collegia, pole_id: UUID) -> None:
    app.record_pole_identity(pole_id, actor=SECRETARY, **IDENTITY)


# -- consent (R225-63) ---------------------------------------------------------------------------------
@step(pa("le {on} «{member:T}» accepte en ligne d'être convoqué par courriel"))
def consents_online(app: Collegia, clock: ScenarioClock, pole_id: UUID, roster: dict[str, UUID], on: str,
                    member: str) -> None:
    at_paris(clock, f"{on} 12:00")
    app.give_convocation_consent(pole_id, roster[member], channel="online", actor=member)


@step(pa("le secrétaire enregistre le {recorded} l'accord papier de «{member:T}» daté du {on}"))
def consents_on_paper(app: Collegia, clock: ScenarioClock, pole_id: UUID, roster: dict[str, UUID], recorded: str,
                      member: str, on: str) -> None:
    at_paris(clock, f"{recorded} 12:00")
    app.give_convocation_consent(pole_id, roster[member], channel="paper", given_on=day(on), actor=SECRETARY)


@step(pa("le {on} «{member:T}» demande le retour au courrier"))
def withdraws(app: Collegia, clock: ScenarioClock, pole_id: UUID, roster: dict[str, UUID], on: str,
              member: str) -> None:
    at_paris(clock, f"{on} 12:00")
    app.withdraw_convocation_consent(pole_id, roster[member], channel="online", actor=member)


# -- convening and sending --------------------------------------------------------------------------------
@step(pa("le {on} le secrétaire convoque une assemblée générale ordinaire pour le {meeting} à 18:00 sur :"),
      target_fixture="assembly_id")
def convenes(app: Collegia, clock: ScenarioClock, pole_id: UUID, agenda: Agenda, on: str, meeting: str,
             datatable: list[list[str]]) -> UUID:
    for row in table_records(datatable):
        draft(app, pole_id, agenda, row["résolution"], "ordinary", secret=row.get("secret", "non") == "oui")
    at_paris(clock, f"{on} 09:00")
    return app.convene_assembly(pole_id, kind="ordinary", held_at=paris(meeting, "18:00"), place=PLACE,
                                mode="hybrid", convocation="first", agenda=list(agenda.ids.values()),
                                actor=SECRETARY)


def reachable(roster: dict[str, UUID], without: str = "") -> list[str]:
    """Every member has an e-mail address on file, but those named in `without`."""
    missing = {name.strip() for name in without.split(",") if name.strip()}
    return [str(m) for name, m in roster.items() if name not in missing]


@step(pa("le {on} à {time} la convocation est envoyée"))
def sends(app: Collegia, clock: ScenarioClock, assembly_id: UUID, roster: dict[str, UUID], on: str,
          time: str) -> None:
    at_paris(clock, f"{on} {time}")
    app.send_convocation(assembly_id, reachable=reachable(roster), actor=SECRETARY)


@step(pa("le {on} à {time} la convocation est envoyée, sans adresse électronique pour «{member:T}»"))
def sends_without_address(app: Collegia, clock: ScenarioClock, assembly_id: UUID, roster: dict[str, UUID], on: str,
                          time: str, member: str) -> None:
    at_paris(clock, f"{on} {time}")
    app.send_convocation(assembly_id, reachable=reachable(roster, member), actor=SECRETARY)


@when(pa("le {on} à {time} le secrétaire tente d'envoyer la convocation"), target_fixture="refusal")
def tries_sending(app: Collegia, clock: ScenarioClock, assembly_id: UUID, roster: dict[str, UUID], on: str,
                  time: str) -> Refusal:
    at_paris(clock, f"{on} {time}")
    return attempt(app, lambda: app.send_convocation(assembly_id, reachable=reachable(roster), actor=SECRETARY))


@then("le registre des convocations indique :")
def register_says(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], datatable: list[list[str]]) -> None:
    recipients = app.get_assembly(assembly_id).convocation_sent["recipients"]
    by_name = names(roster)
    actual = {by_name[m]: (r["channel"], r["reason"], r["consent_on"] or "") for m, r in recipients.items()}
    assert actual == {row["membre"]: (CHANNEL_WORDS[row["voie"]], REASON_WORDS[row["règle"]], row["date lue"])
                      for row in table_records(datatable)}


@then("l'événement d'envoi porte l'empreinte SHA-256 du texte de la convocation")
def sent_fingerprint(app: Collegia, assembly_id: UUID) -> None:
    sent = [json.loads(state) for name, state in events_of(app, assembly_id) if name.endswith("ConvocationSent")]
    assert len(sent) == 1
    assert sent[0]["sha256"] == hashlib.sha256(sent[0]["text"].encode("utf-8")).hexdigest()
    assert sent[0]["sha256"] == fingerprint(app.get_assembly(assembly_id).convocation_sent["text"])


@then(pa("la convocation mentionne «{text:T}»"))
def convocation_says(app: Collegia, assembly_id: UUID, text: str) -> None:
    sent = app.get_assembly(assembly_id).convocation_sent
    assert text in sent["text"], sent["text"]


@step(pa("le secrétaire enregistre le dépôt des lettres à la poste le {on}"))
def posted(app: Collegia, clock: ScenarioClock, assembly_id: UUID, on: str) -> None:
    at_paris(clock, f"{on} 17:00")
    app.record_posting(assembly_id, posted_on=day(on), actor=SECRETARY)


@then(pa("le délai de convocation est {state} : {days} jours pour {needed:d} requis"))
def notice_state(app: Collegia, assembly_id: UUID, state: str, days: str, needed: int) -> None:
    kept = app.get_assembly(assembly_id).notice_kept()
    assert kept is not None and kept["needed"] == needed
    assert sorted(kept["days"].values()) == sorted(int(d) for d in days.split(" et "))
    assert kept["kept"] == (state == "respecté")


# -- documents -----------------------------------------------------------------------------------------------
@step(pa("le {on} le secrétaire met à disposition «{name:T}» de contenu «{content:T}»"))
def document(app: Collegia, clock: ScenarioClock, assembly_id: UUID, on: str, name: str, content: str) -> None:
    at_paris(clock, f"{on} 11:00")
    data = content.encode()
    app.make_document_available(assembly_id, sha256=hashlib.sha256(data).hexdigest(), name=name, size=len(data),
                                media_type="application/pdf", actor=SECRETARY)


@then(pa("le registre prouve que «{name:T}» d'empreinte {sha} est à disposition depuis le {on}"))
def document_in_register(app: Collegia, assembly_id: UUID, name: str, sha: str, on: str) -> None:
    made = [json.loads(state) for kind, state in events_of(app, assembly_id) if kind.endswith("DocumentMadeAvailable")]
    found = [d for d in made if d["name"] == name]
    assert len(found) == 1 and found[0]["sha256"] == sha
    assert app.get_assembly(assembly_id).documents[0]["made_available_at"].astimezone(
        paris(on, "00:00").tzinfo).date() == day(on)


@then(pa("le procès-verbal cite «{name:T}» d'empreinte {sha}"))
def document_in_minutes(app: Collegia, assembly_id: UUID, name: str, sha: str) -> None:
    assert {"name": name, "sha256": sha} in [{k: d[k] for k in ("name", "sha256")}
                                             for d in app.minutes(assembly_id)["documents"]]


# -- correspondence forms ------------------------------------------------------------------------------------
def _choices(agenda: Agenda, row: dict[str, str]) -> dict[str, str]:
    return {str(agenda.get(title)): CHOICE_WORDS[row[title]] for title in agenda.ids if CHOICE_WORDS.get(row.get(title, ""))}


def _form(app: Collegia, clock: ScenarioClock, assembly_id: UUID, roster: dict[str, UUID], agenda: Agenda,
          row: dict[str, str]) -> None:
    member = row["membre"]
    way = WAYS[row.get("forme", "par correspondance")]
    choices = _choices(agenda, row) if way == "votes" else {}
    if row["reçu"] == "en ligne":
        at_paris(clock, row["le"])
        app.record_correspondence_form(assembly_id, roster[member], way=way, choices=choices, channel="online",
                                       represented=[str(roster[member])], actor=member)
    else:
        at_paris(clock, f"{row['le']} 17:00")
        app.record_correspondence_form(assembly_id, roster[member], way=way, choices=choices, channel="paper",
                                       received_on=day(row["le"]), actor=SECRETARY)


@step("les formulaires de vote par correspondance :")
def forms(app: Collegia, clock: ScenarioClock, assembly_id: UUID, roster: dict[str, UUID], agenda: Agenda,
          datatable: list[list[str]]) -> None:
    for row in table_records(datatable):
        _form(app, clock, assembly_id, roster, agenda, row)


@when("on tente d'enregistrer le formulaire :", target_fixture="refusal")
def tries_form(app: Collegia, clock: ScenarioClock, assembly_id: UUID, roster: dict[str, UUID], agenda: Agenda,
               datatable: list[list[str]]) -> Refusal:
    rows = table_records(datatable)
    assert len(rows) == 1
    return attempt(app, lambda: _form(app, clock, assembly_id, roster, agenda, rows[0]))


@then(pa("le formulaire de «{member:T}» est {state}"))
def form_state(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], member: str, state: str) -> None:
    assert app.get_assembly(assembly_id).forms[str(roster[member])]["status"] == FORM_STATES[state]


@step(pa("le {on} à {time} la séance est ouverte"))
def session_at(app: Collegia, clock: ScenarioClock, assembly_id: UUID, on: str, time: str) -> None:
    at_paris(clock, f"{on} {time}")
    app.open_session(assembly_id, actor=SECRETARY)


@then(pa("le bulletin de «{member:T}» sur «{title:T}» est «{choice}», porté par son formulaire"))
def form_ballot(app: Collegia, agenda: Agenda, roster: dict[str, UUID], member: str, title: str,
                choice: str) -> None:
    ballot = app.get_proposal(agenda.get(title)).ballots[str(roster[member])]
    assert ballot == {"choice": CHOICE_WORDS[choice], "proxy_holder": None}


@then(pa("aucun événement ne contient en clair un choix de «{member:T}» sur «{title:T}»"))
def secret_forms(app: Collegia, assembly_id: UUID, agenda: Agenda, roster: dict[str, UUID], member: str,
                 title: str) -> None:
    key, who = str(agenda.get(title)), str(roster[member])
    seen = []
    for aggregate in (assembly_id, agenda.get(title)):
        for kind, state in events_of(app, aggregate):
            data = json.loads(state)
            if data.get("member_id") == who:
                assert '"choice"' not in state.decode(), kind  # no event of this member names a choice
            if kind.endswith(("CorrespondenceFormRecorded", "SecretBallotCast")) and data.get("member_id") == who:
                assert key not in data.get("choices", {}), kind
                sealed = data["sealed"] if kind.endswith("SecretBallotCast") else data["sealed"][key]
                assert sealed.startswith("v2:") and len(sealed) == SEALED_LENGTH, kind
                seen.append(kind)
    assert seen == ["CorrespondenceFormRecorded", "SecretBallotCast"]  # the form, then its ballot, both sealed


# -- a second convocation ----------------------------------------------------------------------------------------
@step(pa("le {on} le secrétaire lève la séance faute de quorum"))
def closes_without_quorum(app: Collegia, clock: ScenarioClock, assembly_id: UUID, on: str) -> None:
    at_paris(clock, f"{on} 18:30")
    app.close_session(assembly_id, actor=SECRETARY)


@step(pa("le {on} le secrétaire convoque en deuxième convocation pour le {meeting} à 18:00 sur le même ordre du jour"),
      target_fixture="assembly_id")
def second_convocation(app: Collegia, clock: ScenarioClock, pole_id: UUID, assembly_id: UUID, agenda: Agenda,
                       on: str, meeting: str) -> UUID:
    at_paris(clock, f"{on} 09:00")
    return app.convene_assembly(pole_id, kind="ordinary", held_at=paris(meeting, "18:00"), place=PLACE,
                                mode="hybrid", convocation="second", agenda=list(agenda.ids.values()),
                                actor=SECRETARY, follows=assembly_id)


# -- incidents ---------------------------------------------------------------------------------------------------------
@step(pa("le secrétaire enregistre un incident de {start} à {end} le {on} : «{text:T}»"))
def incident(app: Collegia, assembly_id: UUID, start: str, end: str, on: str, text: str) -> None:
    app.record_incident(assembly_id, started_at=paris(on, start), ended_at=paris(on, end), description=text,
                        actor=SECRETARY)


@then(pa("le procès-verbal indique l'incident «{text:T}»"))
def incident_in_minutes(app: Collegia, assembly_id: UUID, text: str) -> None:
    assert [i["description"] for i in app.minutes(assembly_id)["incidents"]] == [text]


@then(pa("le procès-verbal indique une convocation par courriel à {email:d} et par courrier à {post:d} membres, "
         "délai {state}"))
def minutes_convocation(app: Collegia, assembly_id: UUID, email: int, post: int, state: str) -> None:
    convened = app.minutes(assembly_id)["convened"]
    assert (convened["by_email"], convened["by_post"], convened["notice"]["kept"]) == (email, post,
                                                                                      state == "respecté")


@then("rien n'a été enregistré depuis")
def nothing_since(refusal: Refusal) -> None:
    assert refusal.stored_after == refusal.stored_before


@then(pa("les membres qui comptent pour le quorum sont {count:d} sur {entitled:d}"))
def quorum_count(app: Collegia, assembly_id: UUID, count: int, entitled: int) -> None:
    status = app.get_assembly(assembly_id).quorum()
    assert (status.attending, status.entitled) == (count, entitled)


@then(pa("«{member:T}» reçoit la convocation par {channel}"))
def routed(app: Collegia, assembly_id: UUID, roster: dict[str, UUID], member: str, channel: str) -> None:
    assert app.get_assembly(assembly_id).convocation_sent["recipients"][str(roster[member])]["channel"] == \
        CHANNEL_WORDS[channel]



@when(pa("le {on} à {time} le secrétaire tente d'ouvrir la séance"), target_fixture="refusal")
def tries_opening(app: Collegia, clock: ScenarioClock, assembly_id: UUID, on: str, time: str) -> Refusal:
    at_paris(clock, f"{on} {time}")
    return attempt(app, lambda: app.open_session(assembly_id, actor=SECRETARY))


@then("le délai de convocation n'est pas établi : les lettres ne sont pas déposées")
def notice_unposted(app: Collegia, assembly_id: UUID) -> None:
    kept = app.get_assembly(assembly_id).notice_kept()
    assert kept is not None and kept["unposted"] and not kept["kept"]
    assert app.minutes(assembly_id)["convened"]["notice"]["kept"] is False


@when(pa("le secrétaire tente d'enregistrer le {recorded} le retour au courrier de «{member:T}» daté du {on}"),
      target_fixture="refusal")
def tries_backdated_withdrawal(app: Collegia, clock: ScenarioClock, pole_id: UUID, roster: dict[str, UUID],
                               recorded: str, member: str, on: str) -> Refusal:
    at_paris(clock, f"{recorded} 12:00")
    return attempt(app, lambda: app.withdraw_convocation_consent(pole_id, roster[member], channel="paper",
                                                                 asked_on=day(on), actor=SECRETARY))


@step(pa("une résolution extraordinaire «{title:T}» propose d'exclure le vote par correspondance"))
def amendment_without_correspondence(app: Collegia, pole_id: UUID, agenda: Agenda, title: str) -> None:
    statutes = {**app.get_pole(pole_id).statutes.to_dict(), "correspondence_voting": False}
    draft(app, pole_id, agenda, title, "extraordinary", {"type": "amend_statutes", "statutes": statutes})


@when(pa("le secrétaire tente d'ouvrir en ligne le vote de «{title:T}» cette semaine"), target_fixture="refusal")
def tries_opening_vote(app: Collegia, clock: ScenarioClock, agenda: Agenda, title: str) -> Refusal:
    return attempt(app, lambda: app.open_voting(agenda.get(title), closes_at=clock.now + timedelta(days=7),
                                                actor=SECRETARY))


@given("les statuts ne prévoient pas la participation par des moyens électroniques")
def no_online_forms(statutes: dict[str, Any]) -> None:
    statutes["online_forms"] = False


@step(pa("le {on} «{member:T}» se retire du pôle"))
def leaves_on(app: Collegia, clock: ScenarioClock, pole_id: UUID, roster: dict[str, UUID], on: str,
              member: str) -> None:
    at_paris(clock, f"{on} 12:00")
    app.withdraw_member(pole_id, roster[member], reason="départ", actor=member)
