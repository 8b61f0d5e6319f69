"""Secret ballots are indistinguishable, whatever the choice, in every stored and exported byte (issue 15).

The attack: a sealed choice used to be encrypted without padding, so "for" sealed shorter than
"against" / "abstain", and anyone reading the event log learned every member's for / not-for.

On SQLite and PostgreSQL, Hypothesis draws secret votes (members and choices, re-votes included) and
checks, for every `SecretBallotCast`, that these are of one length and one shape whatever the choice:

- the raw row in the store's events table (read with SQL, not through the library);
- the proposal's stored snapshot (the packed ballots);
- the `collegia export` line, the API event-log entry and the pole's JSON-lines journal line;
- the audit trail's row;

and, differentially, that two secret votes cast by the same members in the same order with different
choices give byte-identical pages and API responses (proposal, participation, timeline, secretary
panel, ballots, event log, the page after a member's own secret vote), once the proposal's id and the
per-request CSRF tokens are set aside. Old, unpadded ballots (as the previous release stored them)
still count, in a close and a recount, on both stores.

What differs between two ballots and is not about the choice (log positions and versions, the chain's
sequence number and hash, the member's id) is normalised before comparing; member ids are UUIDs, all
of one length, and every event is recorded at one frozen time.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sqlite3
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any, Iterator
from uuid import UUID

import psycopg
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import HealthCheck, Phase, example, given, settings, strategies as st

from governance.clock import frozen_time
from governance.errors import DomainError
from governance.sealing import BallotSealer
from governance.tally import CHOICES
from infrastructure.eventlog import export_lines
from projections.queries import Queries
from infrastructure.system import System, bootstrap
from tests.integration.conftest import BALLOT_KEY, POSTGRES_URL, backend, make_settings, require_postgres  # noqa: F401
from tests.web.conftest import csrf_token, login
from web.accounts.store import Accounts
from web.api import bp as api_bp, tokens_bp
from web.api.tokens import ApiTokens
from web.app import create_app
from web.edge import MEMBER, SECRETARY

ACTOR = "test:padding"
PASSWORD = "Padding-test-2026"
SECRETARY_EMAIL = "secretaire@padding.example"
VOTER_EMAIL = "membre@padding.example"
MEMBERS = 8
AT = datetime(2031, 3, 14, 9, 26, 53, 589793, tzinfo=UTC)  # every event at one time (microseconds never zero)
SECRET_TOPIC = "governance.proposal:Proposal.SecretBallotCast"
SEALED_LENGTH = 63  # "v2:" + base64 of nonce (12) + one padded block (16) + tag (16): governance.sealing.SEALED_LENGTH

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
COUNTERS = re.compile(r'"(position|version|seq|next_after)": ?\d+')
HASH = re.compile(r'"hash": ?"[0-9a-f]+"')
SEALED = re.compile(r'"v2:([A-Za-z0-9+/=]+)"')


def normalised(text: str, shape: bool = False) -> str:
    """`text` with its counters (log position, version, chain sequence) and the chain's hash set to one
    value: what differs between two ballots, choice aside, and changes a length. With `shape`, the sealed
    ciphertext (random, of one length: checked apart) and every id (member, proposal, pole: UUIDs, of one
    length) are replaced by placeholders of their own length too, leaving the ballot's shape."""
    text = COUNTERS.sub(lambda m: f'"{m.group(1)}": 0', text)
    text = HASH.sub('"hash": "#"', text)
    if shape:
        text = SEALED.sub(lambda m: '"v2:' + "C" * len(m.group(1)) + '"', text)
        text = UUID_RE.sub("U" * 36, text)
    return text


