"""General assemblies (issue 26): convening, the convocation, attendance and proxies, correspondence forms, the
session, room ballots; the pole's identity, members' consents to e-mail convocation and postal addresses.

Requests refuse unknown fields (marshmallow's RAISE); every optional field states its default."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from governance.assembly import (ASSEMBLY_KINDS, ATTENDANCE_MODES, CHAIR, FORM_WAYS, MAX_AGENDA, MODES, VOTES)
from governance.convocation import GIVEN, WITHDRAWN_ENTRY
from governance.statutes import CONVOCATIONS
from governance.tally import CHOICES
from infrastructure.accounts_tables import MAX_POSTAL_ADDRESS
from infrastructure.documents import MAX_DOCUMENT_BYTES
from web.assemblies.pages import DOCUMENT_DAYS
from web.api.schemas.common import UtcDateTime, free_text, one_of, plausible

DAY = "A day, YYYY-MM-DD (Paris time)."
WHEN = "An ISO 8601 time with its offset (years 2000 to 2100)."
FRACTION = "An exact fraction as text ('1/5')."


# -- requests ------------------------------------------------------------------------------------------------
class ConveneSchema(Schema):
    kind = one_of(ASSEMBLY_KINDS, "ordinary (AGO), extraordinary (AGE) or mixed (both kinds of resolution).",
                  required=True)
    held_at = fields.AwareDateTime(required=True, validate=plausible, metadata={
        "description": "When the assembly meets. " + WHEN + " At least the statutes' notice after today (Code de "
                       "commerce R225-69: 15 days on first convocation, 10 on a later one)."})
    mode = one_of(MODES, "How members take part: in_person, remote (only when the statutes count remote members as "
                         "present, L225-107 II) or hybrid. Default: hybrid (the page's default).",
                  load_default="hybrid")
    place = free_text("The place, or the video-conference link; required unless the mode is remote. Default: '' "
                      "(none).", 200, required=False, load_default="")
    convocation = one_of(CONVOCATIONS, "first or second convocation (sets the quorum and the notice). Default: "
                                       "first.", load_default="first")
    agenda = fields.List(fields.UUID(), required=True, validate=validate.Length(1, MAX_AGENDA), metadata={
        "description": "The draft proposals put to the assembly's vote, in order (their ids). Each must be a draft of "
                       "this pole on no other agenda, of a kind this assembly votes; amendments join once admitted."})


class IdentitySchema(Schema):
    """The pole's identity as a convocation states it (R225-66, R123-237): the whole of it, each field omitted
    being recorded empty."""

    acronym = free_text("Acronym. Default: '' (none).", 200, required=False, load_default="")
    registered_office = free_text("Registered office: the address, one line per line (at most 6). Default: ''.",
                                  1200, required=False, load_default="")
    capital = free_text("Share capital as the convocation states it (e.g. 'variable'). Default: ''.", 200,
                        required=False, load_default="")
    rcs_number = free_text("Registration number (SIREN). Default: ''.", 200, required=False, load_default="")
    rcs_city = free_text("City of the RCS registry. Default: ''.", 200, required=False, load_default="")
    questions_email = free_text("E-mail address for written questions. Default: ''.", 200, required=False,
                                load_default="")


class PostingSchema(Schema):
    posted_on = fields.Date(required=True, validate=plausible, metadata={
        "description": "The day the convocation letters were posted: between the sending and the meeting, never "
                       "after today. " + DAY})


class DocumentUploadSchema(Schema):
    name = free_text("The file's name (its extension must match its content: PDF, OpenDocument, Office, images, "
                     "text, CSV…).", 200)
    content = fields.String(required=True, validate=validate.Length(min=1), metadata={
        "description": "The file's bytes, base64-encoded (RFC 4648, standard alphabet); at most "
                       f"{MAX_DOCUMENT_BYTES // 2**20} MB once decoded.",
        "format": "byte"})
    proposal_id = fields.UUID(allow_none=True, load_default=None, metadata={
        "description": "The resolution of the agenda it concerns; null (the default): the whole assembly."})


class IncidentSchema(Schema):
    started_at = fields.AwareDateTime(required=True, validate=plausible, metadata={
        "description": "When the incident started. " + WHEN})
    ended_at = fields.AwareDateTime(allow_none=True, load_default=None, validate=plausible, metadata={
        "description": "When it ended; null (the default): not known."})
    description = free_text("What happened to the video or telephone link (the minutes state it).", 2000)


class AttendanceSchema(Schema):
    member_id = fields.UUID(required=True, metadata={"description": "A member of the electorate frozen at "
                                                                    "convening."})
    mode = one_of(ATTENDANCE_MODES, "present, remote, correspondence or absent (a correction).", required=True)
    restore_proxy = fields.Boolean(load_default=True, metadata={
        "description": "A correction to absent brings back the proxy the member's coming set aside; false records "
                       "the absence without it (the proxy is revoked), when the statutes would refuse it back. "
                       "Default: true."})


class AssemblyProxySchema(Schema):
    principal_id = fields.UUID(required=True, metadata={
        "description": "The member giving its proxy for the whole assembly: one you represent, or any member of the "
                       "electorate for a secretary (a proxy received on paper)."})
    holder_id = fields.UUID(required=True, metadata={"description": "The member holding it."})


class RoomBallotSchema(Schema):
    member_id = fields.UUID(required=True, metadata={
        "description": "A member counted when the resolution was put to the vote (a represented member's ballot is "
                       "cast by its proxy holder)."})
    choice = one_of(CHOICES, "for, against or abstain.", required=True)


class RoomBallotsSchema(Schema):
    ballots = fields.List(fields.Nested(RoomBallotSchema), required=True, validate=validate.Length(min=1), metadata={
        "description": "The ballots cast in the room on a public resolution; all or nothing: one refused ballot "
                       "stores none."})


class CorrespondenceFormSchema(Schema):
    member_id = fields.UUID(required=True, metadata={"description": "The member sending its form: one you "
                                                                    "represent."})
    way = one_of(FORM_WAYS, f"{VOTES}: a choice per resolution; {CHAIR}: a proxy to the chair, who votes for the "
                            "board's resolutions (L225-106). Default: votes.", load_default=VOTES)
    choices = fields.Dict(keys=fields.String(validate=validate.Length(1, 36)), values=one_of(CHOICES, "for, against "
                          "or abstain."), load_default=dict, validate=validate.Length(max=MAX_AGENDA), metadata={
        "description": "Proposal id → for, against or abstain, for the agenda's resolutions; a resolution left out "
                       "is an abstention, which is not a vote cast (R225-76). Default: {} (every resolution "
                       "abstained). Empty with the way chair."})


class PaperFormSchema(CorrespondenceFormSchema):
    member_id = fields.UUID(required=True, metadata={"description": "The member who signed the paper form."})
    received_on = fields.Date(required=True, validate=plausible, metadata={
        "description": "The day the form was received (R225-77: counted when on or before the statutes' cut-off). "
                       + DAY})


class ConsentSchema(Schema):
    entry = one_of((GIVEN, WITHDRAWN_ENTRY), f"{GIVEN}: the member agrees to be convened by e-mail; "
                                             f"{WITHDRAWN_ENTRY}: it asks to be convened by post again (R225-63).",
                   required=True)
    on = fields.Date(required=True, validate=plausible, metadata={"description": "The date of the signed paper "
                                                                                 "form. " + DAY})


class PostalAddressSchema(Schema):
    address = fields.String(required=True, validate=validate.Length(max=2 * MAX_POSTAL_ADDRESS), metadata={
        "description": "The postal address where convocations by post go, one line per line (at most 8 lines, "
                       f"{MAX_POSTAL_ADDRESS} characters once trimmed); '' erases it."})


# -- responses -----------------------------------------------------------------------------------------------
class AssemblySummarySchema(Schema):
    """An assembly as the pole's list shows it."""

    id = fields.String(required=True)
    pole_id = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "ordinary, extraordinary or mixed."})
    held_at = UtcDateTime(required=True)
    place = fields.String(required=True)
    mode = fields.String(required=True, metadata={"description": "in_person, remote or hybrid."})
    convocation = fields.String(required=True, metadata={"description": "first or second."})
    status = fields.String(required=True, metadata={"description": "convened, in_session or closed."})
    convened_by = fields.String(required=True)
    convened_at = UtcDateTime(required=True)
    opened_at = UtcDateTime(required=True, allow_none=True)
    closed_at = UtcDateTime(required=True, allow_none=True)
    electorate_size = fields.Integer(required=True, metadata={"description": "Members entitled to vote, frozen at "
                                                                             "convening."})
    agenda = fields.List(fields.String(), required=True, metadata={"description": "Proposal ids, in order."})


