"""The deliberation pages (issue 23), over HTTP: the discussion thread on a proposal's page (comments, replies one
level deep, edits with their history, a comment withdrawn by its author, one hidden by the secretary with the
reason), who speaks for whom (403 for a member one does not represent), the « nouveau » marks since the person's
last visit, the amendments (tabled with other college shares, supported, admitted, rejected with a reason, voted
before the resolution), the debate's summary, the pole's open discussions and an assembly's agenda with its
amendments. A refused command re-shows the page with the domain's rule, HTTP 422, and stores nothing.

The demo pole changes with other work: `build_pole` founds a SCIC through the use cases, with its own accounts
(the demo secretary is its secretary). Pages are read in English unless a test says otherwise."""

from __future__ import annotations

import re
from fractions import Fraction
from datetime import timedelta
from typing import Any

import pytest

from governance import clock
from governance.numbers import to_fraction
from tests.web.conftest import SECRETARY_EMAIL, csrf_token, login
from web.accounts.demo import DEMO_PASSWORD
from web.edge import MEMBER, SECRETARY

ACTOR = "Claire Martin <claire.martin@terres-de-liens-coop.example>"
TEXT = "Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur."
ANA, BOB, CREST, COOP = "Ana Lopez", "Bob Martin", "Commune de Crest", "Coop de Crest"
EMAILS = {"ana": "ana.lopez@delib.example", "bob": "bob.martin@delib.example", "multi": "mairie@crest.example"}


def statutes(sponsors: int = 1) -> dict[str, Any]:
    return {"model": "scic", "amendment_sponsors": sponsors, "colleges": [
        {"code": "salaries", "name": "Salariés", "share": "40%"},
        {"code": "usagers", "name": "Usagers", "share": "30%"},
        {"code": "collectivites", "name": "Collectivités", "share": "30%"}]}


def build_pole(app: Any, sponsors: int = 1) -> dict[str, str]:
    """A SCIC of four members and a draft published for discussion (« Budget 2026 »). Accounts: Ana and Bob each
    represent their own member; « multi » represents both the Commune de Crest and the Coop de Crest."""
    domain = app.extensions["collegia"].app
    pole = domain.found_pole(name="Pôle Délibération", territory="Crest", legal_form="SCIC SAS",
                             statutes=statutes(sponsors), actor=ACTOR,
                             founders=[{"name": ANA, "kind": "person", "category": "beneficiary",
                                        "representative": ANA}])
    ids = {"pole": str(pole), "ana": str(next(iter(domain.get_pole(pole).members)))}
    for key, name, kind, category in (("bob", BOB, "person", "employee"),
                                      ("crest", CREST, "local_authority", "public_body"),
                                      ("coop", COOP, "ess_enterprise", "beneficiary")):
        ids[key] = str(domain.request_membership(pole, name=name, kind=kind, category=category,
                                                 representative=name, actor=ACTOR))
        domain.admit_member(pole, ids[key], decision="CA du 5 janvier", actor=ACTOR)
    for key, college in (("ana", "usagers"), ("bob", "salaries"), ("crest", "collectivites"), ("coop", "usagers")):
        domain.assign_college(pole, ids[key], college=college, reason="statuts", actor=ACTOR)
    accounts = app.extensions["collegia.accounts"]
    accounts.grant(accounts.find_by_email(SECRETARY_EMAIL)["id"], ids["pole"], SECRETARY)
    for key, members in (("ana", ["ana"]), ("bob", ["bob"]), ("multi", ["crest", "coop"])):
        if accounts.find_by_email(EMAILS[key]) is None:
            accounts.create_user(EMAILS[key], key.title(), DEMO_PASSWORD)
        user = accounts.find_by_email(EMAILS[key])["id"]
        for member in members:
            accounts.grant(user, ids["pole"], MEMBER, member_id=ids[member])
    ids["budget"] = str(domain.draft_proposal(pole, title="Budget 2026", text=TEXT, actor=ACTOR))
    domain.publish_for_discussion(ids["budget"], actor=ACTOR)
    return ids


@pytest.fixture
def world(app) -> dict[str, str]:
    return build_pole(app)


