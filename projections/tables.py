"""Read-model tables: everything the screens and exports read, rebuilt from the events."""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, DateTime, Index, Integer, MetaData, String, Table, Text)

metadata = MetaData()

# A JSON column that may be empty stores an absent value (Python None) as SQL NULL, never as JSON
# 'null': SQLAlchemy's JSON type writes None as JSON 'null' unless `none_as_null`, while the bulk
# inserts of the projections (projections/handlers.py: COPY, the driver's executemany) write SQL
# NULL, so a row inserted then updated (projected as events arrive) and the same row inserted once
# (a rebuild) held different cells. Queries may test such a column with IS NULL.
NullableJSON = JSON(none_as_null=True)

tracking = Table(
    "rm_tracking", metadata,
    Column("projection", String(60), primary_key=True),
    Column("position", Integer, nullable=False),
    # The position of the last event this projection had a handler for (NULL: unknown, read as
    # `position`). Caches of its rows stay valid while it does not move (projections.queries): a
    # ballot moves every projection's position but changes only the register's and audit's rows.
    Column("changed_at", Integer, nullable=True),
    # A token drawn when the row is created. A rebuild drops and recreates every row, and ends
    # at the same positions: the token tells caches filled before (or during) it from after.
    Column("generation", String(32), nullable=True),
)

poles = Table(
    "rm_poles", metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("territory", String(200), nullable=False),
    Column("legal_form", String(200), nullable=False),
    Column("founded_at", DateTime, nullable=False),
    Column("statutes_version", Integer, nullable=False),
    Column("strategy_version", Integer, nullable=False),
)

