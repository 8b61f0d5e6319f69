"""Poles, their statutes versions, colleges and weights, and shared-strategy versions."""

from __future__ import annotations

import copy
from typing import Any

from marshmallow import Schema, fields, validate

from governance.base import MAX_PROXY_CAP, MAX_TEXT
from governance.pole import MEMBER_KINDS
from governance.statutes import (CHANNELS, CONVOCATIONS, DECIDING_BODIES, DEFAULT_GRADES, ELECTION_METHODS,
                                 GOVERNANCE_MODELS, LEGAL_CONSENT_DAYS, MAX_SEATS, Statutes,
                                 LEGAL_NOTICE_DAYS, LEGAL_PAPER_FORM_DAYS, MAX_CONSENT_DAYS, MAX_NOTICE_DAYS,
                                 MAX_AMENDMENT_SPONSORS, MAX_MINIMUM_SHARES, MAX_PAYMENT_YEARS, MAX_REFUND_DELAY_YEARS,
                                 RESOLUTION_KINDS)
from web.api.schemas.common import MONEY_PATTERN, QuerySchema, UtcDateTime, free_text, one_of, plausible, share

KINDS = fields.String(validate=validate.OneOf(RESOLUTION_KINDS))
PARTICIPATION_CHANGE = ("Whether a member who gave its proxy or voted by correspondence for an assembly may still "
                        "take part another way (Code de commerce, art. R225-85 III); false by default.")


# -- statutes: what a pole's founders or an amendment write ---------------------------------------
class CollegeSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(1, 40),
                         metadata={"description": "Stable code: lowercase letters, digits, '-' or '_'."})
    name = free_text("Display name.", 120)
    share = share("Share of the votes ('30%', '3/10', '0.3'); null under one member, one vote.", allow_none=True)


CATEGORIES = ("The member categories a pole admits (codes, e.g. employee, producer); empty: any category, "
              "the default list offered.")
DISTINCT_SIGNATORIES = ("Whether the chair and the secretary of a session must be two persons when they sign the "
                        "minutes (Code de commerce R225-101: the statutes may say otherwise); true by default.")


class ThresholdSchema(Schema):
    fraction = share("Share in favour needed.", required=True)
    strict = fields.Boolean(metadata={"description": "True: strictly above the fraction (a tie fails)."})


NOTICE_DAYS = ("Days between sending the convocation and a general assembly, per convocation (first, second): "
               "at least 15 and 10 (Code de commerce R225-69); the statutes may lengthen them.")
# The convocation settings (issue 20); docs/convocation-law.md holds the texts.
CONVOCATION_CHANNELS = ("How members may be convened: always post, and email for the members who agreed to it "
                        "(Code de commerce R225-63); [\"post\"] keeps every convocation to post. Default: "
                        "[\"post\", \"email\"].")
CONSENT_DAYS = ("Days before an assembly a member's agreement to e-mail convocation must be given to count for it, "
                "and before the convocation a return to post must be asked to bind the pole: at least 35 (Code de "
                "commerce R225-63), the default; the statutes may lengthen it.")
CORRESPONDENCE_VOTING = ("Whether members may vote by correspondence (Code de commerce L225-107 I); true by default. "
                         "Refused false for a société anonyme (SCIC SA…): its statutes cannot exclude it.")
PAPER_FORM_DAYS = ("Paper correspondence forms received after (meeting day − this many days) are not counted: 0 to 3 "
                   "(Code de commerce R225-77), 3 by default. Online forms are received until the eve, 15:00 Paris "
                   "time.")
REMOTE_COUNTS = ("Whether members taking part by video-conference or telecommunication count as present for the "
                 "quorum and the majority (Code de commerce L225-107 II: only if the statutes provide for it). False "
                 "when omitted; null in statutes recorded before the setting existed, which counted them as present.")
ONLINE_FORMS = ("Whether members may fill in their correspondence form online, their login standing as its signature "
                "(Code de commerce R225-77 3°: when the statutes provide for taking part by electronic means). True "
                "when omitted; false: signed paper forms only, recorded by the secretary.")

AMENDMENT_SPONSORS = (f"How many members table an amendment together, its sponsors: 1 to {MAX_AMENDMENT_SPONSORS}, 1 by "
                      "default (no text sets a number for an amendment in session: any shareholder may table one, "
                      "docs/deliberation-law.md); more draws a warning.")


# The board (issue 21): docs/elections-law.md holds the texts; the domain checks every bound (governance/statutes.py).
BOARD = ("The board the statutes set up: its seats, reserved seats per college, the term of a mandate, how it decides "
         "and how its members are elected. Absent: the statutes set up no board (no elections, no board decisions).")
