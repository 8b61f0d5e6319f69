"""Ballots, proxies and tallies. A secret ballot's choice appears in none of them."""

from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields

from governance.proposal import MAX_CANDIDATES
from governance.tally import CHOICES
from web.api.schemas.common import UtcDateTime, one_of

# An election's ballot: one character per candidate, in the candidates' order (governance/election.py): f, a or x
# (resolution per candidate), 1 or 0 (plurality), a digit grade or - for every candidate (majority judgment). The
# schema only keeps out what no election accepts; the election's own rule is the domain's (422 with the rule).
ELECTION_BALLOT = re.compile(rf"[0-9fax-]{{1,{MAX_CANDIDATES}}}")
ELECTION_CHOICE = ("An election: one character per candidate, in the order of the election's `candidates`: f (for), "
                   "a (against) or x (abstain) under resolution_per_candidate; 1 (marked) or 0 under plurality, at "
                   "most one mark per seat; under majority_judgment a grade digit (0 = the worst of the statutes' "
                   "scale) for every candidate, or - for every candidate (a blank ballot).")


ON_BEHALF_OF = ("The member whose proxy `member_id` holds and uses for this ballot (the ballot is then this member's); "
                "null (the default): `member_id` votes for itself. A proxy is never used unless named here.")


class BallotCastSchema(Schema):
    member_id = fields.UUID(required=True, metadata={
        "description": "The member voting: one you represent (with `on_behalf_of`, the proxy holder you represent)."})
    choice = one_of(CHOICES, "for, against or abstain.", required=True)
    on_behalf_of = fields.UUID(allow_none=True, load_default=None, metadata={"description": ON_BEHALF_OF})


class ElectionBallotCastSchema(Schema):
    """A ballot in an election (a proposal whose `election` is set)."""

    member_id = fields.UUID(required=True, metadata={
        "description": "The member voting: one you represent (with `on_behalf_of`, the proxy holder you represent)."})
    choice = fields.String(required=True, metadata={"description": ELECTION_CHOICE, "maxLength": MAX_CANDIDATES,
                                                    "pattern": f"^{ELECTION_BALLOT.pattern}$"})
    on_behalf_of = fields.UUID(allow_none=True, load_default=None, metadata={"description": ON_BEHALF_OF})


def resolution_or_election_choice(value: str) -> None:
    if value not in CHOICES and not ELECTION_BALLOT.fullmatch(value):
        raise ValidationError("for, against or abstain; in an election, one character per candidate.")


class AnyBallotCastSchema(Schema):
    """What the cast-ballot operation reads: a resolution's ballot (BallotCast) or an election's
    (ElectionBallotCast); the proposal's own rules decide which (documented as their oneOf)."""

    member_id = fields.UUID(required=True)
    choice = fields.String(required=True, validate=resolution_or_election_choice)
    on_behalf_of = fields.UUID(allow_none=True, load_default=None)


class BallotSchema(Schema):
    """One member's participation; `choice` is always null on a secret ballot."""

    member_id = fields.String(required=True)
    name = fields.String(required=True)
    college = fields.String(required=True, allow_none=True, metadata={"description": "Frozen college code."})
    choice = fields.String(required=True, allow_none=True,
                           metadata={"description": "The last choice (public ballots only; null when secret): for, "
                                                    "against or abstain, or an election's ballot string."})
    proxy_holder = fields.String(required=True, allow_none=True,
                                 metadata={"description": "The member who cast it by proxy, if so."})
    cast_at = UtcDateTime(required=True)
    changes = fields.Integer(required=True, metadata={"description": "How many times the ballot was changed."})


class ProxyGrantSchema(Schema):
    principal_id = fields.UUID(required=True, metadata={"description": "A member you represent, giving its proxy."})
    holder_id = fields.UUID(required=True, metadata={"description": "The member who will hold it."})


class ProxySchema(Schema):
    principal_id = fields.String(required=True)
    holder_id = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "active, used or revoked."})
    granted_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)


class CollegeCountSchema(Schema):
    """Every intermediate figure for one college; fractions are exact 'n/d' strings."""

    code = fields.String(required=True)
    name = fields.String(required=True)
    share = fields.String(required=True, allow_none=True)
    electorate = fields.Integer(required=True)
    participants = fields.Integer(required=True)
    votes_for = fields.Integer(required=True)
    votes_against = fields.Integer(required=True)
    abstentions = fields.Integer(required=True)
    effective_weight = fields.String(required=True, metadata={"description": "Share after the empty-college rule."})
    share_in_favour = fields.String(required=True, allow_none=True, metadata={"description": "for / (for + against)."})
    quorum_met = fields.Boolean(required=True, allow_none=True)
    reveals_ballots = fields.Boolean(required=True, metadata={
        "description": "True when the college's counts reveal how each of its voters voted."})


class TallySchema(Schema):
    colleges = fields.List(fields.Nested(CollegeCountSchema), required=True)
    model = fields.String(required=True)
    rule_applied = fields.String(required=True, metadata={"description": "The empty-college rule applied."})
    empty_colleges = fields.List(fields.String(), required=True)
    result = fields.String(required=True, allow_none=True, metadata={"description": "Weighted share in favour."})
    threshold = fields.String(required=True)
    threshold_strict = fields.Boolean(required=True)
    threshold_met = fields.Boolean(required=True)
    entitled = fields.Integer(required=True)
    participants = fields.Integer(required=True)
    quorum = fields.String(required=True)
    quorum_met = fields.Boolean(required=True)
    outcome = fields.String(required=True, metadata={"description": "adopted, rejected or no_quorum; an election: "
                                                    "elected or no_quorum."})
    details = fields.Dict(metadata={"description": "Elections and board decisions only (absent for an assembly's "
                                    "resolution). An election: its method, seats, reserved seats, blank ballots, "
                                    "`candidates` in rank order (each with its figures, `rank`, `seat` and `elected`) "
                                    "and any unbroken `ties`. A board decision: members present and represented, the "
                                    "chair and any casting vote."})


class ProposalTallySchema(Schema):
    proposal_id = fields.String(required=True)
    secret = fields.Boolean(required=True)
    closed_at = UtcDateTime(required=True)
    tally = fields.Nested(TallySchema, required=True)


class RecountSchema(Schema):
    proposal_id = fields.String(required=True)
    recorded = fields.Nested(TallySchema, required=True, metadata={"description": "The tally recorded at closing."})
    recounted = fields.Nested(TallySchema, required=True,
                              metadata={"description": "The tally recomputed now from the stored events alone."})
    matches = fields.Boolean(required=True)
