"""The mail pages (issue 19): preferences, one-click unsubscribe, the private calendar feed, the outbox of a
pole's secretaries and of platform admins, the pole's reminder lead time."""

from __future__ import annotations

import html
import re
from datetime import UTC, timedelta
from urllib.parse import urlparse

import icalendar
import pytest
from sqlalchemy import select, update

from governance import clock
from infrastructure.accounts_tables import calendar_feeds, mail_messages, users
from notifications import outbox
from notifications.kinds import BOUNCED, FAILED, PASSWORD_RESET, QUEUED
from notifications.links import Links
from notifications.planner import MailPlanner
from projections.queries import Queries
from tests.web.conftest import (ADMIN_EMAIL, MEMBER_EMAIL, SECRETARY_EMAIL, csrf_token, login)
from web.accounts.demo import DEMO_PASSWORD
from web.mail.pages import shown_text

NEWCOMER_EMAIL = "nouvelle.venue@exemple.org"


def system_of(app):
    return app.extensions["collegia"]


def user_id(app, email: str) -> int:
    return app.extensions["collegia.accounts"].find_by_email(email)["id"]


def open_a_vote(app, pole_id: str) -> str:
    """Open the demo's draft with the mail planner following the log: its invitations are in the outbox."""
    system = system_of(app)
    planner = MailPlanner(system.app, system.engine, system.settings)
    planner.ensure_position()  # a new planner starts at the log's end: set it before the event
    draft = next(p["id"] for p in Queries(system.engine).register(pole_id, limit=100) if p["status"] == "draft")
    system.app.open_voting(draft, closes_at=clock.now() + timedelta(days=3), actor="test")
    assert planner.catch_up() > 0
    return draft


def messages(app, **where) -> list[dict]:
    with system_of(app).engine.connect() as conn:
        query = select(mail_messages).order_by(mail_messages.c.id)
        for column, value in where.items():
            query = query.where(mail_messages.c[column] == value)
        return [dict(r._mapping) for r in conn.execute(query)]


def queue_message(app, *, key: str, pole_id: str | None, recipient: str, kind: str = PASSWORD_RESET,
                  subject: str = "Votre nouveau mot de passe", text: str = "Lien : http://exemple.org/lien\n") -> int:
    system = system_of(app)
    with system.engine.begin() as conn:
        outbox.queue(conn, [outbox.message(key=key, recipient=recipient, kind=kind, cause=f"account: {kind}",
                                           subject=subject, text=text, settings=system.settings, pole_id=pole_id)])
    return messages(app, dedupe_key=key)[0]["id"]


def set_state(app, message_id: int, state: str, error: str | None = None) -> None:
    with system_of(app).engine.begin() as conn:
        conn.execute(update(mail_messages).where(mail_messages.c.id == message_id)
                     .values(state=state, attempts=5, last_error=error))


def post(client, path: str, data: dict | None = None, csrf_from: str = "/account/notifications"):
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, csrf_from)})


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def other_pole(app, pole_id: str) -> str:
    return next(p["id"] for p in Queries(system_of(app).engine).poles() if p["id"] != pole_id)


# -- preferences --------------------------------------------------------------------------------------
def test_preferences_are_saved_and_read_back(app, as_role):
    client = as_role("member")
    page = client.get("/account/notifications")
    assert page.status_code == 200
    text = text_of(page)
    for words in ("Ouverture d'un vote (et procuration reçue)", "Rappel avant la clôture", "Résultat d'un vote",
                  "Procès-verbal signé", "Bienvenue", "Vous êtes cité dans une discussion", "Tout de suite",
                  "Dans le résumé quotidien", "Jamais", "Français", "English", "Mon agenda"):
        assert words in text, words
    choices = {"invitation": "immediate", "reminder": "off", "result": "digest", "minutes": "digest",
               "welcome": "off", "mention": "digest", "locale": "en"}
    saved = post(client, "/account/notifications", choices)
    assert saved.status_code == 302
    me = user_id(app, MEMBER_EMAIL)
    engine = system_of(app).engine
    assert outbox.preferences(engine, me) == {k: v for k, v in choices.items() if k != "locale"}
    with engine.connect() as conn:
        assert conn.execute(select(users.c.locale).where(users.c.id == me)).scalar() == "en"
    again = text_of(client.get("/account/notifications"))
    assert re.search(r'<input checked id="reminder-2"[^>]*value="off"', again), again
    assert re.search(r'<input checked id="locale-1"[^>]*value="en"', again)


