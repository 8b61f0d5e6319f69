"""Every message exists in French and in English (issue 19: "translations complete in French and
English"), starts with its subject, renders with the context the planner gives it, and the French
one reads French: no English sentence left in it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from notifications import compose
from notifications.compose import TEMPLATES, render

NAMES = sorted({p.name.split(".")[0] for p in TEMPLATES.glob("*.txt") if not p.name.startswith("_")})
AT = datetime(2026, 12, 5, 17, 0, tzinfo=UTC)
CONTEXT = dict(name="Nadia Benali", pole="Drôme Coopère", members="Régie de quartier", title="Budget 2027",
               summary="Adopter le budget.", secret=True, closes_at=AT, url="https://collegia.example/v",
               unsubscribe_url="https://collegia.example/u", preferences_url="https://collegia.example/p",
               principal="SCOP Les Jardins", outcome="adoptée", result="2/3", threshold="1/2", participants=3,
               entitled=4, colleges=[{"name": "Salariés", "hidden": True, "votes_for": 1, "votes_against": 0,
                                      "abstentions": 0, "participants": 1, "electorate": 1}],
               member="Régie de quartier", day="05/12/2026", items=[{"subject": "Vote ouvert", "text": "…"}],
               email="nadia@example.org", hours=72, minutes=60, assembly_kind="mixed", held_at=AT,
               sent_at=datetime(2026, 11, 16, 9, 30, tzinfo=UTC), consent_on="2026-09-01",
               text="# Drôme Coopère\n\n# Avis de convocation à l'assemblée générale mixte\n\n- Résolution 1",
               sha256="0" * 64, assembly_url="https://collegia.example/a",
               documents_url="https://collegia.example/a#documents-title",
               correspondence_url="https://collegia.example/a/correspondence",
               author="SCOP Les Jardins", excerpt="Régie de quartier, pouvez-vous relire l'article 3 ?")
ENGLISH_WORDS = (" the ", " vote is ", " your ", " please ", " click ", " link ")


def test_the_templates_are_found() -> None:
    assert {"invitation", "reminder", "result", "minutes", "welcome", "digest", "proxy", "account_invitation",
            "password_reset", "email_change", "email_changed", "convocation"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_message_exists_in_both_languages_and_the_french_one_is_french(name: str) -> None:
    for locale in ("fr", "en"):
        assert (TEMPLATES / f"{name}.{locale}.txt").exists(), f"{name} has no {locale} text"
        subject, text = render(name, locale, **CONTEXT)
        assert subject and text.strip()
    subject, text = render(name, "fr", **CONTEXT)
    lowered = f" {subject} {text} ".lower().replace("\n", " ")
    assert not [w for w in ENGLISH_WORDS if w in lowered], (name, subject, text)


def test_dates_and_shares_are_written_the_french_way() -> None:
    assert compose.when(AT, "fr") == "5 décembre 2026 à 18:00 (heure de Paris)"
    assert compose.percent("2/3", "fr") == "66,7\u202f%"
    assert compose.when(AT, "en") == "December 5, 2026 at 6:00 pm (Paris time)"


def test_the_secret_result_names_no_college_figure_that_would_reveal_a_ballot() -> None:
    _, text = render("result", "fr", **CONTEXT)
    assert "détail non publié" in text and "1 pour" not in text


def test_an_unknown_language_falls_back_to_french() -> None:
    assert render("welcome", "de", **CONTEXT)[0] == "Bienvenue à Drôme Coopère"


def test_the_convocation_says_its_nature_day_and_pole_and_keeps_the_text_as_it_was_recorded() -> None:
    subject, text = render("convocation", "fr", **CONTEXT)
    assert subject == "Convocation : assemblée générale mixte du 5 décembre 2026 — Drôme Coopère"
    assert f"{CONTEXT['text']}\n\nEmpreinte SHA-256 de cette convocation : {'0' * 64}\n" in text
    assert "accord du 1er septembre 2026" in text
    subject, text = render("convocation", "en", **CONTEXT)
    assert subject == "Notice of meeting: mixed general meeting of 5 December 2026 — Drôme Coopère"
    assert CONTEXT["text"] in text
    assert "https://collegia.example/a/correspondence" not in render("convocation", "fr", **{
        **CONTEXT, "correspondence_url": ""})[1]
