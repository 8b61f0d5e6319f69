"""The PTCE référentiel, assessment campaigns and their results, regional networks (issue 24).

Medians, means and gaps are exact fractions as text ('7/2', '13/3', '5'), like every share and result of the API.
No answer here carries a respondent's ratings unless the campaign shares individual answers, or the reader is that
respondent (`OwnAnswersSchema`)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from governance.assessment import MAX_JUSTIFICATION, MAX_RESPONDENTS, MEMBERS, PEOPLE
from governance.base import MAX_NAME, MAX_TEXT
from governance.referentiel import MAX_INDICATORS, MAX_SCALE, MAX_WORDING
from web.api.schemas.common import QuerySchema, UtcDateTime, free_text, one_of, plausible

MODES = (MEMBERS, PEOPLE)
STATUSES = ("planned", "open", "closed")
IDENT = ("Letters, digits, '-', '_' or '.' (at most 20), unique in the référentiel.")
EXACT = "An exact fraction as text ('7/2', '13/3', '5'); null when nobody rated."


def ident(description: str) -> fields.String:
    return fields.String(required=True, validate=[validate.Length(1, 20), validate.Regexp(r"^[\w.-]+$")],
                         metadata={"description": description + " " + IDENT})


# -- the référentiel -----------------------------------------------------------------------------
class ScaleSchema(Schema):
    points = fields.Integer(required=True, strict=True, validate=validate.Range(2, MAX_SCALE), metadata={
        "description": f"Points 1..points (2 to {MAX_SCALE})."})
    labels = fields.List(fields.String(validate=validate.Length(max=60)), validate=validate.Length(max=MAX_SCALE),
                         metadata={"description": "One label per point, from 1 up (an empty label shows the number "
                                                  "alone); omitted: no labels."})


class IndicatorSchema(Schema):
    id = ident("The indicator's identifier (the seed's: a1 … i2).")
    wording = free_text("The indicator, usually a question.", MAX_WORDING)
    source = free_text("Where the wording comes from (empty for the pole's own).", MAX_WORDING, required=False)


class ObjectiveSchema(Schema):
    id = ident("The principal objective's identifier (the seed's: a … i).")
    title = free_text("The principal objective.", MAX_WORDING)
    indicators = fields.List(fields.Nested(IndicatorSchema), required=True,
                             validate=validate.Length(1, MAX_INDICATORS))


class GeneralSchema(Schema):
    id = ident("The general objective's identifier (the seed's: territoire, cooperation, economie).")
    title = free_text("The general objective.", MAX_WORDING)
    objectives = fields.List(fields.Nested(ObjectiveSchema), required=True, validate=validate.Length(1, 50))


class ReferentielVersionSchema(Schema):
    """A version of the pole's own: the whole référentiel (its number is given when it is adopted)."""

    title = free_text("Its title (default: Référentiel).", MAX_NAME, required=False)
    source = free_text("Where it comes from.", MAX_WORDING, required=False)
    importance = fields.Nested(ScaleSchema, metadata={
        "description": "The importance scale; omitted: the seed's 1–6 (6 = très important)."})
    achievement = fields.Nested(ScaleSchema, metadata={
        "description": "The achievement scale the pole chooses; omitted: 1–4 (pas engagé … atteint)."})
    generals = fields.List(fields.Nested(GeneralSchema), required=True, validate=validate.Length(1, 20), metadata={
        "description": "The general objectives, each declined into principal objectives and their indicators "
                       f"(at most {MAX_INDICATORS} indicators in all)."})


class ReferentielSchema(ReferentielVersionSchema):
    """A version of a pole's référentiel: 1 is the Labo de l'ESS's seed, the pole's own are numbered from 2."""

    version = fields.Integer(required=True)
    latest = fields.Integer(required=True, metadata={"description": "The pole's latest version (1: the seed's)."})
    title = fields.String(required=True)
    source = fields.String(required=True)
    importance = fields.Nested(ScaleSchema, required=True)
    achievement = fields.Nested(ScaleSchema, required=True)


class VersionQuery(QuerySchema):
    version = fields.Integer(validate=validate.Range(1, 10_000), metadata={
        "description": "The version (1: the seed's); omitted: the latest."})


# -- campaigns -------------------------------------------------------------------------------------
class PersonSchema(Schema):
    id = free_text("The person: the e-mail address of their account (the campaign names them 'Name <e-mail>', as "
                   "events name people); they answer with their own token, a role in the pole or not.", 200)
    college = fields.String(validate=validate.Length(max=200), load_default="", metadata={
        "description": "The college code they are counted in; empty or omitted: outside the colleges."})