RESERVED = "Seats reserved to a college's candidates: college code → number of seats."
TERM = ("Years a mandate lasts: at most 6 in a cooperative (loi n° 47-1775, art. 6) or an SA (Code de commerce "
        "L225-18).")
METHOD = ("How an election is counted: resolution_per_candidate (each candidate an ordinary resolution, the default), "
          "plurality or majority_judgment.")


class BoardRulesSchema(Schema):
    name = free_text("Its name (default: conseil d'administration).", 120, required=False)
    seats = fields.Integer(strict=True, validate=validate.Range(1, MAX_SEATS), metadata={"description": "Seats (3)."})
    reserved = fields.Dict(keys=fields.String(validate=validate.Length(1, 40)),
                           values=fields.Integer(strict=True, validate=validate.Range(0, MAX_SEATS)),
                           validate=validate.Length(max=20), metadata={"description": RESERVED})
    term_years = fields.Integer(strict=True, validate=validate.Range(1, 99), metadata={"description": TERM})
    renewal_groups = fields.Integer(strict=True, validate=validate.Range(1, 99), metadata={
        "description": "The board is renewed by 1/renewal_groups each year (1: all seats at once)."})
    officers = fields.List(fields.String(validate=validate.Length(1, 60)), validate=validate.Length(max=10),
                           metadata={"description": "Officer roles, the chair first (its vote decides a tie)."})
    quorum = share("Board members present over members in office (at least 1/2 in an SA, L225-37).")
    majority = fields.Nested(ThresholdSchema, metadata={"description": "More than half by default (L225-37)."})
    casting_vote = fields.Boolean(metadata={"description": "Whether the chair's vote decides a tie (true)."})
    election_method = one_of(ELECTION_METHODS, METHOD)
    election_secret = fields.Boolean(metadata={"description": "Whether elections are by secret ballot (true)."})
    grades = fields.List(fields.String(validate=validate.Length(1, 40)), validate=validate.Length(2, 10),
                         metadata={"description": "majority_judgment: the grade scale, worst first."})


# The capital clauses (issue 22): docs/capital-law.md holds the texts; the domain checks every bound
# (governance/statutes.py `check_capital`; a cooperative SA's floor in governance/pole.py `check_legal_form_rules`).
CAPITAL = ("The capital clauses (docs/capital.md): the share's nominal value, minimum shares per category, the capital "
           "floor, who approves subscriptions and transfers, the refund rules, the public bodies' cap, the payment "
           "schedule. Absent: the statutes keep no capital register in Collegia.")


def money_text(description: str) -> fields.String:
    return fields.String(validate=validate.Regexp(MONEY_PATTERN), metadata={"description": description})


class CapitalRulesSchema(Schema):
    share_value = money_text("A share's nominal value, euros and cents as text (default \"100.00\").")
    minimum_shares = fields.Dict(keys=fields.String(validate=validate.Length(1, 40)),
                                 values=fields.Integer(strict=True, validate=validate.Range(1, MAX_MINIMUM_SHARES)),
                                 validate=validate.Length(max=50), metadata={
                                     "description": "The fewest shares an associate of a category holds: category → "
                                                    "shares (default: 1 for every category)."})
    floor = money_text("The capital floor (default \"0.00\"): at least a tenth of `stated` (Code de commerce "
                       "L231-5), 18 500 € in a cooperative SA (loi n° 47-1775 art. 27).")
    stated = money_text("The capital stated in the statutes (default \"0.00\").")
    approval_by = one_of(DECIDING_BODIES, "Who approves subscriptions and transfers: board (default) or assembly.")
    transfers_allowed = fields.Boolean(metadata={"description": "Whether shares may move between associates (true)."})
    refund_delay_years = fields.Integer(strict=True, validate=validate.Range(0, MAX_REFUND_DELAY_YEARS), metadata={
        "description": "Years between a withdrawal and its refund; earlier only by decision (default 5)."})
    losses_reduce_refund = fields.Boolean(metadata={
        "description": "Whether losses may reduce a refund below what was paid (loi 1947 art. 18; true)."})
    public_categories = fields.List(fields.String(validate=validate.Length(1, 40)), validate=validate.Length(max=50),
                                    metadata={"description": "Categories counted as public bodies (default: none)."})
    public_cap = share("The public bodies' cap (default and maximum in a SCIC: 1/2, loi 1947 art. 19 septies).")
    paid_at_subscription = share("The share of a subscription paid at once (default 1; at least 1/4, art. 12).")
    payment_years = fields.Integer(strict=True, validate=validate.Range(0, MAX_PAYMENT_YEARS), metadata={
        "description": "Years within which the rest is paid (default 0; 1 to 5 when not all is paid at once)."})
    admission_on_subscription = fields.Boolean(metadata={
        "description": "Whether an admission takes effect when the minimum subscription is recorded (true)."})