class AgendaItemSchema(Schema):
    proposal_id = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "ordinary or extraordinary."})
    secret = fields.Boolean(required=True)
    resolution = fields.Integer(required=True, allow_none=True, metadata={
        "description": "Its number among the resolutions; null for an admitted amendment (voted just before its "
                       "resolution, L225-105)."})
    amends = fields.String(required=True, allow_none=True, metadata={"description": "An amendment: the resolution "
                                                                                    "it amends."})
    amendment = fields.Integer(required=True, allow_none=True, metadata={"description": "An amendment: its number."})
    state = fields.String(required=True, metadata={"description": "pending, voting, voted or withdrawn."})
    outcome = fields.String(required=True, allow_none=True, metadata={
        "description": "Once voted: adopted, rejected or no_quorum (the tally is the proposal's)."})


class CollegeQuorumSchema(Schema):
    college = fields.String(required=True)
    entitled = fields.Integer(required=True)
    attending = fields.Integer(required=True)
    needed = fields.Integer(required=True)
    reached = fields.Boolean(required=True)


class QuorumSchema(Schema):
    """The head-count quorum of one kind of resolution at this assembly, now (as the assembly page shows it)."""

    kind = fields.String(required=True, metadata={"description": "ordinary or extraordinary."})
    entitled = fields.Integer(required=True, metadata={"description": "Members of the electorate."})
    attending = fields.Integer(required=True, metadata={
        "description": "Counted: present, remote, by correspondence, or represented by a holder who takes part."})
    quorum = fields.String(required=True, metadata={"description": "The statutes' quorum on this convocation. "
                                                                   + FRACTION})
    needed = fields.Integer(required=True, metadata={"description": "The smallest head count reaching it."})
    reached = fields.Boolean(required=True)
    colleges = fields.List(fields.Nested(CollegeQuorumSchema), required=True, metadata={
        "description": "Per college, when the statutes require a per-college quorum (else empty)."})
    colleges_short = fields.List(fields.String(), required=True, metadata={"description": "Colleges short of it."})