class Env:
    """A pole of `MEMBERS` admitted members on a fresh store, its web app with the API, a secretary
    with an API token and a logged-in web client, and a member who votes in the browser."""

    def __init__(self, system: System, backend: str) -> None:
        self.system, self.backend, self.app = system, backend, system.app
        with frozen_time(AT):
            self.pole_id = str(self.app.found_pole(name="Pôle du remplissage", territory="Drôme", legal_form="SCIC",
                                                   statutes={"model": "one_member_one_vote"}, actor=ACTOR))
            self.members = []
            for n in range(MEMBERS):  # names of one length: pages naming voters differ by no choice-free byte
                member = self.app.request_membership(self.pole_id, name=f"Membre {n:02d}", kind="person",
                                                     category="usager", actor=ACTOR)
                self.app.admit_member(self.pole_id, member, decision="CA", actor=ACTOR)
                self.members.append(str(member))
        self.web = create_app(system=system, test_config={"TESTING": True, "SECRET_KEY": "test"})
        for blueprint in (api_bp, tokens_bp):
            if blueprint.name not in self.web.blueprints:
                self.web.register_blueprint(blueprint)
        accounts = Accounts(system.engine)
        secretary = accounts.create_user(SECRETARY_EMAIL, "Claire Secrétaire", PASSWORD)
        accounts.grant(secretary, self.pole_id, SECRETARY)
        voter = accounts.create_user(VOTER_EMAIL, "Membre Zéro", PASSWORD)
        accounts.grant(voter, self.pole_id, MEMBER, member_id=self.members[0])
        self.token = ApiTokens(accounts.engine).create(secretary, "tests").secret
        self.secretary = self.web.test_client()
        assert login(self.secretary, SECRETARY_EMAIL, PASSWORD).status_code == 302
        self.voter = self.web.test_client()
        assert login(self.voter, VOTER_EMAIL, PASSWORD).status_code == 302

    def open_secret(self, title: str = "Vote secret") -> str:
        with frozen_time(AT):
            proposal = str(self.app.draft_proposal(self.pole_id, title=title, text="Texte.", secret=True,
                                                   actor=ACTOR))
            self.app.open_voting(proposal, closes_at=AT + timedelta(days=5), actor=ACTOR)
        return proposal

    def cast(self, proposal: str, ballots: list[tuple[int, str]]) -> None:
        with frozen_time(AT):
            for index, choice in ballots:
                self.app.cast_ballot(proposal, self.members[index], choice, actor=ACTOR)

    # -- the channels --------------------------------------------------------------------------------
    def stored_rows(self, proposal: str) -> list[tuple[str, bytes]]:
        """(topic, state) of the proposal's events, in version order, straight from the store's table."""
        table = self.app.recorder.events_table_name
        if self.backend == "sqlite":
            with sqlite3.connect(self.system.settings._sqlite_path()) as db:
                rows = db.execute(f"SELECT topic, state FROM {table} WHERE originator_id = ? "
                                  "ORDER BY originator_version", (UUID(proposal).hex,)).fetchall()
            assert rows, "the SQLite store holds the proposal under its id in hex"
            return [(topic, bytes(state)) for topic, state in rows]
        with psycopg.connect(POSTGRES_URL) as db:
            rows = db.execute(f'SELECT topic, state FROM "{self.system.settings.schema}"."{table}" '
                              "WHERE originator_id = %s ORDER BY originator_version", (UUID(proposal),)).fetchall()
        return [(topic, bytes(state)) for topic, state in rows]

    def stored_snapshot(self, proposal: str) -> bytes:
        """The proposal's snapshot as stored, less the seal that may precede its JSON (infrastructure/snapshot_seal.py)."""
        self.app.take_snapshot(UUID(proposal))
        snapshot = list(self.app.snapshots.recorder.select_events(UUID(proposal), desc=True, limit=1))[0]
        state = bytes(snapshot.state)
        try:
            from infrastructure.snapshot_seal import MAGIC, TAG_SIZE
        except ImportError:  # snapshots not sealed
            return state
        return state[len(MAGIC) + TAG_SIZE:] if state.startswith(MAGIC) else state

    def export(self, proposal: str) -> list[str]:
        return [line for line in export_lines(self.app) if json.loads(line)["aggregate_id"] == proposal]

    def api_events(self, proposal: str) -> tuple[list[dict[str, Any]], str]:
        response = self.secretary.get(f"/api/v1/events?pole_id={self.pole_id}&aggregate_id={proposal}&limit=1000",
                                      headers={"Authorization": f"Bearer {self.token}"})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["events"], response.get_data(as_text=True)

    def journal(self, proposal: str) -> list[str]:
        response = self.secretary.get(f"/poles/{self.pole_id}/events.jsonl")
        assert response.status_code == 200
        return [line for line in response.get_data(as_text=True).splitlines()
                if line and json.loads(line)["aggregate_id"] == proposal]

    def audit_rows(self, proposal: str) -> list[dict[str, Any]]:
        return Queries(self.system.engine).audit(aggregate_id=proposal, limit=10_000)


