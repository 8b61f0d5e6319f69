"""The French catalogue is complete: every message translated, nothing fuzzy, placeholders kept."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parents[2] / "web" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
PLACEHOLDERS = re.compile(r"\{(\w+)\}|%\((\w+)\)s")


def test_every_message_has_a_french_translation_with_the_same_placeholders():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        target = message.string if isinstance(message.string, str) else message.string[0]
        if not target or message.fuzzy:
            problems.append(f"untranslated or fuzzy: {source!r}")
        elif sorted(PLACEHOLDERS.findall(source)) != sorted(PLACEHOLDERS.findall(target)):
            problems.append(f"placeholders differ: {source!r} -> {target!r}")
    assert not problems, "\n".join(problems)