def client_of(app: Any, who: str, english: bool = True) -> Any:
    client = app.test_client()
    assert login(client, SECRETARY_EMAIL if who == "secretary" else EMAILS[who]).status_code == 302
    if english:
        client.post("/language", data={"language": "en", "csrf_token": csrf_token(client, "/login"), "next": "/"})
    return client


def page(ids: dict[str, str], proposal: str = "budget") -> str:
    return f"/poles/{ids['pole']}/proposals/{ids.get(proposal, proposal)}"


def words(response: Any) -> str:
    html = response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&")
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u202f", " ").replace("\xa0", " ").split())


def send(client: Any, ids: dict[str, str], path: str, prefix: str, proposal: str = "budget", **fields: Any) -> Any:
    """Post a form of the proposal page as a browser would: the CSRF token read from the page."""
    data = {f"{prefix}-csrf_token": csrf_token(client, page(ids, proposal))}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return client.post(path, data=data)


def comment(client: Any, ids: dict[str, str], text: str, speaker: str | None = None, reply_to: int | None = None,
            proposal: str = "budget") -> Any:
    prefix = f"reply-{reply_to}" if reply_to else "comment"
    path = page(ids, proposal) + (f"/comments/{reply_to}/reply" if reply_to else "/comments")
    fields = {"text": text, **({"speaker": speaker} if speaker else {})}
    return send(client, ids, path, prefix, proposal, **fields)


def domain(app: Any) -> Any:
    return app.extensions["collegia"].app


def head(app: Any) -> int:
    return domain(app).recorder.max_notification_id()


# -- the thread ---------------------------------------------------------------------------------------
def test_members_discuss_a_published_draft_with_replies_edits_withdrawals_and_a_hidden_comment(app, world):
    ana, bob, secretary = client_of(app, "ana"), client_of(app, "bob"), client_of(app, "secretary")
    assert ana.get(page(world)).status_code == 200  # a draft under discussion is the members' to read
    assert comment(ana, world, "Le montant me semble élevé.").status_code == 302
    assert comment(bob, world, "Il couvre le poste de coordination.", reply_to=1).status_code == 302
    assert comment(secretary, world, "Le budget détaillé est en annexe.", speaker="pole").status_code == 302
    assert comment(bob, world, "Propos déplacé").status_code == 302
    assert send(ana, world, page(world) + "/comments/1/edit", "edit-1", text="Le montant me semble trop élevé.") \
        .status_code == 302
    assert send(bob, world, page(world) + "/comments/2/withdraw", "withdraw-2").status_code == 302
    assert send(secretary, world, page(world) + "/comments/4/hide", "hide-4",
                reason="Propos sans rapport avec la résolution").status_code == 302
    comments = domain(app).get_discussion(world["budget"]).comments
    assert [(c["number"], c["reply_to"], c["status"], c["member_id"]) for c in comments] == [
        (1, None, "posted", world["ana"]), (2, 1, "withdrawn", world["bob"]), (3, None, "posted", None),
        (4, None, "hidden", world["bob"])]

    text = words(client_of(app, "multi").get(page(world)))
    thread = text[text.index("Discussion 4 comments"):]
    assert "Ana Lopez" in thread and "Le montant me semble trop élevé." in thread and "edited" in thread
    assert "Earlier version" in thread and "Le montant me semble élevé." in thread  # the history
    assert "Comment withdrawn by its author" in thread and "Il couvre le poste" not in thread
    assert "Hidden by the secretariat: Propos sans rapport avec la résolution" in thread
    assert "Propos déplacé" not in thread
    assert "Secretariat" in thread and "Le budget détaillé est en annexe." in thread
    assert "voted" not in thread.split("anyone voted.", 1)[1].lower()  # no comment says whether its author voted
    html = client_of(app, "multi").get(page(world)).get_data(as_text=True)
    assert html.index('id="comment-1"') < html.index('id="comment-2"') < html.index('id="comment-3"')
    assert re.search(r'<ol class="replies">\s*<li>\s*<article[^>]*id="comment-2"', html)  # indented under n° 1
    french = words(client_of(app, "multi", english=False).get(page(world)))
    assert "Commentaire retiré par son auteur" in french or "Comment withdrawn by its author" in french


