"""Account links by mail (issue 19), through a real SMTP server (tools/smtp_sink.py) and the real sender:
an admin's invitation (choose a password), "forgot your password?" and its reset link, and moving an account
to a new address confirmed from it. Each link works once and for a limited time; "forgot your password?"
never tells whether an address has an account."""

from __future__ import annotations

import dataclasses
import html
import re
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from werkzeug.security import check_password_hash

from notifications.links import Links
from notifications.sender import Sender
from tests.web.conftest import ADMIN_EMAIL, MEMBER_EMAIL, SECRETARY_EMAIL, csrf_token, login
from tools.smtp_sink import SmtpSink
from web.accounts import recovery
from web.accounts.demo import DEMO_PASSWORD
from web.accounts.store import MAX_RESETS_PER_ACCOUNT, MAX_RESETS_PER_IP, password_fingerprint

NEW_PASSWORD = "Mon-nouveau-mot-2026"
OTHER_PASSWORD = "Un-autre-mot-2027!"
GONE = "Ce lien a déjà servi ou a expiré"


@pytest.fixture
def mail(system):
    """`mail()`: send what is due through a real SMTP server and return the messages it received since."""
    with SmtpSink() as sink:
        sender = Sender(system.engine, dataclasses.replace(system.settings, smtp_url=sink.url, mail_rate=0))
        seen = 0

        def deliver(expected: int | None = None) -> list:
            nonlocal seen
            sender.send_due()
            received = sink.wait_for(seen + expected) if expected else list(sink.received)
            new, seen = received[seen:], len(received)
            return new
        yield deliver
        sender.close()


def post(client, path: str, data: dict, page: str | None = None):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)})