@pytest.fixture
def env(make_settings, backend) -> Iterator[Env]:  # noqa: F811
    system = bootstrap(make_settings(backend))
    try:
        yield Env(system, backend)
    finally:
        system.close()


def secret_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if json.loads(line)["topic"] == SECRET_TOPIC]


# -- the property: one length and one shape whatever the choice -----------------------------------------------
ballot_lists = st.lists(st.tuples(st.integers(0, MEMBERS - 1), st.sampled_from(CHOICES)), min_size=1, max_size=6)


def test_every_secret_ballot_has_one_length_and_shape_in_every_stored_and_exported_byte(env: Env) -> None:
    lengths: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))  # channel → choice → lengths
    shapes: dict[str, set[str]] = defaultdict(set)  # channel → normalised texts (one per channel, any choice)

    @settings(max_examples=8 if env.backend == "postgres" else 12, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), phases=(Phase.explicit, Phase.generate))
    @example(ballots=[(0, "for"), (1, "against"), (2, "abstain"), (1, "for")])
    @given(ballots=ballot_lists)
    def vote(ballots: list[tuple[int, str]]) -> None:
        proposal = env.open_secret()
        env.cast(proposal, ballots)

        def seen(channel: str, choice: str, text: str | bytes, shape: str | None = None) -> None:
            lengths[channel][choice].add(len(text))
            if shape is not None:
                shapes[channel].add(shape)

        rows = [(topic, state) for topic, state in env.stored_rows(proposal) if topic.endswith("SecretBallotCast")]
        assert len(rows) == len(ballots)
        exported = secret_lines(env.export(proposal))
        events, body = env.api_events(proposal)
        api = [e for e in events if e["topic"] == SECRET_TOPIC]
        journal = secret_lines(env.journal(proposal))
        audit = [r for r in env.audit_rows(proposal) if r["event_type"].endswith("SecretBallotCast")]
        assert len(exported) == len(api) == len(journal) == len(audit) == len(ballots)
        for (index, choice), (_, state), line, entry, jline, row in zip(ballots, rows, exported, api, journal, audit):
            member = env.members[index]
            sealed = json.loads(state)["sealed"]
            assert len(sealed) == SEALED_LENGTH and "choice" not in json.loads(state)
            seen("stored state", choice, state, normalised(state.decode(), shape=True))
            seen("export line", choice, normalised(line), normalised(line, shape=True))
            entry_text = json.dumps(entry, ensure_ascii=False)
            seen("API event-log entry", choice, normalised(entry_text), normalised(entry_text, shape=True))
            seen("JSON-lines journal line", choice, normalised(jline), normalised(jline, shape=True))
            details = json.dumps(row["details"], ensure_ascii=False, sort_keys=True)
            assert "sealed" not in details and member in details
            seen("audit row", choice, details, normalised(details, shape=True))
        # The whole API response, counters aside, depends only on how many ballots were cast.
        seen(f"API event-log response ({len(ballots)} ballots)", "any", normalised(body))

        packed = json.loads(env.stored_snapshot(proposal))["state"]["ballots"]
        assert len(packed["sealed"]) == len(set(i for i, _ in ballots))
        assert {len(s) for s in packed["sealed"]} == {SEALED_LENGTH}
        last = {index: choice for index, choice in ballots}
        seen(f"snapshot ballots ({len(last)} voters)", "/".join(sorted(set(last.values()))),
             normalised(json.dumps(packed)))

    vote()
    every_choice = {c for per_choice in lengths.values() for c in per_choice} - {"any"}
    assert set(CHOICES) <= every_choice, "Hypothesis drew every choice"
    for channel, per_choice in lengths.items():
        assert len({n for ns in per_choice.values() for n in ns}) == 1, (channel, dict(per_choice))
    for channel, texts in shapes.items():
        assert len(texts) == 1, (channel, sorted(texts)[:2])