class NoticeSchema(Schema):
    needed = fields.Integer(required=True, metadata={"description": "Days of notice the statutes require (R225-69)."})
    days = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True, metadata={
        "description": "Days between sending (email) or posting (post) and the meeting."})
    unposted = fields.Boolean(required=True, metadata={"description": "Letters to post not recorded as posted."})
    kept = fields.Boolean(required=True)


class ConvocationSentSchema(Schema):
    sent_at = UtcDateTime(required=True)
    sha256 = fields.String(required=True, metadata={"description": "The fingerprint of the text sent."})
    posted_on = fields.String(required=True, allow_none=True, metadata={"description": "The letters' posting day. "
                                                                                      + DAY})
    notice = fields.Nested(NoticeSchema, required=True)


class DocumentSchema(Schema):
    sha256 = fields.String(required=True)
    name = fields.String(required=True)
    size = fields.Integer(required=True, metadata={"description": "Bytes."})
    media_type = fields.String(required=True)
    proposal_id = fields.String(required=True, allow_none=True, metadata={"description": "The resolution it "
                                                                                        "concerns, if one."})
    made_available_at = UtcDateTime(required=True)
    late = fields.Boolean(required=True, metadata={
        "description": f"Made available fewer than {DOCUMENT_DAYS} days before the meeting (R225-89)."})


class IncidentRecordSchema(Schema):
    started_at = UtcDateTime(required=True)
    ended_at = UtcDateTime(required=True, allow_none=True)
    description = fields.String(required=True)


class MinutesLinksSchema(Schema):
    """Where the minutes are read; their state and signatures are `url`'s answer (the minutes' operations)."""

    url = fields.String(required=True, metadata={"description": "The minutes over the API (`get_minutes`): state, "
                                                                "signatures, corrections, signed PDF."})
    page_url = fields.String(required=True, metadata={"description": "The minutes' page (browser)."})
    pdf_url = fields.String(required=True, metadata={"description": "The minutes' archival PDF over the API "
                                                                    "(`download_minutes_pdf`)."})


class AssemblySchema(AssemblySummarySchema):
    """An assembly, as its page shows it."""

    statutes_version = fields.Integer(required=True, metadata={"description": "The statutes frozen at convening."})
    items = fields.List(fields.Nested(AgendaItemSchema), required=True, metadata={
        "description": "The agenda: each resolution (and admitted amendment) with its proposal id, state and "
                       "outcome."})
    quorum = fields.List(fields.Nested(QuorumSchema), required=True, metadata={
        "description": "One per kind of resolution on the agenda, now."})
    attending = fields.Integer(required=True, metadata={"description": "Members counted for the quorum now."})
    forms_counted = fields.Integer(required=True, metadata={"description": "Correspondence forms that count."})
    convocation_sent = fields.Nested(ConvocationSentSchema, required=True, allow_none=True, metadata={
        "description": "Null until the convocation is sent through Collegia."})
    documents = fields.List(fields.Nested(DocumentSchema), required=True)
    incidents = fields.List(fields.Nested(IncidentRecordSchema), required=True)
    minutes = fields.Nested(MinutesLinksSchema, required=True, allow_none=True, metadata={
        "description": "Once the session is closed: where its minutes are; null before."})


