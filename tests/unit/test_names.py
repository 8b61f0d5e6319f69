"""Names cannot hide characters (issue 15, point 8): no direction overrides, zero-width or other format
characters in a name, no direction overrides in any text; NFC normalisation; old events still replay."""

from __future__ import annotations

import unicodedata
from typing import Any, Callable

import pytest

from governance.application import replay
from governance import base
from governance.errors import InvalidInput
from tests.unit.conftest import ACTOR

# One character of each class the rule refuses in a name, with the code point the message names.
HIDDEN = {
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "pop directional formatting": "\u202c",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte-order mark": "\ufeff",
    "right-to-left mark (Cf)": "\u200f",
    "soft hyphen (Cf)": "\u00ad",
    "invisible times (Cf)": "\u2062",
    "line separator": "\u2028",
}
RULE = r"contains an invisible or direction-changing character \(U\+{:04X}\)$"


@pytest.mark.parametrize("kind", sorted(HIDDEN))
def test_a_member_name_with_a_hidden_character_is_refused_naming_the_rule(
        make_world: Callable[..., Any], refused: Any, kind: str) -> None:
    world = make_world()
    character = HIDDEN[kind]
    with refused(InvalidInput, match="^member name " + RULE.format(ord(character))) as info:
        world.request(f"Coop{character}Vallée")
    assert info.value.params["field"] == "member name"


@pytest.mark.parametrize("kind", ["right-to-left override", "zero-width space", "byte-order mark"])
def test_pole_names_titles_and_representatives_refuse_them_too(
        app: Any, make_world: Callable[..., Any], refused: Any, kind: str) -> None:
    character = HIDDEN[kind]
    with refused(InvalidInput, match="^name " + RULE.format(ord(character))):
        app.found_pole(name=f"Pôle{character}", territory="Drôme", legal_form="SCIC", actor=ACTOR,
                       statutes={"model": "one_member_one_vote", "colleges": []})
    world = make_world()
    with refused(InvalidInput, match="^title " + RULE.format(ord(character))):
        world.draft(title=f"Budget{character}2027")
    with refused(InvalidInput, match="^representative " + RULE.format(ord(character))):
        world.app.request_membership(world.pole_id, name="Coop", kind="company", category="usager",
                                     representative=f"Léa{character}", actor=ACTOR)
    with refused(InvalidInput, match="^actor " + RULE.format(ord(character))):
        world.app.request_membership(world.pole_id, name="Coop", kind="person", category="usager",
                                     representative="", actor=f"Claire{character} <c@pole.example>")


@pytest.mark.parametrize("control", ["\t", "\n", "\r"])
def test_a_name_is_one_line(make_world: Callable[..., Any], refused: Any, control: str) -> None:
    world = make_world()
    with refused(InvalidInput, match="^member name contains control characters$"):
        world.request(f"Coop{control}Vallée")


@pytest.mark.parametrize("override", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2069"])
def test_multi_line_text_refuses_direction_overrides(make_world: Callable[..., Any], refused: Any,
                                                     override: str) -> None:
    world = make_world()
    with refused(InvalidInput, match="^proposal text " + RULE.format(ord(override))):
        world.app.draft_proposal(world.pole_id, title="Budget", text=f"Approuver {override}le budget.", actor=ACTOR)


def test_multi_line_text_keeps_line_breaks_joiners_and_marks(make_world: Callable[..., Any]) -> None:
    """Zero-width joiners (emoji, Indic and Persian scripts), LRM / RLM marks (mixed Arabic or Hebrew and
    Latin text) and soft hyphens are legitimate in prose and do not reorder it: text keeps them."""
    world = make_world()
    text = "Article 1.\n\tLe pôle 👩\u200d🌾 accueille مرحبا\u200f (2026) et la co\u00adopération."
    proposal = world.app.draft_proposal(world.pole_id, title="Budget", text=text, actor=ACTOR)
    assert world.app.get_proposal(proposal).text == text


def test_names_are_normalised_to_nfc(make_world: Callable[..., Any]) -> None:
    world = make_world()
    decomposed = "Coope\u0301rative E\u0301lan"
    assert unicodedata.normalize("NFC", decomposed) != decomposed
    member = world.request(decomposed)
    assert world.app.get_pole(world.pole_id).member(member)["name"] == "Coopérative Élan"
    assert base.clean_name("  A\u030angstro\u0308m ", "name") == "Ångström"
    assert base.clean_text("Texte\u0301 long", "text", max_length=5000) == "Texté long"


def test_visible_names_in_every_script_are_accepted() -> None:
    for name in ("Société coopérative d'intérêt collectif", "Ørsted", "Ελλάδα", "Łódź", "日本語",
                 "مرحبا", "Café\u00a0associatif", "Nom avec emoji 🗳️"):
        assert base.clean_name(name, "name") == name


def test_events_recorded_with_such_characters_still_load_and_replay(app: Any, make_world: Callable[..., Any]) -> None:
    """Validation is only on new commands: a name recorded before the rule existed still replays."""
    world = make_world()
    pole = world.app.get_pole(world.pole_id)
    hidden = "Coop\u202eruoC\u200b"
    pole._membership_requested(member_id="00000000-0000-0000-0000-000000000001", name=hidden, kind="person",
                               category="usager", representative=hidden, actor="old\u200b")
    world.app.save(pole)
    replayed = replay(None, app.events.get(world.pole_id))  # every stored event decoded and applied again
    assert replayed.member("00000000-0000-0000-0000-000000000001")["name"] == hidden
    assert world.app.get_pole(world.pole_id).member("00000000-0000-0000-0000-000000000001")["name"] == hidden


def test_a_college_name_with_a_hidden_character_is_refused() -> None:
    from governance.statutes import Statutes, check_statutes
    statutes = Statutes.from_dict({"model": "scic", "colleges": [
        {"code": "salaries", "name": "Sala\u200bri\u00e9s", "share": "50%"},
        {"code": "usagers", "name": "Usagers", "share": "30%"},
        {"code": "partenaires", "name": "Partenaires", "share": "20%"}]})
    with pytest.raises(InvalidInput, match="college name contains an invisible or direction-changing character"):
        check_statutes(statutes)