class CampaignOpenSchema(Schema):
    title = free_text("The campaign's title.", MAX_NAME)
    opens_on = fields.Date(required=True, validate=plausible, metadata={"description": "First day of answers."})
    closes_on = fields.Date(required=True, validate=plausible, metadata={
        "description": "Last day of answers (not in the past, not before opens_on)."})
    version = fields.Integer(strict=True, allow_none=True, load_default=None, validate=validate.Range(1, 10_000),
                             metadata={"description": "The référentiel version, copied whole into the campaign; "
                                                      "omitted or null: the latest."})
    mode = one_of(MODES, "Who answers: members (every member admitted now, through its representatives, counted in "
                         "its college; the default) or people (the people named in `people`).", load_default=MEMBERS)
    people = fields.List(fields.Nested(PersonSchema), load_default=list,
                         validate=validate.Length(max=MAX_RESPONDENTS), metadata={
                             "description": "mode people only: who answers, each counted in a college or outside."})
    individual_shared = fields.Boolean(load_default=False, metadata={
        "description": "Whether the secretary may read each respondent's answers; false (the default): they are "
                       "sealed, and only the results are published after the close."})


class RespondentSchema(Schema):
    respondent = fields.String(required=True, metadata={
        "description": "The respondent's id: a member's id (mode members) or a person's (mode people)."})
    name = fields.String(required=True, allow_none=True, metadata={"description": "The member's name."})
    college = fields.String(required=True, metadata={"description": "Its college code (empty: outside)."})
    answered_at = UtcDateTime(required=True, allow_none=True, metadata={
        "description": "When it last answered (null: not yet). Never what it answered."})
    changes = fields.Integer(required=True, allow_none=True, metadata={
        "description": "How many times it answered again (null: not yet answered)."})


class RevisionSchema(Schema):
    proposal_id = fields.String(required=True)
    objective = fields.String(required=True, metadata={"description": "The principal objective it revises."})
    title = fields.String(required=True, allow_none=True, metadata={"description": "The proposal's title."})
    status = fields.String(required=True, allow_none=True, metadata={"description": "The proposal's status."})


class CampaignSummarySchema(Schema):
    """A campaign in its pole's list."""

    id = fields.String(required=True)
    pole_id = fields.String(required=True)
    title = fields.String(required=True)
    opens_on = fields.Date(required=True)
    closes_on = fields.Date(required=True)
    referentiel_version = fields.Integer(required=True)
    mode = fields.String(required=True, metadata={"description": ", ".join(MODES) + "."})
    individual_shared = fields.Boolean(required=True)
    status = fields.String(required=True, metadata={"description": ", ".join(STATUSES) + "."})
    invited = fields.Integer(required=True, metadata={"description": "How many respondents it asks."})
    answered = fields.Integer(required=True, metadata={"description": "How many have answered."})
    opened_at = UtcDateTime(required=True, allow_none=True)
    closed_at = UtcDateTime(required=True, allow_none=True)


class CampaignSchema(CampaignSummarySchema):
    """A campaign: its référentiel (copied whole at opening), who answers for you, and for the secretaries who
    answered and when."""

    answering = fields.Boolean(required=True, metadata={"description": "Whether answers are taken today."})
    referentiel = fields.Nested(ReferentielVersionSchema, required=True, metadata={
        "description": "The référentiel it was opened with (its `version` is referentiel_version)."})
    mine = fields.List(fields.Nested(RespondentSchema), required=True, metadata={
        "description": "The respondents you answer for: the members you represent, or yourself in mode people."})
    participation = fields.List(fields.Nested(RespondentSchema), required=True, allow_none=True, metadata={
        "description": "Secretaries only (null for others): every respondent, with when it answered."})
    revisions = fields.List(fields.Nested(RevisionSchema), required=True, metadata={
        "description": "Strategy revisions drafted from its results."})


class AnswerSchema(Schema):
    importance = fields.Integer(strict=True, allow_none=True, load_default=None, validate=validate.Range(1, MAX_SCALE),
                                metadata={"description": "On the campaign's importance scale; null: not rated."})
    achievement = fields.Integer(strict=True, allow_none=True, load_default=None,
                                 validate=validate.Range(1, MAX_SCALE),
                                 metadata={"description": "On the campaign's achievement scale; null: not rated."})
    justification = fields.String(load_default="", validate=validate.Length(max=MAX_JUSTIFICATION), metadata={
        "description": "Why (optional): published with the results, without its author."})


def _merged(message: Any) -> Any:
    """One entry's problems, its key's and its value's together."""
    if not isinstance(message, dict) or not message or not set(message) <= {"key", "value"}:
        return message
    key, value = message.get("key", []), message.get("value", [])
    if isinstance(value, dict):
        return {"_schema": key, **value} if key else value
    return [*key, *value]