def test_a_preference_outside_the_choices_is_refused_and_changes_nothing(app, as_role):
    client = as_role("member")
    response = post(client, "/account/notifications", {
        "invitation": "weekly", "reminder": "off", "result": "off", "minutes": "off", "welcome": "off", "locale": "de"})
    assert response.status_code == 422
    text = text_of(response)
    assert "error-summary" in text and 'href="#invitation"' in text and 'href="#locale"' in text
    assert set(outbox.preferences(system_of(app).engine, user_id(app, MEMBER_EMAIL)).values()) == {"immediate"}


def test_the_preferences_need_a_login_and_a_csrf_token(app, client):
    assert client.get("/account/notifications").status_code == 302
    login(client, MEMBER_EMAIL)
    refused = client.post("/account/notifications", data={"invitation": "off", "reminder": "off", "result": "off",
                                                          "minutes": "off", "welcome": "off", "locale": "fr"})
    assert refused.status_code == 400
    assert outbox.preferences(system_of(app).engine, user_id(app, MEMBER_EMAIL))["invitation"] == "immediate"


# -- one-click unsubscribe ------------------------------------------------------------------------------
def test_unsubscribe_get_writes_nothing_and_the_one_click_post_turns_that_kind_off(app):
    me = user_id(app, MEMBER_EMAIL)
    engine = system_of(app).engine
    link = Links(system_of(app).settings).unsubscribe(me, "reminder")
    path = link.removeprefix(Links(system_of(app).settings).base)
    browser = app.test_client()
    page = browser.get(path)
    assert page.status_code == 200
    assert "Rappel avant la clôture" in text_of(page)
    assert set(outbox.preferences(engine, me).values()) == {"immediate"}  # GET wrote nothing

    mail_client = app.test_client()  # RFC 8058: no session, no cookie, no CSRF token
    done = mail_client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200, text_of(done)
    text = text_of(done)
    assert "Rappel avant la clôture" in text and "/account/notifications" in text
    chosen = outbox.preferences(engine, me)
    assert chosen["reminder"] == "off"
    assert {k: v for k, v in chosen.items() if k != "reminder"} == dict.fromkeys(
        ("invitation", "result", "minutes", "welcome", "mention"), "immediate")
    assert outbox.preferences(engine, user_id(app, SECRETARY_EMAIL))["reminder"] == "immediate"


def test_the_digest_link_turns_off_what_was_in_the_digest(app):
    me = user_id(app, MEMBER_EMAIL)
    engine = system_of(app).engine
    outbox.set_preferences(engine, me, {"result": "digest", "minutes": "digest"})
    links = Links(system_of(app).settings)
    assert app.test_client().post(links.unsubscribe(me, "digest").removeprefix(links.base)).status_code == 200
    assert outbox.preferences(engine, me) == {"invitation": "immediate", "reminder": "immediate", "result": "off",
                                              "minutes": "off", "welcome": "immediate", "mention": "immediate"}


def test_a_forged_unsubscribe_link_is_refused_with_a_page_and_changes_nothing(app):
    me = user_id(app, MEMBER_EMAIL)
    engine = system_of(app).engine
    links = Links(system_of(app).settings)
    genuine = links.unsubscribe(me, "invitation").removeprefix(links.base)
    forged = [genuine[:-3] + ("AAA" if not genuine.endswith("AAA") else "BBB"),
              "/mail/unsubscribe/" + links.sign("unsubscribe", [me, "invitation"]),  # a timed token, same salt
              "/mail/unsubscribe/" + links.sign("password-reset", [me, "invitation"]),  # another purpose
              links.unsubscribe(me, PASSWORD_RESET).removeprefix(links.base),  # a kind one cannot turn off
              links.unsubscribe(999_999, "invitation").removeprefix(links.base),  # no such account
              links.unsubscribe(2**40, "invitation").removeprefix(links.base),
              "/mail/unsubscribe/" + "x" * 5000]
    client = app.test_client()
    for path in forged:
        for method in ("GET", "POST"):
            response = client.open(path, method=method)
            assert response.status_code == 404, (method, path, response.status_code)
            assert "Page introuvable" in text_of(response)
    assert set(outbox.preferences(engine, me).values()) == {"immediate"}