class StoredCapitalRulesSchema(Schema):
    share_value = fields.String(required=True)
    minimum_shares = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    floor = fields.String(required=True)
    stated = fields.String(required=True)
    approval_by = fields.String(required=True)
    transfers_allowed = fields.Boolean(required=True)
    refund_delay_years = fields.Integer(required=True)
    losses_reduce_refund = fields.Boolean(required=True)
    public_categories = fields.List(fields.String(), required=True)
    public_cap = fields.String(required=True)
    paid_at_subscription = fields.String(required=True)
    payment_years = fields.Integer(required=True)
    admission_on_subscription = fields.Boolean(required=True)


class StatutesSchema(Schema):
    """Voting rules; omitted settings take the legal defaults, and the domain checks every bound."""

    model = one_of(GOVERNANCE_MODELS, "scic (SCIC bounds: each college 10–50 %), weighted, or one_member_one_vote.")
    colleges = fields.List(fields.Nested(CollegeSchema), validate=validate.Length(max=20))
    thresholds = fields.Dict(keys=KINDS, values=fields.Nested(ThresholdSchema),
                             metadata={"description": "Per resolution kind (ordinary, extraordinary)."})
    quorum = fields.Dict(keys=KINDS, values=fields.Dict(keys=fields.String(validate=validate.OneOf(CONVOCATIONS)),
                                                        values=share("Quorum.")),
                         metadata={"description": "Per resolution kind, per convocation (first, second)."})
    college_quorum = fields.Dict(keys=KINDS, values=share("Per-college quorum.", allow_none=True))
    empty_college_rule = fields.String(validate=validate.Length(1, 80), metadata={
        "description": "proportional, equal, not_for or merge_into:<college code>."})
    max_proxies_per_holder = fields.Integer(strict=True, allow_none=True, validate=validate.Range(0, MAX_PROXY_CAP),
                                            metadata={"description": "Proxies one holder may carry; null: no cap."})
    proxy_same_college = fields.Boolean()
    participation_change_allowed = fields.Boolean(metadata={"description": PARTICIPATION_CHANGE})
    admission_by = one_of(DECIDING_BODIES, "Who admits members: board or assembly.")
    exclusion_by = one_of(DECIDING_BODIES, "Who excludes members: board or assembly.")
    categories = fields.List(fields.String(validate=validate.Length(1, 60)), validate=validate.Length(max=50),
                             metadata={"description": CATEGORIES})
    distinct_chair_and_secretary = fields.Boolean(metadata={"description": DISTINCT_SIGNATORIES})
    notice_days = fields.Dict(keys=fields.String(validate=validate.OneOf(CONVOCATIONS)),
                              values=fields.Integer(strict=True, validate=validate.Range(0, MAX_NOTICE_DAYS)),
                              metadata={"description": NOTICE_DAYS})
    convocation_channels = fields.List(fields.String(validate=validate.OneOf(CHANNELS)),
                                       validate=validate.Length(max=len(CHANNELS)),
                                       metadata={"description": CONVOCATION_CHANNELS})
    consent_days = fields.Integer(strict=True, validate=validate.Range(0, MAX_CONSENT_DAYS),
                                  metadata={"description": CONSENT_DAYS})
    correspondence_voting = fields.Boolean(metadata={"description": CORRESPONDENCE_VOTING})
    paper_form_days = fields.Integer(strict=True, validate=validate.Range(0, MAX_CONSENT_DAYS),
                                     metadata={"description": PAPER_FORM_DAYS})
    # New statutes without it: the law's default (not counted). null keeps the reading of statutes recorded before.
    remote_counts_as_present = fields.Boolean(allow_none=True, metadata={"description": REMOTE_COUNTS})
    online_forms = fields.Boolean(metadata={"description": ONLINE_FORMS})
    board = fields.Nested(BoardRulesSchema, allow_none=True, metadata={"description": BOARD})
    capital = fields.Nested(CapitalRulesSchema, allow_none=True, metadata={"description": CAPITAL})
    amendment_sponsors = fields.Integer(strict=True, validate=validate.Range(1, MAX_AMENDMENT_SPONSORS),
                                        metadata={"description": AMENDMENT_SPONSORS, "default": 1})


