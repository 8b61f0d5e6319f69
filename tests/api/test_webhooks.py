"""Webhooks (issue 26, docs/webhooks.md): registered over the API by a pole's secretary, delivered to a real receiver
on a loopback port that checks each signature as the documentation tells receivers to; a receiver failing then
recovering (the same idempotency key retried), a sender stopped while events happen and started again (each
delivered once, none lost), a secret ballot's result without any ballot, and the URLs refused at registration."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import pytest

from governance.errors import InvalidInput
from notifications.webhooks import KINDS, Deliverer, WebhookService, check_url, signature, verify
from tests.api.conftest import assert_problem

REPLAY_WINDOW = 300


class Receiver:
    """An HTTP receiver on 127.0.0.1: answers the statuses queued in `script` (then 200), records what it got and
    whether each signature verified (the docs' recipe: HMAC-SHA256 of "<timestamp>.<body>", 5 minutes' window)."""

    def __init__(self) -> None:
        self.script: list[int] = []
        self.got: list[dict[str, Any]] = []
        self.secret = ""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stamp = self.headers["Collegia-Webhook-Timestamp"]
                expected = "v1=" + hmac.new(receiver.secret.encode(), stamp.encode() + b"." + body,
                                            hashlib.sha256).hexdigest()
                status = receiver.script.pop(0) if receiver.script else 200
                receiver.got.append({
                    "id": self.headers["Collegia-Webhook-Id"], "status": status, "body": body.decode(),
                    "json": json.loads(body), "type": self.headers["Content-Type"], "path": self.path,
                    "signed": hmac.compare_digest(expected, self.headers["Collegia-Webhook-Signature"])
                    and abs(time.time() - int(stamp)) <= REPLAY_WINDOW})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/collegia?via=test"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def delivered(self) -> dict[str, dict[str, Any]]:
        """What was accepted (2xx), by idempotency key."""
        return {g["id"]: g for g in self.got if g["status"] == 200}

    def wait_for(self, condition: Any, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, self.got
            time.sleep(0.05)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.server.shutdown()
    found.server.server_close()


@pytest.fixture
def loopback(app):
    """The instance allows http:// to loopback (COLLEGIA_WEBHOOKS_ALLOW_HTTP_LOOPBACK), as the tests' receiver needs."""
    system = app.extensions["collegia"]
    system.settings = dataclasses.replace(system.settings, webhooks_allow_http_loopback=True)
    return system


def hooks_url(pole_id: str) -> str:
    return f"/poles/{pole_id}/webhooks"