# -- the calendar feed ---------------------------------------------------------------------------------
def create_feed(client) -> str:
    page = post(client, "/account/notifications/calendar")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    url = re.search(r'id="feed-url" readonly value="([^"]+)"', text_of(page)).group(1)
    return urlparse(url).path


def feed(app, path: str) -> icalendar.Calendar:
    response = app.test_client().get(path)  # no login: the token is the credential
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(response.get_data())


def uids(calendar: icalendar.Calendar) -> set[str]:
    return {str(e["uid"]) for e in calendar.walk("VEVENT")}


def test_the_calendar_feed_lists_a_vote_for_its_electors_only(app, pole_id, as_role):
    system = system_of(app)
    opened = open_a_vote(app, pole_id)
    # A member admitted after the vote opened is not in its frozen electorate.
    newcomer = system.app.request_membership(pole_id, name="Nouvelle coopérative", kind="ess_enterprise",
                                            category="employee", representative="Nouvelle Venue", actor="test")
    system.app.admit_member(pole_id, newcomer, decision="Conseil du 3 décembre", actor="test")
    accounts = app.extensions["collegia.accounts"]
    accounts.grant(accounts.create_user(NEWCOMER_EMAIL, "Nouvelle Venue", DEMO_PASSWORD), pole_id, "member",
                   str(newcomer))
    resolution = str(system.app.draft_proposal(pole_id, title="Comptes annuels", text="Approbation.", actor="test"))
    assembly = str(system.app.convene_assembly(
        pole_id, kind="ordinary", held_at=clock.now() + timedelta(days=21), place="Salle des fêtes de Saillans",
        mode="hybrid", convocation="first", agenda=[resolution], actor="test"))

    path = create_feed(as_role("member"))
    calendar = feed(app, path)
    assert f"vote-{opened}@collegia" in uids(calendar) and f"assembly-{assembly}@collegia" in uids(calendar)
    vote = next(e for e in calendar.walk("VEVENT") if str(e["uid"]) == f"vote-{opened}@collegia")
    closes_at = Queries(system.engine).proposal(opened)["closes_at"].replace(tzinfo=UTC, microsecond=0)
    assert vote.decoded("dtstart") == closes_at and "Clôture du vote" in str(vote["summary"])
    meeting = next(e for e in calendar.walk("VEVENT") if str(e["uid"]) == f"assembly-{assembly}@collegia")
    assert str(meeting["location"]) == "Salle des fêtes de Saillans"
    assert "ballot" not in path and "choice" not in calendar.to_ical().decode().lower()

    other = app.test_client()
    login(other, NEWCOMER_EMAIL)
    theirs = uids(feed(app, create_feed(other)))
    assert f"vote-{opened}@collegia" not in theirs and not any(u.startswith("vote-") for u in theirs)
    assert f"assembly-{assembly}@collegia" in theirs


def test_the_feed_token_is_stored_hashed_and_a_replaced_or_deleted_one_is_404(app, as_role):
    client = as_role("member")
    first = create_feed(client)
    token = first.removeprefix("/calendar/").removesuffix(".ics")
    with system_of(app).engine.connect() as conn:
        stored = conn.execute(select(calendar_feeds)).all()
    assert len(stored) == 1 and token not in str(stored[0])
    assert app.test_client().get(first).status_code == 200
    page = text_of(client.get("/account/notifications"))
    assert token not in page and "feed-url" not in page  # shown once
    second = create_feed(client)
    assert app.test_client().get(first).status_code == 404
    assert app.test_client().get(second).status_code == 200
    assert post(client, "/account/notifications/calendar/revoke").status_code == 302
    assert app.test_client().get(second).status_code == 404
    assert app.test_client().get("/calendar/inconnu.ics").status_code == 404