def body(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def link_of(message) -> str:
    """The path of the one link to this site a message carries."""
    (url,) = re.findall(r"http://127\.0\.0\.1:5000(/\S+)", message.text)
    return url


def text(response) -> str:
    """A page without its CSRF tokens (which differ per session)."""
    return re.sub(r'name="csrf_token"( type="hidden")? value="[^"]+"', "", response.get_data(as_text=True))


def logged_in(client) -> bool:
    return client.get("/account/password").status_code == 200


def invite(app, email: str = "ines.vitee@pole.example", name: str = "Inès Vitée"):
    admin = app.test_client()
    assert login(admin, ADMIN_EMAIL).status_code == 302
    return admin, post(admin, "/admin/users/new", {"email": email, "name": name})


# -- the invitation -----------------------------------------------------------------------------
def test_an_invited_person_chooses_their_password_once(app, accounts, mail):
    admin, response = invite(app)
    assert response.status_code == 302
    page = body(admin.get(response.headers["Location"]))
    assert "Invitation envoyée à Inès Vitée (ines.vitee@pole.example)" in page
    assert "Invitation en attente" in page
    form = body(admin.get("/admin/users/new"))
    assert 'type="password"' not in form  # the admin types no password

    row = accounts.find_by_email("ines.vitee@pole.example")
    for guess in ("", "!", row["password_hash"], row["password_hash"][1:], NEW_PASSWORD):
        assert not check_password_hash(row["password_hash"], guess)  # an unusable hash: nothing matches
    anonymous = app.test_client()
    assert login(anonymous, "ines.vitee@pole.example", "").status_code == 401
    assert login(anonymous, "ines.vitee@pole.example", row["password_hash"]).status_code == 401

    (message,) = mail(1)
    assert message.rcpt_tos == ["ines.vitee@pole.example"] and "ines.vitee@pole.example" in message.to
    assert message.subject.strip() == "Votre compte Collegia est prêt : choisissez votre mot de passe"
    assert "ouvrez ce lien (valable 72 heures, une seule fois)" in message.text
    path = link_of(message)
    assert path.startswith("/account/invitation/")

    person = app.test_client()
    shown = person.get(path)
    assert shown.status_code == 200 and "Choisissez votre mot de passe" in body(shown)
    weak = post(person, path, {"new": "court1!", "confirm": "court1!"})
    assert weak.status_code == 422 and "12" in body(weak)
    chosen = post(person, path, {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert chosen.status_code == 302 and chosen.headers["Location"] == "/"
    assert "bienvenue sur Collegia" in body(person.get("/", follow_redirects=True))
    assert logged_in(person)  # straight in
    assert login(app.test_client(), "ines.vitee@pole.example", NEW_PASSWORD).status_code == 302

    for client in (person, app.test_client()):  # the link has served: refused, whoever opens it
        again = client.get(path)
        assert again.status_code == 400 and GONE in body(again)
        assert 'href="/password/forgot"' in body(again)
    stranger = app.test_client()
    token = csrf_token(stranger, "/login")
    reused = stranger.post(path, data={"new": OTHER_PASSWORD, "confirm": OTHER_PASSWORD, "csrf_token": token})
    assert reused.status_code == 400
    assert login(app.test_client(), "ines.vitee@pole.example", OTHER_PASSWORD).status_code == 401
    assert mail() == []  # nothing more was sent


def test_a_new_invitation_replaces_the_links_sent_before(app, accounts, mail):
    admin, response = invite(app)
    user_id = int(response.headers["Location"].rsplit("/", 1)[1])
    (first,) = mail(1)
    resent = post(admin, f"/admin/users/{user_id}/invitation", {}, page=f"/admin/users/{user_id}")
    assert resent.status_code == 302
    assert "Nouvelle invitation envoyée à" in body(admin.get(resent.headers["Location"]))
    (second,) = mail(1)
    assert link_of(first) != link_of(second)
    assert app.test_client().get(link_of(first)).status_code == 400
    person = app.test_client()
    assert post(person, link_of(second), {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302

    # once a password is chosen, no invitation: "forgot your password?" is the way
    refused = post(admin, f"/admin/users/{user_id}/invitation", {}, page=f"/admin/users/{user_id}")
    assert refused.status_code == 409 and "Mot de passe oublié ?" in body(refused)
    assert mail() == []


def test_an_invitation_link_is_no_reset_link_and_a_forged_one_is_refused(app, accounts, mail):
    invite(app)
    path = link_of(mail(1)[0])
    token = path.rsplit("/", 1)[1]
    assert app.test_client().get(f"/password/reset/{token}").status_code == 400  # another purpose, another salt
    assert app.test_client().get(path[:-3] + "abc").status_code == 400
    assert app.test_client().get("/account/invitation/nonsense").status_code == 400


# -- forgot your password? ------------------------------------------------------------------------
def forgot(app, email: str):
    client = app.test_client()
    return post(client, "/password/forgot", {"email": email})


def test_forgot_password_answers_alike_whether_or_not_the_account_exists(app, accounts, mail):
    known, unknown = forgot(app, MEMBER_EMAIL), forgot(app, "personne@nulle-part.example")
    assert known.status_code == unknown.status_code == 200
    assert text(known) == text(unknown)
    assert "Si un compte utilise cette adresse, un message vient de lui être envoyé" in text(known)
    accounts.set_active(accounts.find_by_email(SECRETARY_EMAIL)["id"], False)
    disabled = forgot(app, SECRETARY_EMAIL)
    assert (disabled.status_code, text(disabled)) == (200, text(known))
    (message,) = mail(1)  # one mail: the existing, active account's
    time.sleep(0.2)
    assert mail() == []
    assert message.rcpt_tos == [MEMBER_EMAIL] and MEMBER_EMAIL in message.to
    assert message.subject.strip() == "Collegia : choisir un nouveau mot de passe"
    assert "ouvrez ce lien (valable 60 minutes, une seule fois)" in message.text
    assert link_of(message).startswith("/password/reset/")


def test_a_reset_ends_every_session_and_its_link_works_once(app, accounts, mail):
    elsewhere = app.test_client()
    assert login(elsewhere, MEMBER_EMAIL).status_code == 302 and logged_in(elsewhere)
    forgot(app, MEMBER_EMAIL)
    path = link_of(mail(1)[0])
    person = app.test_client()
    page = person.get(path)
    assert page.status_code == 200 and "Toutes les sessions du compte" in body(page)
    assert post(person, path, {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"}).status_code == 422
    assert logged_in(elsewhere)  # a refused form changes nothing
    done = post(person, path, {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert "connectez-vous avec le nouveau" in body(person.get("/login"))
    assert not logged_in(elsewhere)  # every session of the account has ended
    assert login(app.test_client(), MEMBER_EMAIL, DEMO_PASSWORD).status_code == 401
    assert login(app.test_client(), MEMBER_EMAIL, NEW_PASSWORD).status_code == 302

    reused = app.test_client().get(path)
    assert reused.status_code == 400 and GONE in body(reused)
    again = post(app.test_client(), path, {"new": OTHER_PASSWORD, "confirm": OTHER_PASSWORD}, page="/login")
    assert again.status_code == 400
    assert login(app.test_client(), MEMBER_EMAIL, OTHER_PASSWORD).status_code == 401


def reset_token(system, row, ago: int) -> str:
    """A reset link's token signed `ago` seconds ago (the tokens' clock is itsdangerous's, time.time())."""
    class PastSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - ago
    real = Links(system.settings).timed(recovery.RESET_PURPOSE)  # the product's serializer, dated back
    serializer = URLSafeTimedSerializer(real.secret_key, salt=real.salt, signer=PastSigner)
    return serializer.dumps([row["id"], password_fingerprint(row["password_hash"], row["email"])])


def test_a_reset_link_older_than_an_hour_is_refused(app, system, accounts):
    row = accounts.find_by_email(MEMBER_EMAIL)
    assert recovery.RESET_MINUTES == 60
    fresh = app.test_client().get(f"/password/reset/{reset_token(system, row, 3600 - 60)}")
    assert fresh.status_code == 200  # the control: 59 minutes old still works
    stale = reset_token(system, row, 3600 + 1)
    expired = app.test_client().get(f"/password/reset/{stale}")
    assert expired.status_code == 400 and GONE in body(expired)
    refused = post(app.test_client(), f"/password/reset/{stale}", {"new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                   page="/login")
    assert refused.status_code == 400
    assert login(app.test_client(), MEMBER_EMAIL, NEW_PASSWORD).status_code == 401


def test_forgot_password_is_throttled_per_address_and_per_client(app, accounts, mail):
    for _ in range(MAX_RESETS_PER_ACCOUNT + 2):
        response = forgot(app, MEMBER_EMAIL)
        assert response.status_code == 200  # the same answer, spent or not
    assert len(mail(MAX_RESETS_PER_ACCOUNT)) == MAX_RESETS_PER_ACCOUNT
    time.sleep(0.2)
    assert mail() == []  # the address's limit: nothing more sent
    for n in range(MAX_RESETS_PER_IP - MAX_RESETS_PER_ACCOUNT - 2):
        assert forgot(app, f"inconnu{n}@nulle-part.example").status_code == 200
    blocked = forgot(app, SECRETARY_EMAIL)  # this client address has spent its requests
    assert blocked.status_code == 429 and "Trop de demandes" in body(blocked)
    time.sleep(0.2)
    assert mail() == []


# -- a new address, confirmed from it ------------------------------------------------------------------
def test_a_new_address_is_confirmed_from_it_and_the_old_one_told(app, accounts, mail):
    member = app.test_client()
    assert login(member, MEMBER_EMAIL).status_code == 302
    elsewhere = app.test_client()
    assert login(elsewhere, MEMBER_EMAIL).status_code == 302
    assert 'href="/account/email"' in body(member.get("/account/password"))
    new = "nadia@nouvelle-adresse.example"

    wrong = post(member, "/account/email", {"email": new, "current": "pas-le-bon-2026"})
    assert wrong.status_code == 422 and "le mot de passe actuel est incorrect" in body(wrong)
    taken = post(member, "/account/email", {"email": SECRETARY_EMAIL.upper(), "current": DEMO_PASSWORD})
    assert taken.status_code == 422
    assert "cette adresse est déjà utilisée par un autre compte" in body(taken)
    time.sleep(0.2)
    assert mail() == []  # nothing to the other account's address, nothing at all

    asked = post(member, "/account/email", {"email": new, "current": DEMO_PASSWORD})
    assert asked.status_code == 302
    assert "Un message a été envoyé à nadia@nouvelle-adresse.example" in body(member.get(
        asked.headers["Location"]))
    (message,) = mail(1)
    assert message.rcpt_tos == [new] and new in message.to  # the new address only
    assert message.subject.strip() == "Collegia : confirmez votre nouvelle adresse"
    assert f"utilise désormais l'adresse {new}. Pour le confirmer, ouvrez ce lien (valable 24 heures)" \
        in message.text
    path = link_of(message)
    assert accounts.find_by_email(MEMBER_EMAIL) is not None  # nothing changes before the link is opened

    shown = member.get(path)
    assert shown.status_code == 200 and "Confirmer la nouvelle adresse" in body(shown)
    assert accounts.find_by_email(MEMBER_EMAIL) is not None  # opening it changes nothing either (no GET writes)
    confirmed = post(member, path, {})
    assert confirmed.status_code == 302
    assert f"Votre compte utilise désormais l'adresse {new}" in body(member.get("/account/password"))
    assert accounts.find_by_email(MEMBER_EMAIL) is None and accounts.find_by_email(new) is not None
    assert logged_in(member) and not logged_in(elsewhere)  # the other sessions have ended
    (notice,) = mail(1)
    assert notice.rcpt_tos == [MEMBER_EMAIL] and MEMBER_EMAIL in notice.to  # the old address is told
    assert notice.subject.strip() == "Collegia : l'adresse de votre compte a changé"
    assert f"Votre compte Collegia utilise désormais l'adresse {new}" in notice.text
    assert login(app.test_client(), new).status_code == 302
    assert login(app.test_client(), MEMBER_EMAIL).status_code == 401

    reused = app.test_client().get(path)
    assert reused.status_code == 400 and GONE in body(reused)
    assert post(member, path, {}, page="/account/email").status_code == 400
    time.sleep(0.2)
    assert mail() == []


def test_an_address_taken_meanwhile_is_refused_at_confirmation(app, accounts, mail):
    member = app.test_client()
    assert login(member, MEMBER_EMAIL).status_code == 302
    new = "convoitee@pole.example"
    assert post(member, "/account/email", {"email": new, "current": DEMO_PASSWORD}).status_code == 302
    path = link_of(mail(1)[0])
    accounts.create_invited_user(new, "Quelqu'un d'autre")
    refused = post(member, path, {})
    assert refused.status_code == 409
    assert "cette adresse est déjà utilisée par un autre compte" in body(refused)
    assert accounts.find_by_email(MEMBER_EMAIL) is not None


def test_a_reset_link_sent_to_the_old_address_dies_with_the_move(app, system, accounts):
    """A reset link in the old mailbox must not outlive the account's move to a new address."""
    row = accounts.find_by_email(MEMBER_EMAIL)
    token = reset_token(system, row, 60)
    assert app.test_client().get(f"/password/reset/{token}").status_code == 200
    assert accounts.change_email(row["id"], MEMBER_EMAIL, "nadia@nouvelle-adresse.example") is not None
    moved = app.test_client().get(f"/password/reset/{token}")
    assert moved.status_code == 400 and GONE in body(moved)