# -- differentially: the same ballots but their choices give the same pages -----------------------------------
def pages(env: Env, proposal: str) -> dict[str, str]:
    """What a secretary and a member read about an open secret vote, set apart from the proposal's id and
    each request's CSRF token (pages about the whole pole list every vote of the test, so they differ)."""
    base = f"/poles/{env.pole_id}"
    api = f"/api/v1/poles/{env.pole_id}/proposals/{proposal}"
    bearer = {"Authorization": f"Bearer {env.token}"}
    fetched = {}
    for who, client in (("secretary", env.secretary), ("member", env.voter)):
        fetched[f"{who} proposal page"] = client.get(f"{base}/proposals/{proposal}")
    for path in (f"{base}/proposals/{proposal}/timeline", f"{base}/manage/proposals/{proposal}"):
        fetched[f"secretary {path}"] = env.secretary.get(path)
    for path in (api, f"{api}/ballots", f"{api}/proxies",
                 f"/api/v1/events?pole_id={env.pole_id}&aggregate_id={proposal}&limit=1000"):
        fetched[f"API {path}"] = env.secretary.get(path, headers=bearer)
    out = {}
    for name, response in fetched.items():
        assert response.status_code == 200, (name, response.status_code)
        text = f"{response.status_code}\n" + response.get_data(as_text=True).replace(proposal, "P" * 36)
        text = re.sub(r'(csrf_token"[^>]*?value=")[^"]+', r"\1", text)
        text = re.sub(r'(<meta name="csrf-token" content=")[^"]+', r"\1", text)
        text = re.sub(r'(<td class="num">|before=)\d+', r"\g<1>0", text)  # the timeline's log positions
        text = SEALED.sub(lambda m: '"v2:' + "C" * len(m.group(1)) + '"', text)  # random, of one length
        out[name.replace(proposal, "P" * 36)] = COUNTERS.sub(lambda m: f'"{m.group(1)}": 0', text)
    return out


def browser_vote(env: Env, proposal: str, choice: str) -> tuple[int, str, str]:
    """A member's own secret vote in the browser: the redirect, then the page that confirms it."""
    page = f"/poles/{env.pole_id}/proposals/{proposal}"
    posted = env.voter.post(f"{page}/ballot", data={"csrf_token": csrf_token(env.voter, page),
                                                    "member": env.members[0], "choice": choice})
    followed = env.voter.get(posted.headers["Location"])
    clean = lambda r: re.sub(r'(csrf_token"[^>]*?value=")[^"]+', r"\1",  # noqa: E731
                             r.get_data(as_text=True).replace(proposal, "P" * 36))
    return posted.status_code, clean(posted), clean(followed)