# -- the outbox -------------------------------------------------------------------------------------------
def test_a_secretary_sees_the_pole_outbox_and_only_its_messages(app, pole_id, as_role):
    open_a_vote(app, pole_id)
    invitation = messages(app, pole_id=pole_id)[0]
    elsewhere = queue_message(app, key="other-pole", pole_id=other_pole(app, pole_id), recipient="om@ailleurs.example",
                              subject="Message d'un autre pôle")
    account = queue_message(app, key="account", pole_id=None, recipient="personne@exemple.org")
    client = as_role("secretary")
    page = client.get(f"/poles/{pole_id}/outbox")
    assert page.status_code == 200
    text = text_of(page)
    assert invitation["recipient"] in text and "Ouverture d'un vote" in text and "en attente" in text
    assert "Vote ouvert (événement n°" in text
    assert "om@ailleurs.example" not in text and "personne@exemple.org" not in text
    assert "Aucun serveur SMTP n'est configuré (COLLEGIA_SMTP_URL)" in text
    shown = client.get(f"/poles/{pole_id}/outbox/{invitation['id']}")
    assert shown.status_code == 200
    masked = shown_text(invitation, reveal_links=False)  # the unsubscribe token hidden from the secretary
    assert invitation["subject"] in text_of(shown) and masked.strip() in text_of(shown)
    for message_id in (elsewhere, account, 2**40):
        assert client.get(f"/poles/{pole_id}/outbox/{message_id}").status_code == 404
        assert post(client, f"/poles/{pole_id}/outbox/{message_id}/resend",
                    csrf_from=f"/poles/{pole_id}/outbox").status_code == 404
    assert 'href="/poles/%s/outbox"' % pole_id in text_of(client.get(f"/poles/{pole_id}/"))


def test_a_member_and_an_outsider_get_403_on_the_outbox(app, pole_id, as_role):
    open_a_vote(app, pole_id)
    invitation = messages(app, pole_id=pole_id)[0]
    set_state(app, invitation["id"], FAILED, "550 5.1.1 mailbox unavailable")
    client = as_role("member")
    assert client.get(f"/poles/{pole_id}/outbox").status_code == 403
    assert client.get(f"/poles/{pole_id}/outbox/{invitation['id']}").status_code == 403
    assert post(client, f"/poles/{pole_id}/outbox/{invitation['id']}/resend").status_code == 403
    assert post(client, f"/poles/{pole_id}/outbox/reminder", {"hours": "2"}).status_code == 403
    assert client.get("/admin/outbox").status_code == 403
    assert messages(app, id=invitation["id"])[0]["state"] == FAILED
    assert 'outbox"' not in text_of(client.get(f"/poles/{pole_id}/"))
    outsider = app.test_client()
    login(outsider, "outsider@autre-pole.example")
    assert outsider.get(f"/poles/{pole_id}/outbox").status_code == 403
    assert outsider.get(f"/poles/{pole_id}/outbox/{invitation['id']}").status_code == 403


def test_an_admin_reads_the_account_messages_and_the_pole_outbox(app, pole_id, as_role):
    open_a_vote(app, pole_id)
    invitation = messages(app, pole_id=pole_id)[0]
    account = queue_message(app, key="account", pole_id=None, recipient="personne@exemple.org",
                            text="Choisissez votre mot de passe : http://127.0.0.1:5000/account/set/abc\n")
    client = as_role("admin")
    listing = client.get("/admin/outbox")
    assert listing.status_code == 200
    text = text_of(listing)
    assert "personne@exemple.org" in text and "Réinitialisation du mot de passe" in text
    assert invitation["recipient"] not in text
    shown = text_of(client.get(f"/admin/outbox/{account}"))
    assert "http://127.0.0.1:5000/account/set/abc" in shown  # how `make run` without SMTP reads a link
    assert client.get(f"/admin/outbox/{invitation['id']}").status_code == 404  # on the pole's page instead
    assert client.get(f"/poles/{pole_id}/outbox").status_code == 200
    assert client.get(f"/poles/{pole_id}/outbox/{invitation['id']}").status_code == 200
    assert client.get(f"/poles/{pole_id}/outbox/{account}").status_code == 404
    secretary = app.test_client()
    login(secretary, SECRETARY_EMAIL)
    assert secretary.get("/admin/outbox").status_code == 403
    assert secretary.get(f"/admin/outbox/{account}").status_code == 403