def test_a_person_speaks_only_for_the_members_it_represents_and_csrf_is_required(app, world):
    ana, multi = client_of(app, "ana"), client_of(app, "multi")
    before = head(app)
    assert comment(ana, world, "Pour Bob", speaker=world["bob"]).status_code == 403
    assert comment(ana, world, "Pour le pôle", speaker="pole").status_code == 403  # not the secretary
    assert ana.post(page(world) + "/comments", data={"comment-text": "Sans jeton"}).status_code == 400
    assert comment(multi, world, "Qui parle ?").status_code == 403  # two members: say which one speaks
    assert head(app) == before
    assert comment(multi, world, "La commune soutient.", speaker=world["crest"]).status_code == 302
    assert domain(app).get_discussion(world["budget"]).comment(1)["member_id"] == world["crest"]
    assert comment(ana, world, "Réponse", reply_to=1).status_code == 302
    # Only its author edits a comment; the secretary alone hides one.
    assert send(ana, world, page(world) + "/comments/1/edit", "edit-1", text="Détourné").status_code == 422
    assert send(ana, world, page(world) + "/comments/2/hide", "hide-2", reason="Non").status_code == 403


def test_a_refused_command_shows_the_rule_keeps_the_input_and_stores_nothing(app, world):
    ana, bob = client_of(app, "ana"), client_of(app, "bob")
    comment(ana, world, "Premier")
    comment(bob, world, "Réponse", reply_to=1)
    before = head(app)
    refused = comment(ana, world, "Réponse à la réponse", reply_to=2)
    assert refused.status_code == 422
    assert "replies are one level deep" in words(refused) and "Nothing was recorded." in words(refused)
    empty = comment(ana, world, "   ")
    assert empty.status_code == 422 and "comment is required" in words(empty)
    missing = ana.post(page(world) + "/comments", data={"comment-csrf_token": csrf_token(ana, page(world))})
    assert missing.status_code == 422 and "Write your comment." in words(missing)
    assert head(app) == before
    french = comment(client_of(app, "ana", english=False), world, "Encore", reply_to=2)
    assert french.status_code == 422 and "Refusé" in words(french)


def test_mentions_are_read_from_exact_names(app, world):
    multi = client_of(app, "multi")
    comment(multi, world, "Qu'en pense @Bob Martin ? Et @Coop de Crest, @Inconnu ?", speaker=world["crest"])
    assert domain(app).get_discussion(world["budget"]).comment(1)["mentions"] == [world["coop"], world["bob"]]
    assert "@Name of the member" not in words(multi.get(page(world)))  # the help names an example instead
    assert "write @ followed by its exact name" in words(multi.get(page(world)))


def test_comments_since_the_last_visit_are_marked_new_and_the_discussions_list_counts_them(app, world):
    ana, bob = client_of(app, "ana"), client_of(app, "bob")
    discussions = f"/poles/{world['pole']}/discussions"
    comment(ana, world, "Premier avis")
    listing = words(bob.get(discussions))
    assert "Budget 2026" in listing and "1 comment" in listing and "1 new" in listing
    first = words(bob.get(page(world)))
    assert "1 new since your last visit" in first
    again = words(bob.get(page(world)))
    assert "new since your last visit" not in again and " new " not in again.split("Discussion", 1)[1]
    assert "1 new" not in words(bob.get(discussions))
    later = clock.now() + timedelta(minutes=5)
    with clock.frozen_time(later):
        comment(ana, world, "Second avis")
    with clock.frozen_time(later + timedelta(minutes=1)):
        text = words(bob.get(page(world)))
        assert "1 new since your last visit" in text
        thread = bob.get(page(world)).get_data(as_text=True)
        assert "comment-new" not in thread  # read now
        assert "new since" not in words(ana.get(page(world)))  # one's own comments are never new
    assert "Discussions" in words(ana.get(discussions))  # in the pole's navigation


