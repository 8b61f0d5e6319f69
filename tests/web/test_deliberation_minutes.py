"""The debate in the minutes and in the register's exports (issue 23; Code de commerce R225-106, R223-24: « un résumé
des débats, le texte des résolutions mises aux voix et le résultat des votes »).

One online vote of the demo pole is deliberated through the app's commands: comments (a reply, the secretariat's,
an edited one, a hidden one), an amendment adopted before the vote, another one rejected with its reason, the
debate's summary. Its minutes (page and PDF) state them; the register's exports hold the amendments and the
comments, never a ballot beside a comment; minutes without a debate render as they always did. A lapsed amendment's
reason, written by the domain, is stated in French on the proposal's page as in the minutes."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from types import SimpleNamespace

import pytest
from flask import render_template_string
from pypdf import PdfReader

from governance.deliberation import discussion_id
from web.assemblies.minutes import _labels as minutes_labels

TEXT = "Le pôle adopte le budget 2027 de 80 000 euros. Il recrute un animateur."
AMENDED = TEXT.replace("80 000", "65 000")
SUMMARY = "Les membres ont débattu du montant ; la Biocoop a proposé 65 000 euros, adoptés."
REJECTION = "Hors de l'objet de la résolution (L225-105 al. 3)"
HIDING = "Propos injurieux envers un membre"
ACTOR = "claire.martin@terres-de-liens-coop.example"
NEW_HEADINGS = ("Résumé des débats", "Amendements", "Amendement n°", "Texte tel que déposé", "Texte mis aux voix",
                'class="amendment"', 'class="debate-summary"')
LAPSED = "le passage qu'il modifie a été changé par un amendement adopté avant lui"  # governance LAPSED_PASSAGE


@pytest.fixture
def deliberated(app, pole_id) -> SimpleNamespace:
    """A resolution published for discussion, debated, amended (one adopted, one rejected), then adopted."""
    collegia = app.extensions["collegia"].app
    members = {m["name"]: m["id"] for m in app.extensions["collegia.queries"].members(pole_id, status="admitted")}
    biocoop, commune, regie = (members["Biocoop Crest"], members["Commune de Crest"],
                               members["Régie de quartier Fontbarlettes"])
    proposal = collegia.draft_proposal(pole_id, title="Budget 2027 de l'animation", text=TEXT, actor=ACTOR)
    collegia.publish_for_discussion(proposal, actor=ACTOR)
    question = collegia.post_comment(proposal, member_id=regie, text="Pourquoi 80 000 euros ?", actor="regie")
    collegia.post_comment(proposal, member_id=None, text="Le poste d'animateur compte pour moitié.",
                          reply_to=question, actor=ACTOR)
    edited = collegia.post_comment(proposal, member_id=biocoop, text="Trop élevé", actor="biocoop")
    collegia.edit_comment(proposal, edited, text="Trop élevé : nous proposons 65 000 euros.", actor="biocoop")
    rude = collegia.post_comment(proposal, member_id=commune, text="Propos blessant", actor="commune")
    collegia.hide_comment(proposal, rude, reason=HIDING, actor=ACTOR)
    adopted = collegia.table_amendment(proposal, member_id=biocoop, passage="80 000 euros", wording="65 000 euros",
                                       motive="Le budget doit rester prudent.", actor="biocoop")
    rejected = collegia.table_amendment(proposal, member_id=commune, passage="Il recrute un animateur.",
                                        wording="Il dissout le pôle.", actor="commune")
    collegia.admit_amendment(adopted, actor=ACTOR)
    collegia.reject_amendment(rejected, reason=REJECTION, actor=ACTOR)
    closes_at = datetime.now(UTC) + timedelta(days=7)
    collegia.open_voting(adopted, closes_at=closes_at, actor=ACTOR)
    for name, member in members.items():
        collegia.cast_ballot(adopted, member, "against" if name == "Commune de Crest" else "for", actor=name)
    collegia.close_voting(adopted, actor=ACTOR)
    collegia.open_voting(proposal, closes_at=closes_at, actor=ACTOR)
    for name, member in members.items():
        collegia.cast_ballot(proposal, member, "for", actor=name)
    collegia.close_voting(proposal, actor=ACTOR)
    collegia.summarise_debate(proposal, summary=SUMMARY, actor=ACTOR)
    return SimpleNamespace(proposal=str(proposal), adopted=str(adopted), rejected=str(rejected),
                           document=collegia.minutes(proposal))


@pytest.fixture
def lapsed(app, pole_id) -> SimpleNamespace:
    """A resolution published for discussion with two admitted amendments changing the same passage: once the first
    is adopted, the second lapses (the domain writes its reason, in English, in the event)."""
    collegia = app.extensions["collegia"].app
    members = {m["name"]: m["id"] for m in app.extensions["collegia.queries"].members(pole_id, status="admitted")}
    proposal = collegia.draft_proposal(pole_id, title="Budget 2027 des ateliers", text=TEXT, actor=ACTOR)
    collegia.publish_for_discussion(proposal, actor=ACTOR)
    adopted = collegia.table_amendment(proposal, member_id=members["Biocoop Crest"], passage="80 000 euros",
                                       wording="65 000 euros", actor="biocoop")
    lapsing = collegia.table_amendment(proposal, member_id=members["Commune de Crest"], passage="80 000 euros",
                                       wording="70 000 euros", actor="commune")
    collegia.admit_amendment(adopted, actor=ACTOR)
    collegia.admit_amendment(lapsing, actor=ACTOR)
    collegia.open_voting(adopted, closes_at=datetime.now(UTC) + timedelta(days=7), actor=ACTOR)
    for name, member in members.items():
        collegia.cast_ballot(adopted, member, "for", actor=name)
    collegia.close_voting(adopted, actor=ACTOR)
    assert collegia.get_proposal(lapsing).amendment["status"] == "lapsed"
    return SimpleNamespace(proposal=str(proposal), lapsed=str(lapsing))


def _text(fragment: str) -> str:
    """The words of an HTML fragment, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _pdf_text(data: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_the_minutes_state_the_debate_the_amendments_and_both_texts(as_role, pole_id, deliberated):
    section = deliberated.document["resolutions"][0]
    figures = section["amendments"][0]["tally"]
    assert (section["text"], section["drafted_text"], figures["outcome"]) == (AMENDED, TEXT, "adopted")
    client = as_role("secretary")
    page = client.get(f"/poles/{pole_id}/minutes/{deliberated.proposal}").get_data(as_text=True)
    words = _text(page)
    # In the order of the brief: the summary, the amendments, the text as drafted, the text put to the vote, its result.
    order = [words.index(w) for w in ("Résumé des débats", SUMMARY, "Amendements", "Amendement n° 1",
                                      "Amendement n° 2", "Texte tel que déposé", TEXT, "Texte mis aux voix", AMENDED)]
    assert order == sorted(order) and words.rindex("Décompte par collège") > order[-1], words
    first, second = (_text(block) for block in re.findall(r'<div class="amendment">(.*?)</div>', page, re.DOTALL))
    assert "Déposé par Biocoop Crest (Anne Vidal)." in first
    assert "Remplace « 80 000 euros » par « 65 000 euros »." in first
    assert "Motif : Le budget doit rester prudent." in first and "Suite donnée : admis" in first
    # The same figures as a resolution's result: participation, the count per college, the weighted result.
    assert "Participation : 12 sur 12 membres" in first and "bulletins déposés : 12, dont par pouvoir : 0" in first
    assert "Décompte par collège" in first and "Collectivités" in first
    pct = lambda value: f"{float(Fraction(value)) * 100:.2f}".replace(".", ",") + " %"  # noqa: E731 (spaces collapsed)
    assert f"Résultat pondéré : {pct(figures['result'])} pour" in first and "Issue : Adoptée" in first
    assert f"Suite donnée : irrecevable : {REJECTION}" in second and "Décompte par collège" not in second
    assert "Déposé par Commune de Crest (Bernard Chauvin)." in second

    pdf = client.get(f"/poles/{pole_id}/minutes/{deliberated.proposal}.pdf")
    assert pdf.status_code == 200
    text = _pdf_text(pdf.data)
    for expected in ("Résumé des débats", SUMMARY, "Amendement n° 1", "Suite donnée : admis",
                     f"Résultat pondéré : {pct(figures['result'])} pour", f"irrecevable : {REJECTION}",
                     "Texte tel que déposé", TEXT, "Texte mis aux voix", AMENDED):
        assert " ".join(expected.split()) in text, expected


def test_a_lapsed_amendments_reason_is_in_french_on_the_proposal_page_as_in_the_minutes(as_role, pole_id, lapsed):
    client = as_role("member")
    for page in (f"/poles/{pole_id}/proposals/{lapsed.proposal}", f"/poles/{pole_id}/proposals/{lapsed.lapsed}"):
        words = _text(client.get(page).get_data(as_text=True))  # the resolution's page lists it, its own page too
        assert "Caduc" in words and LAPSED in words, page
        assert "adopted before" not in words, page  # never the domain's English
    client = as_role("secretary")
    minutes = _text(client.get(f"/poles/{pole_id}/minutes/{lapsed.proposal}").get_data(as_text=True))
    assert f"Suite donnée : caduc : {LAPSED}" in minutes


# The figures of a resolution's vote as the minutes wrote them before issue 23, which moved them into the macro
# `tally_figures` that an amendment's figures share (web/assemblies/templates/minutes/_document.html).
FIGURES_BEFORE_23 = """<p>{{ _("Participation: %(participants)s of %(entitled)s members (quorum %(quorum)s: %(met)s); \
%(ballots)s ballots, %(proxies)s cast by proxy.", participants=t.participants, entitled=t.entitled, \
quorum=t.quorum|pct, met=(_("reached") if t.quorum_met else _("not reached")), ballots=r.ballots, \
proxies=r.proxies_used) }}</p>
    <table class="tally">
      <caption>{{ _("Count per college") }}</caption>
      <thead><tr><th scope="col">{{ _("College") }}</th><th scope="col" class="num">{{ _("Statutory share") }}</th>\
<th scope="col" class="num">{{ _("Electorate") }}</th>
        <th scope="col" class="num">{{ _("For") }}</th><th scope="col" class="num">{{ _("Against") }}</th>\
<th scope="col" class="num">{{ _("Abstentions") }}</th>
        <th scope="col" class="num">{{ _("Effective weight") }}</th><th scope="col" class="num">\
{{ _("Share in favour") }}</th></tr></thead>
      <tbody>{% for c in t.colleges %}
        <tr><th scope="row">{{ c.name or c.code }}</th><td class="num">{{ c.share|pct }}</td><td class="num">\
{{ c.electorate }}</td>
          <td class="num">{{ c.votes_for }}</td><td class="num">{{ c.votes_against }}</td><td class="num">\
{{ c.abstentions }}</td>
          <td class="num">{{ c.effective_weight|pct }}</td><td class="num">{{ c.share_in_favour|pct }}</td></tr>
      {% endfor %}</tbody>
    </table>
    <p>{{ _("Empty-college rule applied:") }} {{ rule_label(t.rule_applied, r.college_names) }}.
      {{ _("Weighted result: %(result)s in favour, where %(threshold)s was needed.", result=t.result|pct, \
threshold=threshold_words(t.threshold_strict, t.threshold)) }}</p>
    <p class="outcome"><strong>{{ _("Outcome:") }} {{ outcome_options.get(r.outcome, r.outcome) }}</strong></p>"""


def _template_before_23(source: str) -> str:
    """The minutes' template without what issue 23 added: a resolution's debate (its summary, amendments and texts)
    and the macro the figures of a vote moved into, those figures written out again as they were."""
    source, debates = re.subn(r"\n *\{#- The debate .*?\{%- endif %\}", "", source, flags=re.DOTALL)
    source, macros = re.subn(r"\{# The figures of a vote .*?\{% endmacro -%\}\n", "", source, flags=re.DOTALL)
    calls = source.count("{{ tally_figures(t, r, r.college_names) }}")
    assert (debates, macros, calls) == (1, 1, 1), "the minutes' template changed: say here what issue 23 added"
    return source.replace("{{ tally_figures(t, r, r.college_names) }}", FIGURES_BEFORE_23)


def _minutes_article(html_page: str) -> str:
    start = html_page.index('<article class="minutes">')
    return html_page[start:html_page.index("</article>", start) + len("</article>")]


def test_minutes_without_a_debate_render_as_before(app, as_role, pole_id):
    """The demo's minutes (an assembly and online votes, none deliberated) are byte for byte what the template
    rendered before issue 23 (without the debate's block, the figures written out as they were), from a document
    with no deliberation key; the signed minutes still match what was signed."""
    queries = app.extensions["collegia.queries"]
    subjects = [a["id"] for a in queries.assemblies(pole_id)] + [
        p["id"] for p in queries.register(pole_id, limit=100) if p["status"] == "closed" and not p["assembly_id"]]
    client = as_role("secretary")
    collegia = app.extensions["collegia"].app
    source = app.jinja_env.loader.get_source(app.jinja_env, "minutes/_document.html")[0]
    before = _template_before_23(source)
    resolutions = 0
    for subject in subjects:
        doc = collegia.minutes(subject)
        for section in doc["resolutions"]:
            assert not {"debate_summary", "drafted_text", "amendments"} & set(section), subject
        page = client.get(f"/poles/{pole_id}/minutes/{subject}").get_data(as_text=True)
        with app.test_request_context():  # in French, as the page (no language chosen)
            expected = render_template_string(before, doc=doc, **minutes_labels())
        article = _minutes_article(page)
        assert article == _minutes_article(expected), subject
        assert "<h3" not in article and "<h4" not in article, subject  # minutes before issue 23 had no sub-heading
        resolutions += page.count('<section class="resolution">')
        assert all(s["current"] for s in doc["signatures"]), subject
    assert len(subjects) > 1 and resolutions > len(subjects)  # the demo's assembly and votes, not an empty list
    signed = subjects[0]  # the demo's assembly, signed in the register (its PDF awaits its signatures: issue 25)
    collegia.sign_minutes(signed, signer="Élise Morel", capacity="chair", actor="test")
    text = _pdf_text(client.get(f"/poles/{pole_id}/minutes/{signed}.pdf").data)
    assert "Résolution n° 1" in text and not [h for h in NEW_HEADINGS[:5] if h in text]


def _csv(response) -> tuple[list[str], list[dict[str, str]]]:
    body = response.get_data().decode("utf-8")
    assert response.mimetype == "text/csv" and body.startswith("\ufeff")
    header, *rows = csv.reader(io.StringIO(body[1:]), delimiter=";")
    return header, [dict(zip(header, row)) for row in rows]


def test_the_register_exports_hold_the_amendments_and_the_comments(as_role, pole_id, deliberated):
    client = as_role("secretary")
    _header, rows = _csv(client.get(f"/poles/{pole_id}/register.csv?q=animation"))
    by_id = {row["Identifiant"]: row for row in rows}
    assert set(by_id) == {deliberated.proposal, deliberated.adopted, deliberated.rejected}
    adopted, rejected = by_id[deliberated.adopted], by_id[deliberated.rejected]
    assert (adopted["Résolution amendée"], adopted["N° d'amendement"], adopted["Auteurs"],
            adopted["Suite donnée à l'amendement"], adopted["Issue"]) == (
        "Budget 2027 de l'animation", "1", "Biocoop Crest", "admis", "adoptée")
    assert (rejected["N° d'amendement"], rejected["Auteurs"], rejected["Suite donnée à l'amendement"]) == (
        "2", "Commune de Crest", f"irrecevable : {REJECTION}")
    assert by_id[deliberated.proposal]["N° d'amendement"] == ""

    response = client.get(f"/poles/{pole_id}/comments.csv?q=animation")
    assert re.search(r'filename="debats-drome-coopere-\d{4}-\d\d-\d\d\.csv"', response.headers["Content-Disposition"])
    header, comments = _csv(response)
    assert [(c["N° du commentaire"], c["En réponse au n°"], c["Auteur"], c["Statut"]) for c in comments] == [
        ("1", "", "Régie de quartier Fontbarlettes", "publié"), ("2", "1", "Secrétariat", "publié"),
        ("3", "", "Biocoop Crest", "publié"), ("4", "", "Commune de Crest", "masqué")]
    assert comments[2]["Texte"] == "Trop élevé : nous proposons 65 000 euros."
    assert comments[2]["Versions antérieures"].endswith("] Trop élevé")
    # The secretary's export keeps a hidden comment's text beside the reason (the events keep it too).
    assert (comments[3]["Texte"], comments[3]["Motif"]) == ("Propos blessant", HIDING)
    assert all(c["Publié le"] for c in comments)
    # Never a ballot beside a comment: no column, no cell saying whether or how its author voted.
    assert not [h for h in header if re.search(r"vot|bulletin|choix|pour|contre", h, re.IGNORECASE)]

    lines = client.get(f"/poles/{pole_id}/events.jsonl?q=animation").get_data(as_text=True).splitlines()
    aggregates = {json.loads(line)["aggregate_id"] for line in lines}
    assert {deliberated.proposal, deliberated.adopted, deliberated.rejected,
            str(discussion_id(deliberated.proposal))} <= aggregates
    topics = [json.loads(line)["topic"] for line in lines]
    assert sum(t.endswith("CommentPosted") for t in topics) == 4 and any(t.endswith("CommentHidden") for t in topics)


def test_the_discussions_export_is_the_secretarys_only(as_role, pole_id):
    for role, status in (("member", 403), ("admin", 403), ("outsider", 403)):
        assert as_role(role).get(f"/poles/{pole_id}/comments.csv").status_code == status, role

