"""Webhooks (issue 26, docs/webhooks.md): registering an endpoint, its deliveries."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from infrastructure.webhook_tables import MAX_URL
from notifications.webhooks import KINDS, MAX_ATTEMPTS, STATES
from web.api.schemas.common import UtcDateTime

KIND_LIST = ", ".join(f"`{kind}`" for kind in KINDS)


class WebhookCreateSchema(Schema):
    url = fields.String(required=True, validate=validate.Length(1, MAX_URL), metadata={
        "description": "Where the events are POSTed: an https:// URL of a public host, with no user name or "
                       "password in it (a private, loopback or link-local address is refused, here and at each "
                       "delivery, when the host is resolved; redirects are not followed).",
        "example": "https://integrations.example.org/collegia"})
    kinds = fields.List(fields.String(validate=validate.OneOf(KINDS)), required=True,
                        validate=validate.Length(1, len(KINDS)),
                        metadata={"description": f"The kinds of events delivered: {KIND_LIST}."})


class WebhookSchema(Schema):
    id = fields.Integer(required=True, metadata={"description": "The hook's id (`hook_id` in the paths)."})
    pole_id = fields.String(required=True)
    url = fields.String(required=True)
    kinds = fields.List(fields.String(), required=True, metadata={"description": "The kinds of events delivered."})
    created_by = fields.String(required=True, metadata={"description": "Who registered it."})
    created_at = UtcDateTime(required=True)


class NewWebhookSchema(WebhookSchema):
    secret = fields.String(required=True, metadata={
        "description": "The signing secret: shown this once, never again. Check each delivery's "
                       "`Collegia-Webhook-Signature` with it (docs/webhooks.md)."})


class WebhookDeliverySchema(Schema):
    """One delivery of one event to one hook (its body is not shown: it is what the receiver got)."""

    id = fields.Integer(required=True, metadata={"description": "The delivery's id (`delivery_id` in the paths)."})
    hook_id = fields.Integer(required=True)
    idempotency_key = fields.String(required=True, metadata={
        "description": "Sent as `Collegia-Webhook-Id` and as the payload's `id`, the same on every attempt: a "
                       "receiver that has seen it already ignores the delivery."})
    position = fields.Integer(required=True, allow_none=True, metadata={
        "description": "The event's position in the log (null for a ping)."})
    kind = fields.String(required=True, metadata={"description": f"{KIND_LIST}, or `ping` (a test delivery)."})
    state = fields.String(required=True, metadata={
        "description": f"{', '.join(STATES)}: pending until the receiver answers 2xx (delivered) or "
                       f"{MAX_ATTEMPTS} attempts have failed, or the destination is refused (failed)."})
    attempts = fields.Integer(required=True)
    next_attempt_at = UtcDateTime(required=True, allow_none=True, metadata={
        "description": "When the next attempt is due (pending only)."})
    last_status = fields.Integer(required=True, allow_none=True, metadata={
        "description": "The receiver's last HTTP status (null when it did not answer)."})
    last_error = fields.String(required=True, allow_none=True, metadata={"description": "Why the last attempt failed."})
    delivered_at = UtcDateTime(required=True, allow_none=True)
    created_at = UtcDateTime(required=True)
