"""The kinds of message, the choices a person has for each, and which go first."""

from __future__ import annotations

INVITATION, REMINDER, RESULT, MINUTES, WELCOME = "invitation", "reminder", "result", "minutes", "welcome"
MENTION = "mention"  # a member mentioned in a comment of a proposal's discussion (issue 23)
DIGEST = "digest"
CONVOCATION = "convocation"  # a general assembly's convocation sent by e-mail (R225-63): a legal notice
ACCOUNT_INVITATION, PASSWORD_RESET, EMAIL_CHANGE, EMAIL_CHANGED = (
    "account_invitation", "password_reset", "email_change", "email_changed")

# What a person chooses per kind, on the notifications page or by a mail's unsubscribe link.
CHOOSABLE = (INVITATION, REMINDER, RESULT, MINUTES, WELCOME, MENTION)
IMMEDIATE, IN_DIGEST, OFF = "immediate", "digest", "off"
MODES = (IMMEDIATE, IN_DIGEST, OFF)
# About the account itself: always sent at once, never unsubscribed from (the person asked for them).
ACCOUNT_KINDS = (ACCOUNT_INVITATION, PASSWORD_RESET, EMAIL_CHANGE, EMAIL_CHANGED)
# Legal notices: sent to whoever the law says, whatever the person's preferences (never held for a digest, never
# turned off, no unsubscribe link). A member convened by e-mail consented to it (R225-63) and returns to post by
# asking the pole, not by unsubscribing from a mail.
LEGAL_NOTICES = (CONVOCATION,)
KINDS = (*CHOOSABLE, DIGEST, *ACCOUNT_KINDS, *LEGAL_NOTICES)

# 0 goes first: what a person waits for (an account link) or must act on soon (a vote).
PRIORITY = {ACCOUNT_INVITATION: 0, PASSWORD_RESET: 0, EMAIL_CHANGE: 0, EMAIL_CHANGED: 0,
            INVITATION: 0, REMINDER: 0, CONVOCATION: 0, RESULT: 1, MINUTES: 1, WELCOME: 1, MENTION: 1, DIGEST: 2}

# States of a message in the outbox.
QUEUED, HELD, SENT, FAILED, BOUNCED, DIGESTED, CANCELLED = (
    "queued", "held", "sent", "failed", "bounced", "digested", "cancelled")
STATES = (QUEUED, HELD, SENT, FAILED, BOUNCED, DIGESTED, CANCELLED)

# Why Collegia itself set a message aside or held it (kept in `last_error`; the outbox page words them). An SMTP
# server's own answer is stored as it came.
DEPARTED = "the person no longer belongs to this pole"
TURNED_OFF = "turned off by the person"
UNAVAILABLE = "server unavailable: "  # followed by what the server or the network said
UNCOMPOSABLE = "the message could not be composed: "
ROLE_GRANTED = "role granted"  # the cause of a welcome planned when an account is linked to a member

DEFAULT_REMINDER_HOURS = 24
MAX_REMINDER_HOURS = 14 * 24
LOCALES = ("fr", "en")
