"""The accounts' tables (users, roles per pole, login-attempt counters, API tokens), the mail's
(the outbox, the mail planner's position, preferences, per-pole settings, calendar feeds), the documents
attached to general assemblies, the members' postal addresses and the regional networks with their
coordinators, the poles' signing authorities and their members' signing certificates (issue 25): not governance
facts, so not events; in the read models' database, with their own metadata
(a read-model rebuild never drops them), versioned by the Alembic revisions of migrations/.
`web.accounts.store`, `web.api.tokens`, `infrastructure.documents`, `infrastructure.contacts` and
`web.networks.store` and `infrastructure.signing_keys` work on them."""

from __future__ import annotations

from sqlalchemy import (Boolean, Column, DateTime, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table,
                        Text, true)

DISPLAY_PREFIX = 12  # an API token's shown prefix: "clg_" and the first 8 random characters
MAX_TOKEN_NAME = 100
MAX_MEDIA_TYPE = 100  # the longest accepted, Office's presentation type, has 73 characters
MAX_POSTAL_ADDRESS = 500
ALL_SCOPES_TEXT = "read vote secretary admin"  # an API token's scopes, all of them

metadata = MetaData()

users = Table(
    "web_users", metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(200), unique=True, nullable=False),
    Column("name", String(200), nullable=False),
    Column("password_hash", String(300), nullable=False),
    Column("is_admin", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
    # A disabled account cannot log in, its sessions and API tokens end (an admin re-enables it).
    Column("is_active", Boolean, nullable=False, default=True, server_default=true()),
    # Stored in the session at login; moving it on ends every session of the user (logout, new password).
    Column("session_generation", Integer, nullable=False, default=0, server_default="0"),
    # The language of the person's mail ("fr" or "en"), chosen on the notifications page.
    Column("locale", String(5), nullable=False, default="fr", server_default="fr"),
)

roles = Table(
    "web_roles", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False, index=True),
    Column("pole_id", String(36), nullable=False),
    Column("role", String(20), nullable=False),  # "secretary" or "member"
    Column("member_id", String(36)),  # the member this user represents (role "member")
)

# One counter per account ("account", e-mail) and per client address ("address", IP): the
# attempts reserved since `started_at`; a counter whose window has passed starts again at 1.
login_attempts = Table(
    "web_login_attempts", metadata,
    Column("kind", String(10), primary_key=True),
    Column("subject", String(200), primary_key=True),
    Column("started_at", DateTime, nullable=False, index=True),
    Column("attempts", Integer, nullable=False),
)

api_tokens = Table(
    "web_api_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id"), nullable=False, index=True),
    Column("name", String(MAX_TOKEN_NAME), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(DISPLAY_PREFIX), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_used_at", DateTime),
    # What the token may do (issue 26): some of "read vote secretary admin", space-separated, within its user's
    # roles; a token made before scopes existed has them all. After `expires_at` the token is refused.
    Column("scopes", String(40), nullable=False, default=ALL_SCOPES_TEXT, server_default=ALL_SCOPES_TEXT),
    Column("expires_at", DateTime),
)


# -- mail (notifications/) -------------------------------------------------------------------------
# One row per message: composed when it is planned (what the outbox shows is what is sent), sent by the
# one sender of the store. `dedupe_key` ("<cause>:<user>:<kind>") makes planning idempotent: the same
# event never queues the same kind of message twice for one person, whatever restarts in between.
mail_messages = Table(
    "mail_messages", metadata,
    Column("id", Integer, primary_key=True),
    Column("dedupe_key", String(200), nullable=False, unique=True),
    Column("pole_id", String(36), index=True),  # None: a message about the account (admins see it)
    Column("user_id", Integer, index=True),
    Column("recipient", String(200), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("cause", String(200), nullable=False),  # the event (type and log position) or the time reached
    Column("position", Integer),  # the causing event's position in the log, when an event caused it
    Column("about", String(36)),  # the proposal, minutes or member the message is about
    Column("subject", String(300), nullable=False),
    Column("body_text", Text, nullable=False),
    Column("body_html", Text, nullable=False),
    Column("ics", Text),
    Column("unsubscribe_url", String(500)),
    Column("message_id", String(200), nullable=False),
    # queued → sent | failed (retries spent or refused) | bounced (recipient refused);
    # held (waiting for the person's daily digest) → digested; cancelled (the person left the pole).
    Column("state", String(10), nullable=False),
    Column("priority", Integer, nullable=False, default=1),  # 0 goes first: accounts, invitations, reminders
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime, nullable=False),
    Column("last_error", String(500)),
    Column("created_at", DateTime, nullable=False),
    Column("sent_at", DateTime),
    Index("ix_mail_messages_due", "state", "priority", "next_attempt_at"),
)

