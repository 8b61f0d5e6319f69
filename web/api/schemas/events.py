"""The event log, as in the JSON-lines export: secret ballots appear only sealed."""

from __future__ import annotations

from datetime import UTC

from marshmallow import Schema, fields, validate

from web.api.schemas.common import QuerySchema, UtcDateTime, plausible

MAX_EVENTS = 1000


class EventsQuery(QuerySchema):
    pole_id = fields.UUID(metadata={"description": "Only this pole's events and its proposals' events "
                                                   "(required unless you are a platform administrator)."})
    aggregate_id = fields.UUID(metadata={"description": "Only the events of this pole or proposal."})
    since = fields.AwareDateTime(default_timezone=UTC, validate=plausible,
                                 metadata={"description": "Recorded at or after this time (ISO 8601; UTC if no offset)."})
    until = fields.AwareDateTime(default_timezone=UTC, validate=plausible,
                                 metadata={"description": "Recorded at or before this time."})
    after = fields.Integer(load_default=0, validate=validate.Range(0, 2**62),
                           metadata={"description": "Only events after this log position (the previous page's "
                                                    "next_after)."})
    limit = fields.Integer(load_default=100, validate=validate.Range(1, MAX_EVENTS),
                           metadata={"description": f"At most this many events (1–{MAX_EVENTS})."})


class EventSchema(Schema):
    position = fields.Integer(required=True, metadata={"description": "Position in the whole log (increasing)."})
    aggregate_id = fields.String(required=True)
    version = fields.Integer(required=True, metadata={"description": "Version of the aggregate after the event."})
    topic = fields.String(required=True, metadata={"description": "The event type, e.g. "
                                                   "governance.proposal:Proposal.BallotCast."})
    recorded_at = UtcDateTime(required=True)
    state = fields.Dict(required=True, metadata={"description": "The event's recorded state, as in the JSON-lines "
                                                 "export (a secret ballot's choice only as `sealed` ciphertext)."})


class EventPageSchema(Schema):
    events = fields.List(fields.Nested(EventSchema), required=True)
    next_after = fields.Integer(required=True, metadata={
        "description": "The last log position examined: pass it as `after` for the next page (or to poll later)."})
    more = fields.Boolean(required=True, metadata={"description": "Whether the log held later events at the time."})