def test_secretaries_register_list_and_delete_hooks_and_unsafe_urls_are_refused(api_as, pole_id, loopback, head):
    secretary, url = api_as("secretary"), "https://integrations.example.org/collegia"
    for who, status in (("member", 403), ("outsider", 403), (None, 401)):
        assert_problem(api_as(who).post(hooks_url(pole_id), json={"url": url, "kinds": ["proposal.closed"]}), status)
    before = head()
    created = secretary.post(hooks_url(pole_id), json={"url": url, "kinds": ["proposal.closed", "member.admitted"]})
    assert created.status_code == 201, created.get_json()
    hook = created.get_json()
    assert hook["secret"].startswith("whsec_") and len(hook["secret"]) > 40
    assert created.headers["Location"].endswith(f"/webhooks/{hook['id']}")
    assert hook["kinds"] == ["member.admitted", "proposal.closed"] and hook["created_by"].startswith("Claire")
    assert head() == before  # a hook is the platform's setting, not a governance fact
    listed = api_as("admin").get(hooks_url(pole_id)).get_json()  # platform admins too
    assert [h["id"] for h in listed] == [hook["id"]] and "secret" not in listed[0]
    assert "secret" not in secretary.get(f"{hooks_url(pole_id)}/{hook['id']}").get_json()
    assert_problem(api_as("member").get(hooks_url(pole_id)), 403)

    refused = {"http://integrations.example.org/collegia": "https://",  # http:// only to loopback, when allowed
               "https://10.0.0.7/hook": "private", "https://[fd00::1]/hook": "private",
               "https://169.254.169.254/latest/meta-data": "private",  # a cloud's metadata service
               "https://user:pw@integrations.example.org/": "password", "ftp://integrations.example.org/": "https://"}
    for bad, said in refused.items():
        problem = assert_problem(secretary.post(hooks_url(pole_id), json={"url": bad, "kinds": ["proposal.closed"]}),
                                 422, rule="invalid_input")
        assert said in problem["detail"], (bad, problem)
    assert_problem(secretary.post(hooks_url(pole_id), json={"url": url, "kinds": ["ballot.cast"]}), 422,
                   fields=("kinds.0",))
    assert_problem(secretary.post(hooks_url(pole_id), json={"url": url, "kinds": []}), 422, fields=("kinds",))
    assert_problem(secretary.post(hooks_url(pole_id), json={"url": url, "kinds": KINDS, "secret": "mine"}), 422,
                   fields=("secret",))
    assert [h["id"] for h in secretary.get(hooks_url(pole_id)).get_json()] == [hook["id"]]  # nothing else kept

    other = api_as("outsider")  # another pole's secretary: not this pole's hooks
    other_pole = other.get("/me").get_json()["roles"][0]["pole_id"]
    assert_problem(other.get(f"{hooks_url(other_pole)}/{hook['id']}"), 404)
    assert_problem(other.delete(f"{hooks_url(other_pole)}/{hook['id']}"), 404)
    assert secretary.delete(f"{hooks_url(pole_id)}/{hook['id']}").status_code == 204
    assert_problem(secretary.get(f"{hooks_url(pole_id)}/{hook['id']}"), 404)
    assert_problem(secretary.get(f"{hooks_url(pole_id)}/{hook['id']}/deliveries"), 404)
    assert secretary.get(hooks_url(pole_id)).get_json() == []


def test_loopback_and_private_destinations_are_refused_unless_allowed():
    for url in ("http://127.0.0.1:8080/x", "https://localhost/x", "https://[::1]/x", "https://127.0.0.1/x"):
        with pytest.raises(InvalidInput, match="loopback"):
            check_url(url, allow_http_loopback=False)
        assert check_url(url, allow_http_loopback=True) == url
    for url in ("https://192.168.1.20/x", "https://100.64.0.1/x", "https://[::ffff:10.1.2.3]/x", "https://0.0.0.0/x",
                "https://[64:ff9b::a9fe:a9fe]/x", "https://[2002:a9fe:a9fe::1]/x"):  # NAT64 and 6to4 to 169.254…
        with pytest.raises(InvalidInput):
            check_url(url, allow_http_loopback=True)
    assert check_url("https://203.0.113.9.nip.example/x", allow_http_loopback=False)
    stamp, body = int(time.time()), b'{"id":"evt_1_1"}'
    signed = signature("whsec_k", stamp, body)
    assert verify("whsec_k", body, str(stamp), signed) and verify("whsec_k", body, str(stamp), "v0=x, " + signed)
    assert not verify("whsec_k", body + b" ", str(stamp), signed) and not verify("whsec_other", body, str(stamp), signed)
    assert not verify("whsec_k", body, str(stamp - 301), signature("whsec_k", stamp - 301, body))  # a replay


def _vote(secretary, api_as, pole_id, demo, *, secret: bool) -> str:
    """A proposal drafted, opened, voted by two representatives (Régie against, the Val de Drôme for) and closed."""
    drafted = secretary.post(f"/poles/{pole_id}/proposals", json={
        "title": "Achat groupé de semences", "text": "Le pôle organise un achat groupé.", "kind": "ordinary",
        "secret": secret}).get_json()
    closes = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    assert secretary.post(f"/poles/{pole_id}/proposals/{drafted['id']}/open",
                          json={"closes_at": closes, "convocation": "first"}).status_code == 200
    for who, name, choice in (("member", "Régie de quartier Fontbarlettes", "against"),
                              ("voted_member", "Communauté de communes du Val de Drôme", "for")):
        cast = api_as(who).post(f"/poles/{pole_id}/proposals/{drafted['id']}/ballots",
                                json={"member_id": demo["members"][name], "choice": choice})
        assert cast.status_code in (200, 201), cast.get_json()
    assert secretary.post(f"/poles/{pole_id}/proposals/{drafted['id']}/close").status_code == 200
    return drafted["id"]