def _law_defaults() -> dict[str, Any]:
    """What an omitted field of the statutes means, stated in the OpenAPI document (each field's `default`) and
    given to the domain explicitly (issue 26: nothing filled in silently). The voting rules are the domain's own
    defaults (majority, quorum: Code de commerce L225-98, L225-96), read from `Statutes`; a pole whose statutes set
    no cap on proxies has none (the statutes *may* cap, governance-rules §4)."""
    rules = Statutes.from_dict({"model": "scic", "colleges": []}).to_dict()
    return {
        "model": "scic", "colleges": [],
        "thresholds": rules["thresholds"], "quorum": rules["quorum"], "college_quorum": rules["college_quorum"],
        "empty_college_rule": rules["empty_college_rule"],
        "max_proxies_per_holder": None,
        "proxy_same_college": False, "participation_change_allowed": False,
        "admission_by": rules["admission_by"], "exclusion_by": rules["exclusion_by"],
        "categories": [], "distinct_chair_and_secretary": True, "notice_days": dict(LEGAL_NOTICE_DAYS),
        "convocation_channels": list(CHANNELS), "consent_days": LEGAL_CONSENT_DAYS, "correspondence_voting": True,
        "paper_form_days": LEGAL_PAPER_FORM_DAYS, "remote_counts_as_present": False, "online_forms": True,
        "board": None, "capital": None, "amendment_sponsors": 1,
    }


STATUTES_DEFAULTS = _law_defaults()
for _name, _field in StatutesSchema._declared_fields.items():
    _value = STATUTES_DEFAULTS[_name]  # every field of the statutes has its stated default (KeyError otherwise)
    _field.load_default = (lambda v=_value: copy.deepcopy(v)) if isinstance(_value, (dict, list)) else _value
    _field.metadata = {**_field.metadata, "default": _value}


class FounderSchema(Schema):
    name = free_text("Name of the founding member.", 200)
    kind = one_of(MEMBER_KINDS, "Kind of member (loi 2014-856, art. 9).", required=True)
    category = free_text("Category of associate (employee, producer, beneficiary...).", 60)
    representative = free_text("Named person representing a legal entity.", 200, required=False)
    college = fields.String(validate=validate.Length(1, 40), metadata={"description": "College code."})


class PoleCreateSchema(Schema):
    name = free_text("Name of the pole.", 200)
    territory = free_text("Its territory.", 200)
    legal_form = free_text("Its legal form (SCIC SA, association...).", 200)
    statutes = fields.Nested(StatutesSchema, required=True)
    strategy = free_text("Initial shared strategy.", MAX_TEXT, required=False)
    founders = fields.List(fields.Nested(FounderSchema), validate=validate.Length(max=500))


# -- what the API returns ----------------------------------------------------------------------
class PoleSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    territory = fields.String(required=True)
    legal_form = fields.String(required=True)
    founded_at = UtcDateTime(required=True)
    statutes_version = fields.Integer(required=True, metadata={"description": "Version of the statutes in force."})
    strategy_version = fields.Integer(required=True, metadata={"description": "0 when no strategy yet."})


class FoundedMemberSchema(Schema):
    id = fields.String(required=True, metadata={"description": "The member's id (the founders, in the order given)."})
    name = fields.String(required=True)
    college = fields.String(required=True, allow_none=True)


class FoundedPoleSchema(PoleSchema):
    """The pole just founded, with the ids the caller needs next: its founding members'."""

    founders = fields.List(fields.Nested(FoundedMemberSchema), required=True)


class StoredCollegeSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    share = fields.String(required=True, allow_none=True, metadata={"description": "Exact fraction ('3/10')."})


class StoredThresholdSchema(Schema):
    fraction = fields.String(required=True)
    strict = fields.Boolean(required=True)


class StoredBoardRulesSchema(Schema):
    name = fields.String(required=True)
    seats = fields.Integer(required=True)
    reserved = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                           metadata={"description": RESERVED})
    term_years = fields.Integer(required=True, metadata={"description": TERM})
    renewal_groups = fields.Integer(required=True)
    officers = fields.List(fields.String(), required=True)
    quorum = fields.String(required=True)
    majority = fields.Nested(StoredThresholdSchema, required=True)
    casting_vote = fields.Boolean(required=True)
    election_method = fields.String(required=True, metadata={"description": METHOD})
    election_secret = fields.Boolean(required=True)
    grades = fields.List(fields.String(), dump_default=lambda: list(DEFAULT_GRADES))