statutes_versions = Table(
    "rm_statutes_versions", metadata,
    Column("pole_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("statutes", JSON, nullable=False),
    Column("model", String(30), nullable=False),
    Column("empty_college_rule", String(80), nullable=False),
    Column("decision_id", String(36)),
    Column("adopted_at", DateTime, nullable=False),
)

colleges = Table(
    "rm_colleges", metadata,
    Column("pole_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("code", String(40), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("name", String(120), nullable=False),
    Column("share", String(40)),
)

members = Table(
    "rm_members", metadata,
    Column("id", String(36), primary_key=True),
    Column("pole_id", String(36), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("category", String(60), nullable=False),
    Column("representative", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("college", String(40)),
    Column("requested_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    # Issue 27 (revision 0018): a page of the roster walks the pole's members in name order along this index.
    Index("ix_rm_members_pole_name", "pole_id", "name", "id"),
)

# One row per stretch of time a member spent in one status and college: the roster as of
# any date is the set of admitted periods covering that date.
member_periods = Table(
    "rm_member_periods", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pole_id", String(36), nullable=False),
    Column("member_id", String(36), nullable=False),
    Column("status", String(20), nullable=False),
    Column("college", String(40)),
    Column("valid_from", DateTime, nullable=False),
    Column("valid_to", DateTime),
    Index("ix_rm_member_periods_pole_from", "pole_id", "valid_from"),
    Index("ix_rm_member_periods_member", "member_id", "valid_to"),
    # Issue 27 (revision 0018): the head counts per college at a date read this index alone.
    Index("ix_rm_member_periods_admitted", "pole_id", "status", "valid_from", "valid_to", "college", "member_id"),
)

proposals = Table(
    "rm_proposals", metadata,
    Column("id", String(36), primary_key=True),
    Column("pole_id", String(36), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("effect", NullableJSON),
    Column("secret", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("proposed_by", String(200), nullable=False),
    Column("drafted_at", DateTime, nullable=False),
    Column("opened_at", DateTime),
    Column("closes_at", DateTime),
    Column("closed_at", DateTime),
    Column("withdrawn_at", DateTime),
    Column("statutes_version", Integer),
    Column("convocation", String(10)),
    Column("electorate", NullableJSON),  # college code -> head count, frozen at opening
    Column("electorate_size", Integer),
    Column("participants", Integer, nullable=False, default=0),
    Column("proxies_used", Integer, nullable=False, default=0),
    Column("tally", NullableJSON),
    Column("result", Text),  # an exact fraction "p/q": long with large colleges (revision 0018)
    Column("outcome", String(20)),
    Column("rule_applied", String(120)),
    Column("effect_result", String(500)),
    Column("closed_automatically", Boolean),
    Column("assembly_id", String(36), index=True),  # set when on a general assembly's agenda
    # Issue 21: "board" for a decision of the board (NULL: the assembly's, as every proposal before), and an
    # election's seats, reserved seats and candidates (NULL: a resolution).
    Column("body", String(10)),
    Column("election", NullableJSON),
    # Issue 23: published for discussion (NULL: never), an amendment's resolution and course (number, passage,
    # wording, motive, sponsors, status, reason), the text and effect as drafted once an amendment changed them,
    # and the secretary's summary of the debate. NULL for every proposal before.
    Column("published", Boolean),
    Column("amends", String(36), index=True),
    Column("amendment", NullableJSON),
    Column("original", NullableJSON),
    Column("debate_summary", Text),
    Index("ix_rm_proposals_pole_status", "pole_id", "status"),
)

# Who took part; `choice` stays NULL for secret ballots: no read model ever links a
# member to a secret choice.
ballots = Table(
    "rm_ballots", metadata,
    Column("proposal_id", String(36), primary_key=True),
    Column("member_id", String(36), primary_key=True),
    Column("choice", String(10)),
    Column("proxy_holder", String(36)),
    Column("cast_at", DateTime, nullable=False),
    Column("changes", Integer, nullable=False, default=0),
)

proxies = Table(
    "rm_proxies", metadata,
    Column("proposal_id", String(36), primary_key=True),
    Column("principal_id", String(36), primary_key=True),
    Column("holder_id", String(36), nullable=False),
    Column("status", String(10), nullable=False),
    Column("granted_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

assemblies = Table(
    "rm_assemblies", metadata,
    Column("id", String(36), primary_key=True),
    Column("pole_id", String(36), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("held_at", DateTime, nullable=False),
    Column("place", String(200), nullable=False),
    Column("mode", String(20), nullable=False),
    Column("convocation", String(10), nullable=False),
    Column("status", String(20), nullable=False),
    Column("convened_by", String(200), nullable=False),
    Column("convened_at", DateTime, nullable=False),
    Column("opened_at", DateTime),
    Column("closed_at", DateTime),
    Column("electorate_size", Integer, nullable=False),
    Column("agenda", JSON, nullable=False),  # proposal ids, in order
)

# Signatures and corrections of the minutes of an assembly or an online vote.
minutes_entries = Table(
    "rm_minutes_entries", metadata,
    Column("subject_id", String(36), primary_key=True),
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("minutes_id", String(36), nullable=False, index=True),
    Column("pole_id", String(36), nullable=False, index=True),
    Column("subject_type", String(20), nullable=False),
    Column("type", String(20), nullable=False),
    Column("signer", String(200)),
    Column("capacity", String(20)),
    Column("digest", String(64)),
    Column("text", Text),
    Column("corrects", Integer),
    Column("actor", String(200), nullable=False),
    Column("at", DateTime, nullable=False),
    # Issue 25: the PDF a signature in the minutes' PDF, or their document timestamp, left (its SHA-256).
    Column("pdf_sha256", String(64)),
)

strategy_versions = Table(
    "rm_strategy_versions", metadata,
    Column("pole_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("proposed_by", String(200), nullable=False),
    Column("decision_id", String(36)),
    Column("adopted_at", DateTime, nullable=False),
)

audit = Table(
    "rm_audit", metadata,
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("pole_id", String(36), index=True),
    Column("aggregate_id", String(36), nullable=False, index=True),
    Column("aggregate_type", String(40), nullable=False),
    Column("aggregate_version", Integer, nullable=False),
    Column("event_type", String(60), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("details", JSON, nullable=False),
)

# The discussions before votes (issue 23): one row per comment, numbered per proposal; `history` holds the earlier
# wordings of an edited comment (text and when it was replaced), `reason` why the secretary hid it.
comments = Table(
    "rm_comments", metadata,
    Column("discussion_id", String(36), primary_key=True),
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("proposal_id", String(36), nullable=False, index=True),
    Column("pole_id", String(36), nullable=False, index=True),
    Column("member_id", String(36)),
    Column("actor", String(200), nullable=False),
    Column("reply_to", Integer),
    Column("text", Text, nullable=False),
    Column("mentions", NullableJSON),
    Column("status", String(10), nullable=False),
    Column("reason", Text),
    Column("history", NullableJSON),
    Column("posted_at", DateTime, nullable=False),
    Column("changed_at", DateTime, nullable=False),
)

# The board's mandates (issue 21): one row per mandate, from its start to its end; the board as of a date is the
# rows holding a seat that day (governance/board.py `holds_seat_on`: `ends_on` included, `ended_on` excluded).
mandates = Table(
    "rm_mandates", metadata,
    Column("id", String(36), primary_key=True),
    Column("pole_id", String(36), nullable=False),
    Column("member_id", String(36), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("college", String(40), nullable=False),
    Column("seat", String(60), nullable=False),
    Column("starts_on", String(10), nullable=False),
    Column("ends_on", String(10), nullable=False),
    Column("by", String(20), nullable=False),
    Column("proposal_id", String(500)),
    Column("replaces", String(36)),
    Column("ratified", Boolean),
    Column("status", String(10), nullable=False),
    Column("ended_on", String(10)),
    Column("end_reason", String(20)),
    Column("officer", String(60)),
    Index("ix_rm_mandates_pole_ends", "pole_id", "ends_on"),
)

# The capital register (issue 22): one row per movement, numbered per pole in the order recorded; the views
# (capital as of a day, accounts, the year's variation) replay them with governance/capital.py.
capital_movements = Table(
    "rm_capital_movements", metadata,
    Column("pole_id", String(36), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("on", String(10), nullable=False),
    Column("member_id", String(36), nullable=False, index=True),
    Column("to_member_id", String(36)),
    Column("shares", Integer, nullable=False),
    Column("amount", String(20), nullable=False),
    Column("paid", String(20), nullable=False),
    Column("decision", String(500), nullable=False),
    Column("details", JSON(none_as_null=True)),  # what else the movement says (request, reason, approvals…)
    Column("actor", String(200), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
)

# Self-assessment campaigns with the PTCE référentiel (issue 24): one row per campaign, with the référentiel version
# it was opened with (whole), who was asked (respondent id → college, "" outside the colleges) and, once closed, its
# frozen results (distributions per college and indicator, justifications without authors: governance/assessment.py).
campaigns = Table(
    "rm_campaigns", metadata,
    Column("id", String(36), primary_key=True),
    Column("pole_id", String(36), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("opens_on", String(10), nullable=False),
    Column("closes_on", String(10), nullable=False),
    Column("referentiel_version", Integer, nullable=False),
    Column("referentiel", JSON, nullable=False),
    Column("mode", String(10), nullable=False),
    Column("individual_shared", Boolean, nullable=False),
    Column("respondents", JSON, nullable=False),
    Column("invited", Integer, nullable=False),
    Column("answered", Integer, nullable=False, default=0),
    Column("closed", Boolean, nullable=False),
    Column("opened_by", String(200), nullable=False),
    Column("opened_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
    Column("results", NullableJSON),
)

# Who answered a campaign and when (the first and the latest time), and how many times they answered again: never
# what. No column of any read model holds a respondent's ratings or justifications, shared or not (the campaign's
# secretary reads shared answers from the events: Collegia.campaign_answers).
campaign_answers = Table(
    "rm_campaign_answers", metadata,
    Column("campaign_id", String(36), primary_key=True),
    Column("respondent", String(200), primary_key=True),
    Column("pole_id", String(36), nullable=False),
    Column("college", String(200), nullable=False),
    Column("first_answered_at", DateTime, nullable=False),
    Column("answered_at", DateTime, nullable=False),
    Column("changes", Integer, nullable=False, default=0),
)

# The proposals to revise the shared strategy drafted from a closed campaign's objective.
campaign_revisions = Table(
    "rm_campaign_revisions", metadata,
    Column("campaign_id", String(36), primary_key=True),
    Column("proposal_id", String(36), primary_key=True),
    Column("pole_id", String(36), nullable=False),
    Column("objective", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("drafted_at", DateTime, nullable=False),
    Index("ix_rm_campaign_revisions_proposal", "proposal_id"),
)

# The regional networks a pole joined by decision (issue 24), with what it shares (governance/effects.py
# NETWORK_SHARES); a network left keeps its row with `left_on` (joined again: the row starts over).
pole_networks = Table(
    "rm_pole_networks", metadata,
    Column("pole_id", String(36), primary_key=True),
    Column("network_id", String(36), primary_key=True),
    Column("shares", JSON, nullable=False),
    Column("since", String(10), nullable=False),
    Column("decision_id", String(36), nullable=False),
    Column("left_on", String(10)),
    Column("left_decision_id", String(36)),
    Index("ix_rm_pole_networks_network", "network_id"),
)
