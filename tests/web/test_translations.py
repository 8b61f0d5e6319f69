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


def test_the_first_of_a_month_is_written_as_an_ordinal_in_french(app):
    """« 1er avril 2025 », not « 1 avril 2025 » (French typography); other days and English are left as Babel
    writes them."""
    from datetime import date

    from flask_babel import force_locale

    from web.formatting import date_long
    with app.test_request_context(), force_locale("fr"):
        assert date_long(date(2025, 4, 1)) == "1er avril 2025"
        assert date_long("2025-04-11") == "11 avril 2025" and date_long(date(2025, 4, 21)) == "21 avril 2025"
    with app.test_request_context(), force_locale("en"):
        assert date_long(date(2025, 4, 1)) == "April 1, 2025"


def test_every_message_the_code_says_is_in_the_french_catalogue(tmp_path):
    """What `make messages` would extract (the code's and templates' messages, the domain's refusal templates) is
    all in the catalogue: a message added without its French shows in English on a French page."""
    import subprocess
    import sys

    root = CATALOGUE.parents[4]
    keywords = [arg for line in (root / "web" / "translations_keywords.txt").read_text().split()
                for arg in ("-k", line)]
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", *keywords,
                    "--no-location", "-o", str(pot), "."], cwd=root, check=True, capture_output=True)
    with pot.open("rb") as f:
        extracted = read_po(f)
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    missing = [m.id for m in extracted if m.id and catalogue.get(m.id, m.context) is None]
    assert not missing, "no French for:\n" + "\n".join(map(str, missing))