# -- amendments -----------------------------------------------------------------------------------------
def test_members_table_amendments_the_secretary_admits_and_rejects_them_and_they_are_voted_first(app, world):
    ana, bob, secretary = client_of(app, "ana"), client_of(app, "bob"), client_of(app, "secretary")
    path = page(world) + "/amendments"
    assert send(ana, world, path, "amendment", passage="120 000 euros", wording="100 000 euros",
                motive="Plus prudent.").status_code == 302
    assert send(bob, world, path, "amendment", passage="", wording="Le poste est à mi-temps.",
                motive="").status_code == 302
    before = head(app)
    missing = send(bob, world, path, "amendment", passage="200 000 euros", wording="1 euro", motive="")
    assert missing.status_code == 422 and "not in the resolution's text" in words(missing)
    assert head(app) == before
    amendments = [r["id"] for r in app.extensions["collegia.queries"].amendments(world["budget"])]
    text = words(secretary.get(f"/poles/{world['pole']}/manage/proposals/{world['budget']}"))
    assert "Amendment n° 1 Tabled" in text and "Ana Lopez" in text and "120 000 euros" in text
    assert "Le pôle adopte le budget 2026 de 100 000 euros." in text  # the text so amended

    manage = f"/poles/{world['pole']}/manage/proposals"
    no_reason = send(secretary, world, f"{manage}/{amendments[1]}/reject", "reject-2", reason="")
    assert no_reason.status_code == 422 and "Nothing was recorded." in words(no_reason)
    assert send(secretary, world, f"{manage}/{amendments[1]}/reject", "reject-2",
                reason="Hors de l'objet de la résolution").status_code == 302
    assert send(secretary, world, f"{manage}/{amendments[0]}/admit", "admit-1", reason="").status_code == 302
    text = words(ana.get(page(world)))
    assert "Admissible (admitted)" in text and "Inadmissible (rejected)" in text
    assert "Hors de l'objet de la résolution" in text

    # The resolution's vote waits for its amendment: the domain's rule, no 500.
    closes = (clock.now() + timedelta(days=7)).astimezone(clock.PARIS).strftime("%Y-%m-%dT%H:%M")
    refused = secretary.post(f"{manage}/{world['budget']}/open", data={
        "open-csrf_token": csrf_token(secretary, f"{manage}/{world['budget']}"), "open-closes_at": closes,
        "open-convocation": "first"})
    assert refused.status_code == 422 and "amendment n° 1 is still to be decided or voted" in words(refused)
    # The amendment's own page says what it amends, and opens, votes and closes as any proposal.
    own = words(ana.get(page(world, amendments[0])))
    assert "Amendment n° 1 to the resolution Budget 2026" in own and "Plus prudent." in own
    domain(app).open_voting(amendments[0], closes_at=clock.now() + timedelta(days=7), actor=ACTOR)
    assert ana.post(page(world, amendments[0]) + "/ballot", data={
        "csrf_token": csrf_token(ana, page(world, amendments[0])), "choice": "for"}).status_code == 302
    assert bob.post(page(world, amendments[0]) + "/ballot", data={
        "csrf_token": csrf_token(bob, page(world, amendments[0])), "choice": "for"}).status_code == 302
    domain(app).close_voting(amendments[0], actor=ACTOR)
    text = words(ana.get(page(world)))
    assert "Amendment adopted" in text and "Le pôle adopte le budget 2026 de 100 000 euros." in text


def test_another_college_share_is_proposed_and_the_scic_bounds_are_checked_at_tabling(app, world):
    domain_ = domain(app)
    amended = statutes()
    amended["colleges"][0]["share"] = "35%"
    amended["colleges"][1]["share"] = "35%"
    resolution = str(domain_.draft_proposal(world["pole"], title="Statuts 2026", text="Les statuts sont modifiés.",
                                            kind="extraordinary", effect={"type": "amend_statutes",
                                                                          "statutes": amended}, actor=ACTOR))
    domain_.publish_for_discussion(resolution, actor=ACTOR)
    ana = client_of(app, "ana")
    form = words(ana.get(page(world, resolution)))
    assert "Other college shares (optional)" in form and "Salariés" in form
    path = page(world, resolution) + "/amendments"
    before = head(app)
    data = {"amendment-csrf_token": csrf_token(ana, page(world, resolution)), "amendment-motive": "Plus de poids",
            "share-salaries": "60 %", "share-usagers": "20 %", "share-collectivites": "20 %"}
    refused = ana.post(path, data=data)
    assert refused.status_code == 422 and "60" in words(refused) and head(app) == before
    assert 'value="60 %"' in refused.get_data(as_text=True)  # the input kept
    data.update({"share-salaries": "40 %", "share-usagers": "30 %", "share-collectivites": "30 %"})
    assert ana.post(path, data=data).status_code == 302
    row = app.extensions["collegia.queries"].amendments(resolution)[0]
    assert [to_fraction(c["share"]) for c in row["effect"]["statutes"]["colleges"]] == [
        Fraction(2, 5), Fraction(3, 10), Fraction(3, 10)]


