"""The webhooks' tables (issue 26; notifications/webhooks.py, docs/webhooks.md): the endpoints a pole's secretary
registered and one delivery row per (event, hook). Not governance facts, so not events; defined on the accounts'
metadata (`infrastructure.accounts_tables.metadata`: created with them, never dropped by a read-model rebuild),
versioned by migrations/versions/0017_webhooks.py. The planner's position is its own row ("webhooks") of
`mail_tracking`.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Table, Text

from infrastructure.accounts_tables import metadata

MAX_URL = 500

# A pole's endpoint: the kinds of events it wants, and its signing secret encrypted under a key derived from the
# instance's secret (shown once, at registration). `after_position`: the event log's end when it was registered;
# only later events are delivered to it (history is not replayed).
webhooks = Table(
    "web_webhooks", metadata,
    Column("id", Integer, primary_key=True),
    Column("pole_id", String(36), nullable=False, index=True),
    Column("url", String(MAX_URL), nullable=False),
    Column("kinds", Text, nullable=False),  # a JSON list of event kinds ("proposal.closed"...)
    Column("secret", LargeBinary, nullable=False),  # AES-GCM: a 12-byte nonce, then the ciphertext
    Column("after_position", Integer, nullable=False),
    Column("created_by", String(300), nullable=False),  # the actor: "Name <email>"
    Column("created_at", DateTime, nullable=False),  # naive UTC, as every time in these tables
)

# One delivery per (event, hook), or a test delivery (`ping`): its body is composed once, when planned, and sent
# as is on every attempt, with the same idempotency key. pending → delivered | failed (attempts spent, or the
# destination refused); a failed one may be queued again (attempts back to 0).
webhook_deliveries = Table(
    "web_webhook_deliveries", metadata,
    Column("id", Integer, primary_key=True),
    Column("hook_id", Integer, ForeignKey("web_webhooks.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("idempotency_key", String(100), nullable=False, unique=True),
    Column("position", Integer),  # the event's position in the log (None: a ping)
    Column("kind", String(40), nullable=False),
    Column("body", Text, nullable=False),
    Column("state", String(10), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime, nullable=False),
    Column("last_status", Integer),  # the receiver's last HTTP status, if it answered
    Column("last_error", String(500)),
    Column("delivered_at", DateTime),
    Column("created_at", DateTime, nullable=False),
    Index("ix_web_webhook_deliveries_due", "state", "next_attempt_at"),
)
