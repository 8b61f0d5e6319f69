"""Secret ballots: no response, export or log line links a member to its choice on a secret vote.

On the demo store: the demo's closed secret vote; a new secret online vote, several members voting
with known choices (through the domain, the API and the browser), then closed; a secret
resolution voted in a general assembly, closed and its minutes signed. A public vote run the same
way is the positive control: the same check must find its choices, or it proves nothing.

Every role (anonymous, outsider, member, voted member, secretary, administrator) crawls every page
it can reach from the home and pole pages (following links) plus the pages of these votes (proposal,
secretary panel, timeline, minutes HTML and PDF, register, CSV and JSON-lines exports) and the API
(proposals, ballots, proxies, tally, recount, events, decisions); the exported event log and every
log record (DEBUG, whole run) are checked too.

A *leak* is one record (a table row, list item, paragraph, JSON object, CSV row, PDF line, log
record) that concerns the vote, identifies a member (its id, name or representative) and shows
that member's actual choice (its code or label) without showing the other choices (a legend or
a ballot form shows them all).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Iterable

import pytest

from infrastructure.eventlog import export_lines
from tests.api.conftest import *  # noqa: F401,F403  (app with the API, api_as, demo, pole_id...)
from tests.api.conftest import EMAILS
from tests.security.hostile_helpers import Page, crawl, flat, json_objects, records
from tests.web.conftest import csrf_token, login

ROLES = ("anonymous", "outsider", "member", "voted_member", "secretary", "admin")
# Codes, then the interface's labels and words in English and French (matched as whole words, any case).
CHOICE_WORDS = {"for": ("for", "pour"), "against": ("against", "contre"), "abstain": ("abstain", "abstention")}


# Interface sentences where a choice word is just a word ("pour" is also the preposition "for"): they name
# no member's choice, so they are taken out before looking for one.
SAFE_PHRASES = ("pas même pour vous",)


def without_safe_phrases(text: str) -> str:
    for phrase in SAFE_PHRASES:
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    return text


def word(text: str, needle: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(needle)}(?![\w-])", text, re.IGNORECASE) is not None


@dataclass
class Vote:
    """A vote whose choices we know, and how its records are recognised."""

    id: str
    title: str
    choices: dict[str, str]  # member id → choice
    secret: bool


class Leaks:
    def __init__(self, votes: list[Vote], members: dict[str, tuple[str, ...]]) -> None:
        self.votes, self.members = votes, members
        self.found: list[tuple[str, str, str, str, str]] = []  # (vote, member, source, where, record)

    def mentions_vote(self, text: str, vote: Vote) -> bool:
        return vote.id in text or vote.title in text

    def concerned(self, text: str, page_votes: list[Vote]) -> list[Vote]:
        named = [v for v in self.votes if self.mentions_vote(text, v)]
        return named or page_votes

    def check_text(self, source: str, where: str, record: str, page_votes: list[Vote]) -> None:
        record = without_safe_phrases(record)
        for vote in self.concerned(record, page_votes):
            shown = {c for c, words in CHOICE_WORDS.items() if any(word(record, w) for w in words)}
            if not shown or shown == set(CHOICE_WORDS):
                continue  # no choice, or a legend / a ballot form offering all three
            for member, choice in vote.choices.items():
                if choice in shown and any(ident in record for ident in self.members[member]):
                    self.found.append((vote.id, member, source, where, record[:300]))

    def check_object(self, source: str, where: str, obj: dict[str, Any], page_votes: list[Vote]) -> None:
        values = {str(v) for v in flat(obj).values() if v is not None}
        named = [v for v in self.votes if v.id in values]
        for vote in named or page_votes:
            for member, choice in vote.choices.items():
                lowered = {v.lower() for v in values}
                if values & set(self.members[member]) and lowered & set(CHOICE_WORDS[choice]) and not (
                        values >= {w for c in CHOICE_WORDS for w in CHOICE_WORDS[c][:1]}):
                    self.found.append((vote.id, member, source, where, json.dumps(flat(obj), default=str)[:300]))

    def check_page(self, source: str, page: Page) -> None:
        page_votes = self.page_votes(page)
        if "json" in page.mimetype and page.status < 400:
            docs = [json.loads(line) for line in page.text.splitlines() if line.strip()] \
                if page.path.split("?")[0].endswith(".jsonl") else [json.loads(page.text)]
            for doc in docs:
                for obj in json_objects(doc):
                    self.check_object(source, page.path, obj, page_votes)
            return
        for record in records(page):
            self.check_text(source, page.path, record, page_votes)

    def page_votes(self, page: Page) -> list[Vote]:
        """The votes a record naming no vote is about: the one in the URL, else the only one the page names."""
        in_url = [v for v in self.votes if v.id in page.path]
        if in_url:
            return in_url
        if page.mimetype in ("text/html", "application/pdf"):
            text = "\n".join(records(page)) if page.mimetype == "application/pdf" else page.text
            named = [v for v in self.votes if self.mentions_vote(text, v)]
            return named if len(named) == 1 else []
        return []

    def of(self, votes: Iterable[Vote]) -> list[tuple[str, str, str, str, str]]:
        ids = {v.id for v in votes}
        return [f for f in self.found if f[0] in ids]


def server_errors(caplog: Any) -> list[str]:
    return [f"{r.getMessage()}\n{r.exc_text or ''}" for r in caplog.records if r.levelno >= logging.ERROR]


def truth(domain: Any, proposal_id: str) -> dict[str, str]:
    """Each member's last choice, unsealed with the instance's key (what must never be shown)."""
    proposal = domain.get_proposal(proposal_id)
    return {m: b.get("choice") or domain.sealer.unseal(str(proposal.id), m, b["sealed"])
            for m, b in proposal.ballots.items()}


@pytest.fixture
def world(app, pole_id, api_as, demo, caplog) -> dict[str, Any]:
    caplog.set_level(logging.DEBUG)
    domain = app.extensions["collegia"].app
    accounts = app.extensions["collegia.accounts"]
    pole = domain.get_pole(pole_id)
    users = {role: accounts.get(accounts.find_by_email(email)["id"]) for role, email in EMAILS.items()}
    me = {role: next(iter(user.members_in(pole_id)), None) for role, user in users.items()}
    assert me["member"] and me["voted_member"], me
    closes = datetime.now(UTC) + timedelta(days=5)

    def online(title: str, secret: bool) -> str:
        proposal = str(domain.draft_proposal(pole_id, title=title, text="Texte.", secret=secret, actor="test"))
        domain.open_voting(proposal, closes_at=closes, actor="test")
        return proposal

    # Two online votes run the same way: one secret, one public (the positive control).
    pattern = ("for", "against", "abstain", "against", "for", "abstain", "against")
    runs = {}
    for secret, title in ((True, "Vote secret sur la mutualisation"), (False, "Vote public de contrôle")):
        proposal = online(title, secret)
        electorate = sorted(domain.get_proposal(proposal).electorate)
        own = me["member"]
        others = [m for m in electorate if m not in (own, me["voted_member"])]
        for member, choice in zip(others, pattern):
            domain.cast_ballot(proposal, member, choice, actor="test")
        # Through the API (the member's own token) and through the browser form (the voted member).
        response = api_as("member").post(f"/poles/{pole_id}/proposals/{proposal}/ballots",
                                          json={"member_id": own, "choice": "against"})
        assert response.status_code == 201, (response.get_json(), server_errors(caplog))
        client = app.test_client()
        login(client, EMAILS["voted_member"])
        page = f"/poles/{pole_id}/proposals/{proposal}"
        response = client.post(f"{page}/ballot", data={"csrf_token": csrf_token(client, page),
                                                       "member": me["voted_member"], "choice": "abstain"})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        domain.close_voting(proposal, actor="test")
        domain.sign_minutes(proposal, signer="Claire Martin", capacity="chair", actor="test")
        runs[secret] = proposal
    # Another secret vote left open (participation shows, choices never).
    still_open = online("Vote secret encore ouvert", True)
    for member, choice in zip(sorted(domain.get_proposal(still_open).electorate), ("against", "for", "for")):
        domain.cast_ballot(still_open, member, choice, actor="test")
    domain.cast_ballot(still_open, me["member"], "abstain", actor="test")

    # A secret resolution in a general assembly.
    resolution = str(domain.draft_proposal(pole_id, title="Résolution secrète de l'assemblée", text="Texte.",
                                           secret=True, actor="test"))
    assembly = str(domain.convene_assembly(pole_id, kind="ordinary", held_at=closes + timedelta(days=25), place="Crest", mode="hybrid",
                                           convocation="first", agenda=[resolution], actor="test"))
    domain.open_session(assembly, actor="test")
    attending = sorted(domain.get_assembly(assembly).electorate)[:6]
    for member in attending:
        domain.record_attendance(assembly, member, "present", actor="test")
    domain.put_to_vote(assembly, resolution, actor="test")
    for member, choice in zip(attending, ("against", "for", "abstain", "for", "against", "for")):
        domain.cast_ballot(resolution, member, choice, actor="test")
    domain.close_voting(resolution, actor="test")
    domain.close_session(assembly, actor="test")
    domain.sign_minutes(assembly, signer="Claire Martin", capacity="secretary", actor="test")

    pole = domain.get_pole(pole_id)
    members = {m: tuple(x for x in (m, info["name"], info.get("representative") or "") if len(x) >= 4)
               for m, info in pole.members.items()}
    queries = app.extensions["collegia.queries"]
    register = queries.register(pole_id, limit=200)
    demo_secret = [p["id"] for p in register if p["secret"] and p["status"] == "closed"
                   and p["id"] not in (runs[True], resolution)]
    assert demo_secret, "the demo has a closed secret vote"

    def vote(proposal_id: str) -> Vote:
        p = queries.proposal(proposal_id)
        return Vote(proposal_id, p["title"], truth(domain, proposal_id), p["secret"])

    secret = [vote(p) for p in (*demo_secret, runs[True], still_open, resolution)]
    control = [vote(runs[False])]
    assert all(len(set(v.choices.values())) >= 2 for v in secret + control)
    return {"secret": secret, "control": control, "members": members, "assembly": assembly, "me": me,
            "all_proposals": [p["id"] for p in register]}


def pages_of(pole_id: str, world: dict[str, Any]) -> list[str]:
    starts = ["/", f"/poles/{pole_id}/", f"/poles/{pole_id}/register", f"/poles/{pole_id}/register.csv",
              f"/poles/{pole_id}/events.jsonl", f"/poles/{pole_id}/decisions", f"/poles/{pole_id}/assemblies",
              f"/poles/{pole_id}/assemblies/{world['assembly']}", f"/poles/{pole_id}/minutes/{world['assembly']}",
              f"/poles/{pole_id}/minutes/{world['assembly']}.pdf", f"/poles/{pole_id}/manage/proposals",
              f"/poles/{pole_id}/roster"]
    for vote in world["secret"] + world["control"]:
        starts += [f"/poles/{pole_id}/proposals/{vote.id}", f"/poles/{pole_id}/proposals/{vote.id}/timeline",
                   f"/poles/{pole_id}/manage/proposals/{vote.id}", f"/poles/{pole_id}/minutes/{vote.id}",
                   f"/poles/{pole_id}/minutes/{vote.id}.pdf", f"/poles/{pole_id}/proposals/{vote.id}/what-if"]
    return starts


def api_paths(pole_id: str, world: dict[str, Any]) -> list[str]:
    paths = ["/api/v1/me", "/api/v1/poles", f"/api/v1/poles/{pole_id}/proposals?limit=200",
             f"/api/v1/poles/{pole_id}/decisions?limit=200", f"/api/v1/poles/{pole_id}/members",
             f"/api/v1/events?pole_id={pole_id}&limit=1000", f"/api/v1/events?limit=1000"]
    for vote in world["secret"] + world["control"]:
        base = f"/api/v1/poles/{pole_id}/proposals/{vote.id}"
        paths += [base, f"{base}/ballots", f"{base}/proxies", f"{base}/tally", f"{base}/tally/recount",
                  f"/api/v1/events?aggregate_id={vote.id}&limit=1000"]
    return paths


def test_no_response_export_or_log_links_a_member_to_a_secret_choice(world, app, pole_id, token_for, caplog):
    leaks = Leaks(world["secret"] + world["control"], world["members"])
    fetched: dict[str, int] = {}
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            assert login(client, EMAILS[role]).status_code == 302
        pages = crawl(client, pages_of(pole_id, world), limit=500, skip=("/api/",))
        headers = {"Authorization": f"Bearer {token_for(role)}"} if role != "anonymous" else {}
        pages |= crawl(client, api_paths(pole_id, world), limit=200, headers=headers, skip=("/api/v1/docs",))
        assert not [p.path for p in pages.values() if p.status >= 500], role
        for page in pages.values():
            if page.status < 400:
                leaks.check_page(role, page)
        fetched[role] = sum(1 for p in pages.values() if p.status < 400)
    sealed_lengths = set()
    for line in export_lines(app.extensions["collegia"].app):
        event = json.loads(line)
        if event["topic"].endswith(".SecretBallotCast"):
            sealed_lengths.add(len(event["state"]["sealed"]))
        for obj in json_objects(event):
            leaks.check_object("export", "collegia export", obj, [])
    # Every sealed choice in the export is of one length, whatever the choice (padded: issue 15).
    assert sealed_lengths == {63}, sealed_lengths
    for record in caplog.records:
        text = record.getMessage() + (f"\n{record.exc_text}" if record.exc_text else "")
        for line in text.splitlines():
            leaks.check_text("log", record.name, line, [])

    # The crawl saw a lot, as members and as the secretary.
    assert fetched["secretary"] > 60 and fetched["member"] > 30 and fetched["voted_member"] > 30, fetched
    # Positive control: the public vote's choices are found, per member, in pages, the API and the export.
    control = leaks.of(world["control"])
    sources = {(source, "html" if not where.startswith("/api/") else "api") for _, _, source, where, _ in control}
    assert ("secretary", "html") in sources and ("secretary", "api") in sources, sources
    timeline = [f for f in control if f[3].endswith("/timeline")]
    assert timeline, "the control's ballots are found in its audit timeline"
    assert any(source == "export" for _, _, source, _, _ in control)
    assert len({member for _, member, _, _, _ in control}) >= 5
    # The secret votes: nothing, anywhere.
    found = leaks.of(world["secret"])
    assert found == [], "\n".join(" | ".join(f) for f in found[:40])