def test_events_are_delivered_signed_retried_and_nothing_is_lost_or_doubled_over_a_restart(
        app, api_as, pole_id, demo, loopback, receiver):
    secretary = api_as("secretary")
    hook = secretary.post(hooks_url(pole_id), json={"url": receiver.url, "kinds": list(KINDS)}).get_json()
    receiver.secret = hook["secret"]
    deliveries = f"{hooks_url(pole_id)}/{hook['id']}/deliveries"
    receiver.script = [500]  # the first request fails: retried, with the same key
    service = WebhookService(loopback, poll_interval=0.05, retry_seconds=0.2).start()
    try:
        proposal = _vote(secretary, api_as, pole_id, demo, secret=True)
        receiver.wait_for(lambda: {g["json"]["kind"] for g in receiver.delivered().values()}
                          >= {"proposal.opened", "proposal.closed"})
    finally:
        service.stop()
    failed_once = receiver.got[0]
    assert failed_once["status"] == 500 and failed_once["id"] in receiver.delivered()  # same key, then accepted
    assert all(g["signed"] and g["type"] == "application/json" for g in receiver.got)
    assert {g["path"] for g in receiver.got} == {"/hooks/collegia?via=test"}
    by_kind = {g["json"]["kind"]: g for g in receiver.delivered().values()}
    opened, closed = by_kind["proposal.opened"]["json"], by_kind["proposal.closed"]["json"]
    assert opened["id"] == by_kind["proposal.opened"]["id"] and opened["pole_id"] == pole_id
    assert opened["data"]["proposal_id"] == proposal and opened["data"]["secret"] is True
    data = closed["data"]
    recorded = secretary.get(f"/poles/{pole_id}/proposals/{proposal}").get_json()
    assert (data["outcome"], data["participants"]) == (recorded["outcome"], 2)  # the register's decision
    # A secret ballot: no voter; a college whose counts would reveal its voters' choices is not published: each of
    # the two voters is alone in its college here, so exactly those two colleges are hidden, the others published.
    text = by_kind["proposal.closed"]["body"]
    for name in ("Régie de quartier Fontbarlettes", "Communauté de communes du Val de Drôme"):
        assert demo["members"][name] not in text and name not in text
    assert {c["code"] for c in data["colleges"] if not c["published"]} == {"salaries", "collectivites"}
    assert all(c[count] is None for c in data["colleges"] if not c["published"]
               for count in ("participants", "votes_for", "votes_against", "abstentions"))

    # Stopped: events happen meanwhile (a member withdraws, the same vote held openly); a new sender delivers each
    # once, and nothing delivered before is sent again.
    already = set(receiver.delivered())
    regie = demo["members"]["Régie de quartier Fontbarlettes"]
    assert secretary.post(f"/poles/{pole_id}/members/{regie}/withdraw",
                          json={"reason": "Départ"}).status_code == 200
    open_vote = _vote_openly(secretary, api_as, pole_id, demo)
    time.sleep(0.3)
    assert len(receiver.got) == 3  # nothing was sent while stopped
    service = WebhookService(loopback, poll_interval=0.05, retry_seconds=0.2).start()
    try:
        receiver.wait_for(lambda: len(receiver.delivered()) == 5)
        ping = secretary.post(f"{hooks_url(pole_id)}/{hook['id']}/ping")
        assert ping.status_code == 201 and ping.get_json()["kind"] == "ping"
        receiver.wait_for(lambda: ping.get_json()["idempotency_key"] in receiver.delivered())
        time.sleep(0.3)
    finally:
        service.stop()
    ids = [g["id"] for g in receiver.got if g["status"] == 200]
    assert len(ids) == len(set(ids)) == 6 and already < set(ids)  # each once, none lost
    kinds = [receiver.delivered()[i]["json"]["kind"] for i in ids]
    assert kinds.count("member.withdrawn") == 1 and kinds.count("proposal.closed") == 2
    withdrawn = next(g["json"]["data"] for g in receiver.delivered().values() if g["json"]["kind"] == "member.withdrawn")
    assert withdrawn == {"member_id": regie, "name": "Régie de quartier Fontbarlettes"}
    public = next(g["json"]["data"] for g in receiver.delivered().values()
                  if g["json"]["kind"] == "proposal.closed" and g["json"]["data"]["proposal_id"] == open_vote)
    assert all(c["published"] for c in public["colleges"])  # an open vote's counts, as its result page

    listed = secretary.get(deliveries).get_json()
    assert len(listed) == 6 and all(d["state"] == "delivered" and d["last_status"] == 200 for d in listed)
    assert {d["idempotency_key"] for d in listed} == set(ids) and "body" not in listed[0]
    assert next(d for d in listed if d["idempotency_key"] == failed_once["id"])["attempts"] == 2
    assert_problem(secretary.post(f"{deliveries}/{listed[0]['id']}/retry"), 409, rule="webhook")
    assert_problem(secretary.post(f"{deliveries}/999999/retry"), 404)