class AnswersField(fields.Dict):
    """Answers keyed by indicator id; a problem is named `answers.<indicator>.<field>` (marshmallow would say
    `answers.<indicator>.value.<field>`)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ValidationError as error:
            messages = error.messages
            if isinstance(messages, dict):
                messages = {key: _merged(m) for key, m in messages.items()}
            raise ValidationError(messages) from None


ANSWERS = AnswersField(keys=fields.String(validate=validate.Length(1, 20)), values=fields.Nested(AnswerSchema),
                      required=True, validate=validate.Length(max=MAX_INDICATORS), metadata={
                          "description": "Per indicator id: importance, achievement, justification (each optional). "
                                         "An indicator left out is not rated; each answer replaces the earlier one."})


class AnswersPutSchema(Schema):
    answers = ANSWERS


class OwnAnswersSchema(Schema):
    campaign_id = fields.String(required=True)
    respondent = fields.String(required=True)
    college = fields.String(required=True)
    answered_at = UtcDateTime(required=True, allow_none=True)
    answers = fields.Dict(keys=fields.String(), values=fields.Nested(AnswerSchema), required=True, metadata={
        "description": "Its answers (empty once the campaign is closed, to its respondent: they are frozen in the "
                       "results)."})


class RevisionDraftSchema(Schema):
    objective = fields.String(required=True, validate=validate.Length(1, 20), metadata={
        "description": "The principal objective (a … i in the seed's référentiel) whose results call for it."})
    title = free_text("The proposal's title.", MAX_NAME)
    text = free_text("The revised strategy: the proposal's text, and the strategy it adopts if voted.", MAX_TEXT)


# -- results ---------------------------------------------------------------------------------------
class StatsSchema(Schema):
    n = fields.Integer(required=True, metadata={"description": "How many ratings."})
    distribution = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True, metadata={
        "description": "How many gave each point of the scale ('1' … )."})
    median = fields.String(required=True, allow_none=True, metadata={"description": EXACT})
    mean = fields.String(required=True, allow_none=True, metadata={"description": EXACT})
    reveals = fields.Boolean(required=True, metadata={
        "description": "Every rating is the same: each respondent's rating is known (the small-group warning)."})


class ScalesStatsSchema(Schema):
    importance = fields.Nested(StatsSchema, required=True)
    achievement = fields.Nested(StatsSchema, required=True)


class GapSchema(Schema):
    indicator = fields.String(required=True)
    gap = fields.String(required=True, metadata={
        "description": "Mean importance minus mean achievement, each as a share of its scale (exact fraction)."})
    importance = fields.String(required=True, metadata={"description": "Mean importance. " + EXACT})
    achievement = fields.String(required=True, metadata={"description": "Mean achievement. " + EXACT})


class SummarySchema(Schema):
    respondents = fields.Integer(required=True, metadata={"description": "How many answered."})
    indicators = fields.Dict(keys=fields.String(), values=fields.Nested(ScalesStatsSchema), required=True)
    objectives = fields.Dict(keys=fields.String(), values=fields.Nested(ScalesStatsSchema), required=True, metadata={
        "description": "Per principal objective: every rating of its indicators pooled."})
    generals = fields.Dict(keys=fields.String(), values=fields.Nested(ScalesStatsSchema), required=True)
    gaps = fields.List(fields.Nested(GapSchema), required=True, metadata={
        "description": "Indicators by how much more important than achieved they are, the widest first."})


class CollegeSummarySchema(SummarySchema):
    code = fields.String(required=True, metadata={"description": "The college code (empty: outside the colleges)."})
    name = fields.String(required=True, allow_none=True)


class ResultsSchema(Schema):
    """A closed campaign's results, frozen at the close: per college and overall."""

    campaign_id = fields.String(required=True)
    title = fields.String(required=True)
    referentiel_version = fields.Integer(required=True)
    closed_at = UtcDateTime(required=True, allow_none=True)
    invited = fields.Integer(required=True)
    overall = fields.Nested(SummarySchema, required=True)
    colleges = fields.List(fields.Nested(CollegeSummarySchema), required=True)
    justifications = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True, metadata={
        "description": "Per indicator, the justifications given, sorted, without their authors."})


class CampaignAnswersSchema(Schema):
    """One respondent's answers, for the secretaries, when the campaign shares them."""

    respondent = fields.String(required=True)
    name = fields.String(required=True, allow_none=True)
    college = fields.String(required=True)
    answered_at = UtcDateTime(required=True, allow_none=True)
    changes = fields.Integer(required=True, allow_none=True)
    answers = fields.Dict(keys=fields.String(), values=fields.Nested(AnswerSchema), required=True)


# -- networks --------------------------------------------------------------------------------------
class NetworkSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    created_at = UtcDateTime(required=True, allow_none=True)
    poles = fields.Integer(required=True, metadata={"description": "How many poles joined it."})


class NetworkPoleSchema(Schema):
    pole_id = fields.String(required=True)
    pole_name = fields.String(required=True)
    territory = fields.String(required=True, allow_none=True)
    shares = fields.List(fields.String(), required=True, metadata={
        "description": "What the pole agreed to share (referentiel, members, decisions, assemblies), by decision."})
    since = fields.Date(required=True, allow_none=True)
    decision_id = fields.String(required=True, allow_none=True, metadata={"description": "The decision to join."})
    shared = fields.Dict(required=True, metadata={
        "description": "Only what it shares: per closed campaign the summary per objective (referentiel), members "
                       "by kind (members), how many decisions (decisions), the last assembly (assemblies)."})


class NetworkDetailSchema(NetworkSchema):
    coordinators = fields.List(fields.String(), required=True, metadata={"description": "Their names."})
    members = fields.List(fields.Nested(NetworkPoleSchema), required=True, metadata={
        "description": "The poles that joined it by a decision of theirs."})
