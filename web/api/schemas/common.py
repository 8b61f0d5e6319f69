"""Building blocks shared by the API schemas: times with their offset, exact shares, problems, paging."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from web.dates import MAX_YEAR, MIN_YEAR  # the one bound of every typed date, in the forms as in the API

MAX_PAGE = 200

# Euros and cents as JSON text ("1250.00"): the capital register's money, never a JSON number (issue 22).
MONEY_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"


def plausible(value: date | datetime) -> None:
    """Every date or time of a request lies within MIN_YEAR..MAX_YEAR, the web forms' bound too."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(f"Give a date between {MIN_YEAR} and {MAX_YEAR}.")


class UtcDateTime(fields.DateTime):
    """A time stored as naive UTC, written with its offset (2026-11-22T08:00:00+00:00)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return (value.replace(tzinfo=UTC) if value.tzinfo is None else value).isoformat()


class Share(fields.String):
    """A share or ratio as text: '30%', '3/10' or '0.3' in requests; an exact 'n/d' fraction in responses."""


def share(description: str, **kwargs: Any) -> Share:
    return Share(validate=validate.Length(min=1, max=40), metadata={"description": description,
                                                                      "example": "3/10"}, **kwargs)


def free_text(description: str, maximum: int, *, required: bool = True, **kwargs: Any) -> fields.String:
    """A free-text request field (the domain also refuses blank or control characters)."""
    return fields.String(required=required, validate=validate.Length(min=1 if required else 0, max=maximum),
                         metadata={"description": description}, **kwargs)


def one_of(choices: tuple[str, ...], description: str, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.OneOf(choices), metadata={"description": description}, **kwargs)


class QuerySchema(Schema):
    """Query strings: unknown parameters are ignored."""

    class Meta:
        unknown = EXCLUDE


class PagingQuery(QuerySchema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, MAX_PAGE),
                           metadata={"description": f"Items per page (1–{MAX_PAGE})."})
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 1_000_000),
                            metadata={"description": "How many items to skip."})


class ProblemSchema(Schema):
    """An error, as RFC 9457 problem details (`application/problem+json`)."""

    type = fields.String(required=True, metadata={"description": "A URI reference naming the kind of problem; "
                                                  "its anchor on /api/v1/docs explains it."})
    title = fields.String(required=True, metadata={"description": "A short summary of the kind of problem."})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status code."})
    detail = fields.String(required=True, metadata={"description": "What went wrong, in English; for a refused "
                                                    "command, the governance rule's message."})
    instance = fields.String(metadata={"description": "The path of the request."})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "Validation problems only: messages by field ('founders.0.kind')."})
    rule = fields.String(metadata={"description": "Refused commands only: the governance rule concerned "
                                   "(statutes, membership, proposal, voting, proxy, assembly, minutes, capital, "
                                   "invalid_input, not_found, not_permitted, concurrency, webhook)."})


class ApiIndexSchema(Schema):
    openapi = fields.String(required=True, metadata={"description": "The OpenAPI 3 document."})
    docs = fields.String(required=True, metadata={"description": "The readable reference."})
    tokens = fields.String(required=True, metadata={"description": "Where users create their API tokens."})