def test_when_the_statutes_require_two_sponsors_another_member_supports_the_amendment(app):
    ids = build_pole(app, sponsors=2)
    ana, multi, secretary = client_of(app, "ana"), client_of(app, "multi"), client_of(app, "secretary")
    send(ana, ids, page(ids) + "/amendments", "amendment", passage="120 000", wording="110 000", motive="")
    amendment = app.extensions["collegia.queries"].amendments(ids["budget"])[0]["id"]
    manage = f"/poles/{ids['pole']}/manage/proposals/{amendment}"
    early = send(secretary, ids, f"{manage}/admit", "admit-1", reason="")
    assert early.status_code == 422 and "require 2 members" in words(early)
    assert "Support" not in words(ana.get(page(ids)))  # its only sponsor's representative
    assert "Support" in words(multi.get(page(ids)))
    assert send(multi, ids, page(ids, amendment) + "/support", "support-1", speaker=ids["coop"]).status_code == 302
    assert send(secretary, ids, f"{manage}/admit", "admit-1", reason="Recevable").status_code == 302
    assert "Coop de Crest" in words(ana.get(page(ids)))


# -- the secretary: publish, summary; the assembly's agenda --------------------------------------------
def test_the_secretary_publishes_a_draft_and_writes_the_summary_everyone_reads(app, world):
    secretary, ana = client_of(app, "secretary"), client_of(app, "ana")
    draft = str(domain(app).draft_proposal(world["pole"], title="Charte", text="La charte est adoptée.", actor=ACTOR))
    manage = f"/poles/{world['pole']}/manage/proposals/{draft}"
    assert ana.get(page(world, draft)).status_code == 404  # an unpublished draft is the secretary's
    asked = secretary.post(f"{manage}/publish", data={"publish-csrf_token": csrf_token(secretary, manage)})
    assert asked.status_code == 200 and "Publish « Charte » for discussion?" in words(asked)
    assert not domain(app).get_proposal(draft).published  # nothing before the confirmation
    assert secretary.post(f"{manage}/publish", data={"publish-csrf_token": csrf_token(secretary, manage),
                                                     "confirm": "yes"}).status_code == 302
    assert ana.get(page(world, draft)).status_code == 200
    summary = "Les membres ont surtout discuté du montant."
    done = secretary.post(f"{manage}/summary", data={"summary-csrf_token": csrf_token(secretary, manage),
                                                     "summary-summary": summary, "view": "secretary"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"{manage}#debate-summary")
    text = words(ana.get(page(world, draft)))
    assert "Summary of the debate" in text and summary in text and "Write the summary" not in text
    assert send(ana, world, f"{manage}/summary", "summary", draft, summary="Autre").status_code == 403


def test_the_assembly_agenda_lists_an_admitted_amendment_before_its_resolution(app, world):
    domain_ = domain(app)
    draft = str(domain_.draft_proposal(world["pole"], title="Comptes 2025", text="Les comptes sont approuvés.",
                                       actor=ACTOR))
    held_at = (clock.now() + timedelta(days=30)).replace(hour=14, minute=0, second=0, microsecond=0)
    assembly = domain_.convene_assembly(world["pole"], kind="ordinary", held_at=held_at, place="Crest",
                                        mode="in_person", convocation="first", agenda=[world["budget"], draft],
                                        actor=ACTOR)
    ana = client_of(app, "ana")
    assert ana.get(page(world, draft)).status_code == 200  # on a convened assembly's agenda: discussed
    assert comment(ana, world, "Question sur les comptes", proposal=draft).status_code == 302
    send(ana, world, page(world, draft) + "/amendments", "amendment", draft, passage="approuvés",
         wording="approuvés avec réserves", motive="")
    amendment = app.extensions["collegia.queries"].amendments(draft)[0]["id"]
    domain_.admit_amendment(amendment, actor=ACTOR)
    text = words(ana.get(f"/poles/{world['pole']}/assemblies/{assembly}"))
    agenda = text[text.index("Agenda"):]
    assert re.search(r"1 Budget 2026 .* Amendment n° 1 to resolution n° 2 « Comptes 2025 » .* 2 Comptes 2025", agenda)
