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
               email="nadia@example.org", hours=72, minutes=60)
ENGLISH_WORDS = (" the ", " vote is ", " your ", " please ", " click ", " link ")


def test_the_templates_are_found() -> None:
    assert {"invitation", "reminder", "result", "minutes", "welcome", "digest", "proxy", "account_invitation",
            "password_reset", "email_change", "email_changed"} <= set(NAMES)


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