def _vote_openly(secretary, api_as, pole_id, demo) -> str:
    drafted = secretary.post(f"/poles/{pole_id}/proposals", json={
        "title": "Calendrier des marchés", "text": "Le pôle fixe le calendrier.", "kind": "ordinary",
        "secret": False}).get_json()
    closes = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    secretary.post(f"/poles/{pole_id}/proposals/{drafted['id']}/open", json={"closes_at": closes,
                                                                             "convocation": "first"})
    api_as("voted_member").post(f"/poles/{pole_id}/proposals/{drafted['id']}/ballots", json={
        "member_id": demo["members"]["Communauté de communes du Val de Drôme"], "choice": "for"})
    assert secretary.post(f"/poles/{pole_id}/proposals/{drafted['id']}/close").status_code == 200
    return drafted["id"]


def test_a_delivery_that_keeps_failing_is_failed_then_queued_again(app, api_as, pole_id, loopback, receiver):
    secretary = api_as("secretary")
    hook = secretary.post(hooks_url(pole_id), json={"url": receiver.url, "kinds": ["member.admitted"]}).get_json()
    receiver.secret = hook["secret"]
    path = f"{hooks_url(pole_id)}/{hook['id']}"
    ping = secretary.post(f"{path}/ping").get_json()
    receiver.script = [503, 503]
    deliverer = Deliverer(loopback.engine, loopback.settings, loopback.settings.secret_key(), max_attempts=2)
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    assert deliverer.deliver_due() == 1
    pending = secretary.get(f"{path}/deliveries").get_json()[0]
    assert (pending["state"], pending["attempts"], pending["last_status"]) == ("pending", 1, 503)
    assert pending["next_attempt_at"] and pending["last_error"] == "the receiver answered 503"
    assert deliverer.deliver_due() == 0  # not due yet (backoff)
    assert deliverer.deliver_due(later) == 1
    failed = secretary.get(f"{path}/deliveries").get_json()[0]
    assert (failed["state"], failed["attempts"], failed["next_attempt_at"]) == ("failed", 2, None)
    retried = secretary.post(f"{path}/deliveries/{ping['id']}/retry")
    assert retried.status_code == 200 and (retried.get_json()["state"], retried.get_json()["attempts"]) == ("pending", 0)
    assert deliverer.deliver_due() == 1
    assert [g["id"] for g in receiver.got] == [ping["idempotency_key"]] * 3 and all(g["signed"] for g in receiver.got)
    assert secretary.get(f"{path}/deliveries").get_json()[0]["state"] == "delivered"
    # A stale attempt's outcome (its claim expired, a later attempt ran) does not overwrite the row.
    deliverer._record(ping["id"], 0, "failed", 500, "a slow attempt from before")
    assert secretary.get(f"{path}/deliveries").get_json()[0]["state"] == "delivered"