# The mail planner's position in the event log (one row, "planner"): the planned messages and the new
# position commit together, so a restarted planner resumes where it stopped.
mail_tracking = Table(
    "mail_tracking", metadata,
    Column("name", String(50), primary_key=True),
    Column("position", Integer, nullable=False),
)

# A person's choice per kind of message: "immediate" (the default), "digest" or "off".
mail_preferences = Table(
    "mail_preferences", metadata,
    Column("user_id", Integer, ForeignKey("web_users.id"), primary_key=True),
    Column("kind", String(30), primary_key=True),
    Column("mode", String(10), nullable=False),
)

# What a pole sets about its mail (the secretary): the reminder's lead time before a vote closes.
mail_pole_settings = Table(
    "mail_pole_settings", metadata,
    Column("pole_id", String(36), primary_key=True),
    Column("reminder_hours", Integer, nullable=False),
)

# A person's private calendar feed: the URL's token, kept as its SHA-256 (revoked by replacing it).
calendar_feeds = Table(
    "web_calendar_feeds", metadata,
    Column("user_id", Integer, ForeignKey("web_users.id"), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
)


# -- general assemblies' documents (infrastructure/documents.py) -------------------------------------------
# The bytes of the files attached to an assembly (accounts, reports, candidate sheets), once per content: the
# governance event holds the SHA-256, name, size and type, so the register names exactly what was sent, and
# the same file attached twice (or to two assemblies) is stored once.
documents = Table(
    "documents", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("media_type", String(MAX_MEDIA_TYPE), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("stored_at", DateTime, nullable=False),  # naive UTC, as every time in these tables
)


# -- members' contact data (infrastructure/contacts.py) ----------------------------------------------------
# A member's postal address (for convocations by post): contact data, changed and erased on request (GDPR),
# so kept out of the event log, like the accounts' e-mail addresses. No row: no address known.
member_contacts = Table(
    "member_contacts", metadata,
    Column("pole_id", String(36), primary_key=True),
    Column("member_id", String(36), primary_key=True),
    Column("postal_address", String(MAX_POSTAL_ADDRESS), nullable=False),  # lines separated by "\n"
    Column("updated_at", DateTime, nullable=False),
)


# -- discussions (issue 23; web/votes/visits.py) ---------------------------------------------------------
# When a person last read a proposal's discussion: the comments posted since are marked « nouveau ». A
# screen's state, not a governance fact, so not an event. No row: never read.
discussion_visits = Table(
    "web_discussion_visits", metadata,
    Column("user_id", Integer, ForeignKey("web_users.id"), primary_key=True),
    Column("proposal_id", String(36), primary_key=True),
    Column("seen_at", DateTime, nullable=False),  # naive UTC, as every time in these tables
)


# -- regional networks (issue 24; web/networks/store.py) --------------------------------------------------
# The networks the instance declares (e.g. a CRESS's regional cell): a pole joins one by its own decision (a Pole
# event holds which network, what it shares and the decision); the network itself, its name and its coordinators
# are the platform's settings, like the accounts, so not events.
networks = Table(
    "web_networks", metadata,
    Column("id", String(36), primary_key=True),  # a UUID, as the pole's NetworkJoined event names it
    Column("name", String(200), nullable=False, unique=True),
    Column("description", Text, nullable=False, default="", server_default=""),
    Column("created_at", DateTime, nullable=False),  # naive UTC, as every time in these tables
)

# Who coordinates which network: a coordinator reads, for each pole that joined, what the pole agreed to share.
network_coordinators = Table(
    "web_network_coordinators", metadata,
    Column("user_id", Integer, ForeignKey("web_users.id"), primary_key=True),
    Column("network_id", String(36), ForeignKey("web_networks.id"), primary_key=True, index=True),
)


# -- electronic signatures of the minutes (issue 25; infrastructure/pki.py, docs/signing.md) -----------------------
# A pole's certificate authority, kept by the instance: `PoleCA.dump` (its certificate, its key encrypted under the
# instance's secret, its revocations), replaced whole when a certificate is revoked.
pole_authorities = Table(
    "web_pole_authorities", metadata,
    Column("pole_id", String(36), primary_key=True),
    Column("authority", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("changed_at", DateTime, nullable=False),
)

# A person's signing certificate, issued by their pole's authority: the key encrypted under the passphrase the
# person set (never stored); a revoked certificate stays, for the signatures it made.
signing_certificates = Table(
    "web_signing_certificates", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("pole_id", String(36), nullable=False, index=True),
    Column("serial", String(64), nullable=False, unique=True),
    Column("sha256", String(64), nullable=False),
    Column("certificate", Text, nullable=False),
    Column("encrypted_key", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)