@pytest.mark.parametrize("state", [FAILED, BOUNCED])
def test_only_a_failed_or_bounced_message_is_sent_again(app, pole_id, as_role, state):
    open_a_vote(app, pole_id)
    first, second = messages(app, pole_id=pole_id)[:2]
    client = as_role("secretary")
    refused = post(client, f"/poles/{pole_id}/outbox/{first['id']}/resend", csrf_from=f"/poles/{pole_id}/outbox")
    assert refused.status_code == 409
    assert "en attente" in text_of(refused)
    assert messages(app, id=first["id"])[0]["state"] == QUEUED
    set_state(app, second["id"], state, "550 5.1.1 mailbox unavailable")
    page = text_of(client.get(f"/poles/{pole_id}/outbox/{second['id']}"))
    assert "Renvoyer" in page and "550 5.1.1 mailbox unavailable" in page
    done = post(client, f"/poles/{pole_id}/outbox/{second['id']}/resend", csrf_from=f"/poles/{pole_id}/outbox")
    assert done.status_code == 302
    again = messages(app, id=second["id"])[0]
    assert again["state"] == QUEUED and again["attempts"] == 0 and again["last_error"] is None


def test_an_admin_sends_an_account_message_again(app, as_role):
    account = queue_message(app, key="account", pole_id=None, recipient="personne@exemple.org")
    client = as_role("admin")
    assert post(client, f"/admin/outbox/{account}/resend", csrf_from="/admin/outbox").status_code == 409
    set_state(app, account, FAILED, "421 try later")
    assert post(client, f"/admin/outbox/{account}/resend", csrf_from="/admin/outbox").status_code == 302
    assert messages(app, id=account)[0]["state"] == QUEUED


# -- the pole's reminder lead time -------------------------------------------------------------------------
def reminder_hours(app, pole_id: str) -> int:
    with system_of(app).engine.connect() as conn:
        return outbox.reminder_hours(conn, pole_id)


def test_the_reminder_lead_time_is_saved_and_an_invalid_one_refused(app, pole_id, as_role):
    client = as_role("secretary")
    page = text_of(client.get(f"/poles/{pole_id}/outbox"))
    assert "Rappel avant la clôture" in page and 'value="24"' in page
    outbox_page = f"/poles/{pole_id}/outbox"
    assert post(client, f"/poles/{pole_id}/outbox/reminder", {"hours": "48"}, csrf_from=outbox_page).status_code == 302
    assert reminder_hours(app, pole_id) == 48
    for wrong in ("337", "-1", "deux", ""):
        refused = post(client, f"/poles/{pole_id}/outbox/reminder", {"hours": wrong}, csrf_from=outbox_page)
        assert refused.status_code == 422, wrong
        assert "error-summary" in text_of(refused)
        assert reminder_hours(app, pole_id) == 48
    assert post(client, f"/poles/{pole_id}/outbox/reminder", {"hours": "0"}, csrf_from=outbox_page).status_code == 302
    assert reminder_hours(app, pole_id) == 0
    admin = app.test_client()
    login(admin, ADMIN_EMAIL)
    assert 'name="hours"' not in text_of(admin.get(outbox_page))  # the lead time is the secretaries' to set
    assert post(admin, f"/poles/{pole_id}/outbox/reminder", {"hours": "12"}, csrf_from=outbox_page).status_code == 403
    assert reminder_hours(app, pole_id) == 0