class ElectorSchema(Schema):
    member_id = fields.String(required=True)
    name = fields.String(required=True)
    college = fields.String(required=True, metadata={"description": "Frozen at convening ('' without colleges)."})
    attendance = fields.String(required=True, metadata={
        "description": "present, remote, correspondence, represented (its proxy's holder takes part) or absent."})
    represented_by = fields.String(required=True, allow_none=True, metadata={"description": "The holder, when "
                                                                                           "represented."})


class AttendanceSheetSchema(Schema):
    """Every elector's attendance and the quorum it gives now."""

    assembly_id = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "convened, in_session or closed."})
    electors = fields.List(fields.Nested(ElectorSchema), required=True, metadata={"description": "By name."})
    attending = fields.Integer(required=True)
    quorum = fields.List(fields.Nested(QuorumSchema), required=True)


class AssemblyProxyRecordSchema(Schema):
    principal_id = fields.String(required=True)
    holder_id = fields.String(required=True)
    status = fields.String(required=True, metadata={
        "description": "active, revoked, or overridden (the principal takes part itself)."})
    counted = fields.Boolean(required=True, metadata={"description": "Active, and its holder takes part: the "
                                                                     "principal is represented."})


class ConvocationRecipientSchema(Schema):
    member_id = fields.String(required=True)
    name = fields.String(required=True)
    channel = fields.String(required=True, metadata={"description": "email or post."})
    reason = fields.String(required=True, metadata={
        "description": "The R225-63 rule deciding it: consent, no_consent, consent_too_late, withdrawn, "
                       "late_withdrawal, email_not_in_statutes, no_address."})
    consent_on = fields.String(required=True, allow_none=True)
    has_postal_address = fields.Boolean(required=True)


class ConvocationSchema(Schema):
    """The convocation: as it would be sent now, or as it was sent (its text recorded, never regenerated)."""

    assembly_id = fields.String(required=True)
    sent = fields.Boolean(required=True)
    sent_at = UtcDateTime(required=True, allow_none=True)
    sha256 = fields.String(required=True, allow_none=True)
    posted_on = fields.String(required=True, allow_none=True)
    text = fields.String(required=True, metadata={"description": "The text sent, or that would be sent now ('' once "
                                                                 "the session has opened without it)."})
    recipients = fields.List(fields.Nested(ConvocationRecipientSchema), required=True)
    missing_identity = fields.List(fields.String(), required=True, metadata={
        "description": "Identity fields R225-66 still needs before sending (PUT /poles/{pole_id}/identity)."})
    notice = fields.Nested(NoticeSchema, required=True, allow_none=True)
    earliest_meeting_day = fields.String(required=True, metadata={
        "description": "The first lawful day for this convocation if sent today. " + DAY})


class PoleIdentitySchema(Schema):
    acronym = fields.String(required=True)
    registered_office = fields.String(required=True)
    capital = fields.String(required=True)
    rcs_number = fields.String(required=True)
    rcs_city = fields.String(required=True)
    questions_email = fields.String(required=True)
    required = fields.List(fields.String(), required=True, metadata={"description": "What the pole's legal form "
                                                                                    "requires a convocation to state."})
    missing = fields.List(fields.String(), required=True)


class FormReceiptSchema(Schema):
    """A correspondence form received: never its choices."""

    member_id = fields.String(required=True)
    name = fields.String(required=True)
    way = fields.String(required=True, allow_none=True, metadata={"description": "votes or chair; null: no form."})
    channel = fields.String(required=True, allow_none=True, metadata={"description": "online or paper."})
    received_on = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, allow_none=True, metadata={
        "description": "counted, or set_aside (the member took part another way)."})


class RoomBallotsRecordedSchema(Schema):
    proposal_id = fields.String(required=True)
    recorded = fields.Integer(required=True, metadata={"description": "Ballots recorded."})


class ConsentEntrySchema(Schema):
    entry = fields.String(required=True, metadata={"description": "given or withdrawn."})
    channel = fields.String(required=True, metadata={"description": "online or paper."})
    on = fields.String(required=True, metadata={"description": DAY})


class ConsentStateSchema(Schema):
    member_id = fields.String(required=True)
    email = fields.Boolean(required=True, metadata={"description": "Agreed to be convened by e-mail (R225-63)."})
    history = fields.List(fields.Nested(ConsentEntrySchema), required=True, metadata={"description": "Oldest first."})


class PostalAddressRecordSchema(Schema):
    member_id = fields.String(required=True)
    address = fields.String(required=True, metadata={"description": "Lines separated by \\n; '' when none is "
                                                                     "known."})