def test_the_same_ballots_with_other_choices_give_byte_identical_pages_and_responses(env: Env) -> None:
    order = [3, 1, 4, 1, 5, 2, 6, 7]  # member 1 votes twice
    seen: dict[str, dict[str, str]] = {}
    responses = {}
    for n, choices in enumerate((["for"] * 8, ["against"] * 8, ["abstain"] * 8,
                                 ["for", "against", "abstain", "for", "against", "abstain", "for", "against"])):
        with frozen_time(AT):
            proposal = env.open_secret(title="Vote secret comparé")
            env.cast(proposal, list(zip(order, choices)))
            responses[n] = browser_vote(env, proposal, choices[0])
        seen[str(n)] = pages(env, proposal)
        assert responses[n][0] == 302
    reference = seen["0"]
    assert len(reference) == 8, reference.keys()
    for n, texts in seen.items():
        for name, text in texts.items():
            assert text == reference[name], f"{name} differs between choice sets 0 and {n}"
    assert len({r[1:] for r in responses.values()}) == 1, "the member's own vote confirmation depends on its choice"


# -- old, unpadded ballots: still counted, on both stores ---------------------------------------------------------
def seal_v1(key: bytes, proposal_id: str, member_id: str, choice: str) -> str:
    """A choice sealed as the release before padding did (commit a82d2ad's BallotSealer.seal)."""
    nonce = os.urandom(12)
    return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, choice.encode(),
                                                        f"{proposal_id}:{member_id}".encode())).decode()


def test_old_unpadded_ballots_still_count_in_a_close_and_a_recount(env: Env) -> None:
    proposal = env.open_secret(title="Vote secret ancien format")
    aggregate = env.app.get_proposal(proposal)
    old = {0: "for", 1: "against", 2: "abstain", 3: "for"}
    for index, choice in old.items():
        member = env.members[index]
        aggregate.cast_ballot(member_id=member, choice=choice, actor=ACTOR,
                              sealed=seal_v1(BALLOT_KEY, proposal, member, choice))
    env.app.save(aggregate)
    env.cast(proposal, [(4, "against"), (5, "for"), (0, "against")])  # member 0 changes its vote: new format
    stored = [json.loads(s)["sealed"] for t, s in env.stored_rows(proposal) if t.endswith("SecretBallotCast")]
    assert [s.startswith("v2:") for s in stored] == [False] * 4 + [True] * 3
    assert len({len(s) for s in stored[:4]}) == 2, "the old format's lengths differ by choice (what it leaked)"
    tally = env.app.close_voting(proposal, actor=ACTOR)
    college = tally.colleges[0] if tally.colleges else None
    counts = (sum(c.votes_for for c in tally.colleges), sum(c.votes_against for c in tally.colleges),
              sum(c.abstentions for c in tally.colleges))
    assert college is not None and counts == (2, 3, 1), counts
    assert env.app.recount(proposal) == tally


def test_swapped_sealed_values_in_the_store_are_refused(env: Env) -> None:
    """Two members' sealed values exchanged (as someone writing to the store could): counting refuses."""
    proposal = env.open_secret(title="Vote secret échangé")
    env.cast(proposal, [(0, "for"), (1, "against")])
    aggregate = env.app.get_proposal(proposal)
    a, b = env.members[0], env.members[1]
    aggregate.ballots[a]["sealed"], aggregate.ballots[b]["sealed"] = (aggregate.ballots[b]["sealed"],
                                                                      aggregate.ballots[a]["sealed"])
    with pytest.raises(DomainError, match="cannot be unsealed"):
        aggregate.count(env.app.sealer.unseal)
    assert BallotSealer(BALLOT_KEY).unseal(proposal, a, aggregate.ballots[b]["sealed"]) == "for"


# -- what a network observer sees: the request carrying the choice -------------------------------------------------
def test_the_ballot_forms_options_are_of_one_length(env: Env) -> None:
    proposal = env.open_secret(title="Vote secret observé")
    page = env.voter.get(f"/poles/{env.pole_id}/proposals/{proposal}").get_data(as_text=True)
    values = re.findall(r'<input[^>]*name="choice"[^>]*value="([^"]*)"', page) + \
        re.findall(r'<input[^>]*value="([^"]*)"[^>]*name="choice"', page)
    assert len(values) == len(CHOICES), values
    assert len({len(v) for v in values}) == 1, values