def test_the_mail_pages_with_messages_speak_french(app, pole_id, as_role):
    from tests.web.test_french_crawl import VisibleText, findings
    open_a_vote(app, pole_id)
    invitation = messages(app, pole_id=pole_id)[0]
    set_state(app, invitation["id"], FAILED, "550 5.1.1 mailbox unavailable")
    account = queue_message(app, key="account", pole_id=None, recipient="personne@exemple.org")
    links = Links(system_of(app).settings)
    unsubscribe = links.unsubscribe(user_id(app, MEMBER_EMAIL), "digest").removeprefix(links.base)
    admin = app.test_client()
    login(admin, ADMIN_EMAIL)
    secretary = as_role("secretary")
    report = []
    for client, method, path in ((secretary, "GET", f"/poles/{pole_id}/outbox"),
                                 (secretary, "GET", f"/poles/{pole_id}/outbox/{invitation['id']}"),
                                 (secretary, "GET", "/account/notifications"),
                                 (admin, "GET", "/admin/outbox"), (admin, "GET", f"/admin/outbox/{account}"),
                                 (app.test_client(), "GET", unsubscribe), (app.test_client(), "POST", unsubscribe)):
        response = client.open(path, method=method)
        assert response.status_code == 200, path
        page = VisibleText()
        page.feed(response.get_data(as_text=True))
        report += [f"{path}: {finding}" for finding in findings(page.text)]
    assert not report, "\n".join(report)


def test_the_outbox_hides_the_personal_part_of_links_but_from_the_admin_of_an_instance_sending_nothing(
        app, pole_id, as_role):
    """A secretary reading a member's invitation must not get the member's unsubscribe link; an admin of an
    instance that sends mail must not read a reset link (and take the account over); without SMTP (`make run`)
    the admin reads the links, which is how a new account's invitation is followed there."""
    open_a_vote(app, pole_id)
    invitation = messages(app, pole_id=pole_id)[0]
    token = invitation["unsubscribe_url"].rsplit("/", 1)[1]
    reset = queue_message(app, key="reset", pole_id=None, recipient="personne@exemple.org",
                          text="Nouveau mot de passe : http://127.0.0.1:5000/password/reset/SECRET-TOKEN\n")
    shown = text_of(as_role("secretary").get(f"/poles/{pole_id}/outbox/{invitation['id']}"))
    assert token not in shown and "/mail/unsubscribe/[…]" in shown
    admin = as_role("admin")
    assert "SECRET-TOKEN" in text_of(admin.get(f"/admin/outbox/{reset}"))  # no SMTP: the admin reads it
    assert token not in text_of(admin.get(f"/poles/{pole_id}/outbox/{invitation['id']}"))
    settings = system_of(app).settings
    object.__setattr__(system_of(app), "settings", __import__("dataclasses").replace(
        settings, smtp_url="smtp://127.0.0.1:1"))
    try:
        assert "SECRET-TOKEN" not in text_of(admin.get(f"/admin/outbox/{reset}"))
    finally:
        object.__setattr__(system_of(app), "settings", settings)


def test_the_outbox_words_collegias_own_reasons_and_causes_in_french(app, pole_id, as_role):
    """What Collegia itself wrote on a message (a person who left, a server that could not take mail, a welcome
    after an account was linked) reads French on the outbox, not as the stored English."""
    from notifications.kinds import DEPARTED, ROLE_GRANTED, UNAVAILABLE
    system = system_of(app)
    with system.engine.begin() as conn:
        outbox.queue(conn, [outbox.message(key=f"words:{n}", recipient=MEMBER_EMAIL, kind="welcome", cause=ROLE_GRANTED,
                                           subject="Bienvenue", text="Texte.", settings=system.settings,
                                           pole_id=pole_id) for n in (1, 2)])
    first, second = (messages(app, dedupe_key=f"words:{n}")[0]["id"] for n in (1, 2))
    set_state(app, first, "cancelled", DEPARTED)
    set_state(app, second, QUEUED, f"{UNAVAILABLE}Connection refused")
    page = text_of(as_role("secretary").get(f"/poles/{pole_id}/outbox"))
    assert "La personne n'appartient plus à ce pôle." in page and DEPARTED not in page
    assert "Le serveur de messagerie n'a pas pu prendre le courrier : Connection refused" in page
    assert "Compte relié au membre" in page and ROLE_GRANTED not in page
