"""Mail over the API (issue 26): a person's preferences and language, their calendar feed, their member's consent to be
convened by e-mail (R225-63); the pole's reminder lead time, the reminders it plans landing in the outbox the
secretaries read (signed links hidden), a failed message sent again, and the administrators' outbox of account mail.
The pages are tested in tests/web/test_mail_pages.py, the planner in tests/mail/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import update

from governance import clock
from infrastructure.accounts_tables import mail_messages
from notifications import outbox
from notifications.planner import MailPlanner
from tests.api.conftest import assert_problem
from tests.web.conftest import MEMBER_EMAIL

ALL_AT_ONCE = {"invitation": "immediate", "reminder": "immediate", "result": "immediate", "minutes": "immediate",
               "welcome": "immediate", "mention": "immediate"}


def fail(app: Any, message_id: int) -> None:
    with app.extensions["collegia"].engine.begin() as conn:
        conn.execute(update(mail_messages).where(mail_messages.c.id == message_id)
                     .values(state="failed", attempts=5, last_error="550 no such user"))


def test_preferences_calendar_feed_and_convocation_consent(app: Any, api_as: Any, demo: dict[str, Any],
                                                           pole_id: str, head: Any) -> None:
    member, secretary = api_as("member"), api_as("secretary")
    me = app.extensions["collegia.accounts"].find_by_email(MEMBER_EMAIL)["id"]
    engine = app.extensions["collegia"].engine

    read = member.get("/me/mail-preferences")
    assert read.status_code == 200, read.get_json()
    body = read.get_json()
    assert (body["preferences"], body["locale"], body["calendar"]) == (ALL_AT_ONCE, "fr",
                                                                       {"active": False, "created_at": None})
    nadia = demo["members"]["Régie de quartier Fontbarlettes"]
    (consent,) = body["convocation_consents"]
    assert (consent["member_id"], consent["pole_id"], consent["email_allowed"]) == (nadia, pole_id, True)

    changed = member.put("/me/mail-preferences", json={"preferences": {**ALL_AT_ONCE, "reminder": "off",
                                                                       "result": "digest"}, "locale": "en"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["preferences"]["reminder"] == "off" and changed.get_json()["locale"] == "en"
    assert outbox.preferences(engine, me) == {**ALL_AT_ONCE, "reminder": "off", "result": "digest"}
    # Refused by field, nothing changed: a mode that does not exist, a kind left out, an unknown field.
    assert_problem(member.put("/me/mail-preferences", json={"preferences": {**ALL_AT_ONCE, "reminder": "weekly"},
                                                            "locale": "fr"}), 422, fields=("preferences.reminder",))
    assert_problem(member.put("/me/mail-preferences", json={"preferences": {"reminder": "off"}, "locale": "fr"}),
                   422, fields=("preferences.invitation",))
    assert_problem(member.put("/me/mail-preferences", json={"preferences": ALL_AT_ONCE, "locale": "de",
                                                            "colour": "blue"}), 422, fields=("locale", "colour"))
    assert outbox.preferences(engine, me)["reminder"] == "off"
    assert_problem(api_as(None).get("/me/mail-preferences"), 401)

    # The calendar feed: its address once, working without a token until deleted.
    feed = member.post("/me/calendar-feed")
    assert feed.status_code == 201, feed.get_json()
    path = feed.get_json()["url"].split("://", 1)[-1].partition("/")[2]
    calendar = app.test_client().get("/" + path)
    assert calendar.status_code == 200 and calendar.mimetype == "text/calendar"
    assert member.get("/me/mail-preferences").get_json()["calendar"]["active"]
    assert feed.get_json()["url"] not in member.get("/me/mail-preferences").get_data(as_text=True)
    assert member.delete("/me/calendar-feed").status_code == 204
    assert app.test_client().get("/" + path).status_code == 404
    assert_problem(member.delete("/me/calendar-feed"), 404)

    # Consent to be convened by e-mail: the representative only, recorded in the register. The demo's Régie agreed.
    consent_path = f"/poles/{pole_id}/members/{nadia}/convocation-consents/online"
    assert (consent["email"], consent["entry"]) == (True, "given")
    before = head()
    assert_problem(secretary.post(consent_path, json={"action": "withdraw"}), 403)
    another = next(m for m in demo["members"].values() if m != nadia)
    assert_problem(member.post(f"/poles/{pole_id}/members/{another}/convocation-consents/online",
                               json={"action": "withdraw"}), 403)
    assert_problem(member.post(consent_path, json={"action": "maybe"}), 422, fields=("action",))
    assert_problem(member.post(consent_path, json={"action": "give"}), 409, rule="membership")  # already given
    assert head() == before
    back = member.post(consent_path, json={"action": "withdraw"})
    assert back.status_code == 201 and back.headers["Location"].endswith("/me/mail-preferences"), back.get_json()
    assert (back.get_json()["email"], back.get_json()["entry"], back.get_json()["channel"]) == (False, "withdrawn",
                                                                                              "online")
    assert head() > before
    assert member.get("/me/mail-preferences").get_json()["convocation_consents"][0]["entry"] == "withdrawn"
    assert member.post(consent_path, json={"action": "give"}).get_json()["email"] is True


def test_reminders_land_in_the_outbox_secretaries_read(app: Any, api_as: Any, pole_id: str) -> None:
    system = app.extensions["collegia"]
    secretary, member, admin = api_as("secretary"), api_as("member"), api_as("admin")
    settings = f"/poles/{pole_id}/mail-settings"

    assert_problem(secretary.put(settings, json={"reminder_hours": 10_000}), 422, fields=("reminder_hours",))
    assert_problem(secretary.put(settings, json={"reminder_hours": "48"}), 422, fields=("reminder_hours",))
    assert_problem(admin.put(settings, json={"reminder_hours": 48}), 403)
    assert_problem(member.get(settings), 403)
    saved = secretary.put(settings, json={"reminder_hours": 48})
    assert saved.status_code == 200 and saved.get_json() == {"reminder_hours": 48}
    assert admin.get(settings).get_json() == {"reminder_hours": 48}

    # A vote closing in three days: two days on, within the 48 hours, its reminders are planned.
    planner = MailPlanner(system.app, system.engine, system.settings)
    planner.ensure_position()
    draft = next(p["id"] for p in app.extensions["collegia.queries"].register(pole_id, limit=100)
                 if p["status"] == "draft")
    system.app.open_voting(draft, closes_at=clock.now() + timedelta(days=3), actor="test")
    planner.catch_up()
    assert planner.plan_reminders(outbox.now() + timedelta(days=2)) > 0  # naive UTC, as the outbox keeps time

    box = secretary.get(f"/poles/{pole_id}/outbox")
    assert box.status_code == 200, box.get_json()
    reminders = [m for m in box.get_json() if m["kind"] == "reminder"]
    assert reminders and all(m["pole_id"] == pole_id and "text" not in m for m in reminders)
    assert admin.get(f"/poles/{pole_id}/outbox").status_code == 200
    assert_problem(member.get(f"/poles/{pole_id}/outbox"), 403)
    assert_problem(api_as("outsider").get(f"/poles/{pole_id}/outbox"), 403)

    message = secretary.get(f"/poles/{pole_id}/outbox/{reminders[0]['id']}").get_json()
    assert message["subject"] == reminders[0]["subject"] and message["text"]
    assert "/mail/unsubscribe/[…]" in message["text"]  # the signed link hidden
    assert_problem(secretary.post(f"/poles/{pole_id}/outbox/{reminders[0]['id']}/resend"), 409)
    fail(app, reminders[0]["id"])
    again = secretary.post(f"/poles/{pole_id}/outbox/{reminders[0]['id']}/resend")
    assert again.status_code == 200 and again.get_json()["state"] == "queued"

    # The administrators' outbox: the mail about accounts, never a pole's.
    with system.engine.begin() as conn:
        outbox.queue(conn, [outbox.message(key="api-test-reset", recipient="x@exemple.org", kind="password_reset",
                                           cause="account: password_reset", subject="Mot de passe",
                                           text="Lien : http://exemple.org/password/reset/secret-token\n",
                                           settings=system.settings, pole_id=None)])
    (account,) = [m for m in admin.get("/outbox").get_json() if m["subject"] == "Mot de passe"]
    assert "secret-token" not in admin.get(f"/outbox/{account['id']}").get_json()["text"]
    assert_problem(admin.get(f"/outbox/{reminders[0]['id']}"), 404)
    assert_problem(secretary.get(f"/poles/{pole_id}/outbox/{account['id']}"), 404)
    assert_problem(secretary.get("/outbox"), 403)
    fail(app, account["id"])
    assert admin.post(f"/outbox/{account['id']}/resend").get_json()["state"] == "queued"
