"""Mail: who is told what, composed and delivered durably (issue 19, docs/mail.md).

- `planner.py` follows the event log from its own tracked position (`mail_tracking`) and turns
  events (a vote opened, a proxy given, a vote closed, minutes signed, a member admitted, an
  assembly's convocation sent to the members convened by e-mail, members mentioned in a comment) and times
  reached (reminders before a close, the daily digest) into messages in the outbox
  (`mail_messages`); the messages and the new position commit together, and each message has a
  unique key (cause, person, kind), so nothing is planned twice nor missed across restarts.
- `compose.py` writes each message in its recipient's language from `templates/` (plain text, an
  HTML part made from it, a calendar file built with `icalendar`, the unsubscribe headers).
- `sender.py` delivers queued messages over SMTP (`COLLEGIA_SMTP_URL`), one sender per store (a lock),
  rate-limited, retrying temporary failures with a doubling delay; `service.py` runs planner and
  sender in background threads of `collegia run`, `collegia project` and `collegia mail`.
- `outbox.py` reads and changes the outbox (the pages of secretaries and admins), preferences and a
  pole's settings; `links.py` the signed links mail carries.

This layer sits between the infrastructure and the web: it reads the domain's aggregates, the
read models and the accounts' tables, and never imports Flask.
"""
