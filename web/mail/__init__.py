"""Mail pages: a person's notification preferences and calendar feed, the unsubscribe links, and the
outbox of secretaries and admins (issue 19, docs/mail.md)."""