class StoredStatutesSchema(Schema):
    """Statutes as recorded: every setting explicit, shares as exact fractions."""

    model = fields.String(required=True)
    colleges = fields.List(fields.Nested(StoredCollegeSchema), required=True)
    thresholds = fields.Dict(keys=fields.String(), values=fields.Nested(StoredThresholdSchema), required=True)
    quorum = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.String()),
                         required=True)
    college_quorum = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True), required=True)
    empty_college_rule = fields.String(required=True)
    max_proxies_per_holder = fields.Integer(required=True, allow_none=True)
    proxy_same_college = fields.Boolean(required=True)
    participation_change_allowed = fields.Boolean(required=True, dump_default=False,  # statutes recorded before it
                                                  metadata={"description": PARTICIPATION_CHANGE})
    admission_by = fields.String(required=True)
    exclusion_by = fields.String(required=True)
    categories = fields.List(fields.String(), dump_default=list,  # statutes recorded without a list: any category
                             metadata={"description": CATEGORIES})
    distinct_chair_and_secretary = fields.Boolean(dump_default=True, metadata={"description": DISTINCT_SIGNATORIES})
    notice_days = fields.Dict(keys=fields.String(), values=fields.Integer(),
                              dump_default=lambda: dict(LEGAL_NOTICE_DAYS),  # statutes recorded without it: the law's
                              metadata={"description": NOTICE_DAYS})
    # Statutes recorded without these settings read as the law's (governance/statutes.py `Statutes.from_dict`).
    convocation_channels = fields.List(fields.String(), dump_default=lambda: list(CHANNELS),
                                       metadata={"description": CONVOCATION_CHANNELS})
    consent_days = fields.Integer(dump_default=LEGAL_CONSENT_DAYS, metadata={"description": CONSENT_DAYS})
    correspondence_voting = fields.Boolean(dump_default=True, metadata={"description": CORRESPONDENCE_VOTING})
    paper_form_days = fields.Integer(dump_default=LEGAL_PAPER_FORM_DAYS, metadata={"description": PAPER_FORM_DAYS})
    remote_counts_as_present = fields.Boolean(required=True, allow_none=True, dump_default=None,
                                              metadata={"description": REMOTE_COUNTS})
    online_forms = fields.Boolean(dump_default=True, metadata={"description": ONLINE_FORMS})
    board = fields.Nested(StoredBoardRulesSchema, metadata={"description": BOARD})  # absent: no board
    capital = fields.Nested(StoredCapitalRulesSchema, metadata={"description": CAPITAL})  # absent: no register
    amendment_sponsors = fields.Integer(dump_default=1,  # statutes recorded without it (or with 1): one sponsor
                                        metadata={"description": AMENDMENT_SPONSORS, "default": 1})


class StatutesVersionSchema(Schema):
    version = fields.Integer(required=True)
    statutes = fields.Nested(StoredStatutesSchema, required=True)
    decision_id = fields.String(required=True, allow_none=True,
                                metadata={"description": "The adopting proposal (null for the founding statutes)."})
    adopted_at = UtcDateTime(required=True)


class CollegePowerSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    share = fields.String(required=True, allow_none=True)
    members = fields.Integer(required=True, metadata={"description": "Admitted members in the college."})
    member_weight = fields.String(required=True, allow_none=True,
                                  metadata={"description": "Weight of one member's vote in the whole pole."})


class FindingSchema(Schema):
    level = fields.String(required=True, metadata={"description": "ok or warning."})
    message = fields.String(required=True)


class CollegesSchema(Schema):
    """Colleges and weights as they stood at a date (now by default)."""

    pole_id = fields.String(required=True)
    statutes_version = fields.Integer(required=True)
    model = fields.String(required=True)
    colleges = fields.List(fields.Nested(CollegePowerSchema), required=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)


class StrategyVersionSchema(Schema):
    version = fields.Integer(required=True)
    text = fields.String(required=True)
    proposed_by = fields.String(required=True)
    decision_id = fields.String(required=True, allow_none=True)
    adopted_at = UtcDateTime(required=True)
    diff = fields.String(required=True, metadata={"description": "Unified diff against the previous version."})


class RoleSchema(Schema):
    pole_id = fields.String(required=True)
    role = fields.String(required=True, metadata={"description": "secretary or member."})
    member_id = fields.String(required=True, allow_none=True, metadata={"description": "The member represented."})


class MeSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    is_admin = fields.Boolean(required=True)
    roles = fields.List(fields.Nested(RoleSchema), required=True)


class AsOfQuery(QuerySchema):
    as_of = fields.Date(validate=plausible, metadata={"description": "A day (YYYY-MM-DD): as things stood at its "
                                                      "end, Paris time. Now when omitted."})
    before_event = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1), metadata={
        "description": "A position in the event log: as things stood just before that event (overrides as_of)."})
