"""The domain's codes in words, for every blueprint: one dictionary per concept, or per use where it has two.

`*_OPTIONS` are capitalised and stand alone (a form option, a badge, a heading cell); `*_WORDS` are lower
case, to sit inside a sentence or after a colon (the audit register also lists them as they are). A concept
said only one way has `*_LABELS`. Values are lazy msgids, translated when shown.
"""

from __future__ import annotations

from typing import Any, Iterable

import re

from flask_babel import gettext as _, get_locale, lazy_gettext as _l, lazy_pgettext, pgettext
from wtforms import SelectChoice

from governance.proposal import FELL_WITH_RESOLUTION, LAPSED_DECISION, LAPSED_PASSAGE
from governance.statutes import Statutes

# -- statutes ---------------------------------------------------------------------------
MODEL_LABELS = {"scic": _l("SCIC: weighted colleges within the legal bounds"),
                "weighted": _l("Weighted colleges (free shares)"),
                "one_member_one_vote": _l("One member, one vote")}
RULE_OPTIONS = {  # what the secretary chooses for a silent college when amending the statutes
    "proportional": _l("Proportional: its share goes to the colleges that voted, in proportion to their shares"),
    "equal": _l("Equal: its share is split equally between the colleges that voted"),
    "not_for": _l("Not in favour: its share counts as not in favour"),
    "merge_into": _l("Merge: its share goes to the college named below")}
RULE_WORDS = {"proportional": _l("redistributed over the colleges that voted, in proportion to their shares"),
              "equal": _l("redistributed equally over the colleges that voted"),
              "not_for": _l("counted as not in favour"),
              "none": _l("not needed: every college voted"),
              "one_member_one_vote": _l("not applicable: one member, one vote")}
RULE_SHORT_WORDS = {"proportional": _l("proportional"), "equal": _l("equal shares"), "not_for": _l("not in favour"),
                    "none": _l("no empty college"), "one_member_one_vote": _l("one member, one vote")}
BODY_OPTIONS = {"board": _l("The board"), "assembly": _l("The assembly (by a vote)")}
BODY_WORDS = {"board": _l("the board"), "assembly": _l("the general assembly")}
# Code de commerce R225-85 III: the statutes may let a member who gave its proxy or voted by correspondence take
# part another way after all (`Statutes.participation_change_allowed`).
PARTICIPATION_CHANGE_LABEL = _l("A member who gave its proxy or voted by correspondence may still take part another "
                                "way (art. R225-85 III)")
PARTICIPATION_CHANGE_HEADING = _l("Taking part another way after a proxy or a vote by correspondence")
PARTICIPATION_CHANGE_WORDS = {True: _l("allowed by the statutes (art. R225-85 III)"),
                              False: _l("not allowed (art. R225-85 III)")}

# -- proposals --------------------------------------------------------------------------
KIND_OPTIONS = {"ordinary": _l("Ordinary resolution"), "extraordinary": _l("Extraordinary resolution")}
KIND_WORDS = {"ordinary": _l("ordinary"), "extraordinary": _l("extraordinary")}
CONVOCATION_OPTIONS = {"first": _l("First convocation"), "second": _l("Second convocation")}
CONVOCATION_WORDS = {"first": _l("first convocation"), "second": _l("second convocation")}
EFFECT_OPTIONS = {"none": _l("None: a decision without automatic effect"), "admit_member": _l("Admit a member"),
                  "exclude_member": _l("Exclude a member"), "amend_statutes": _l("Amend the statutes"),
                  "revise_strategy": _l("Revise the shared strategy"),
                  "join_network": _l("Join a regional network, or change what the pole shares with it"),
                  "leave_network": _l("Leave a regional network")}
EFFECT_WORDS = {"admit_member": _l("admit a member"), "exclude_member": _l("exclude a member"),
                "amend_statutes": _l("amend the statutes"), "revise_strategy": _l("revise the shared strategy"),
                "join_network": _l("join a regional network"), "leave_network": _l("leave a regional network")}
STATUS_OPTIONS = {"draft": _l("Draft"), "open": _l("Voting open"), "closed": _l("Closed"),
                  "withdrawn": _l("Withdrawn")}
STATUS_WORDS = {"draft": _l("draft"), "open": _l("open"), "closed": _l("closed"), "withdrawn": _l("withdrawn")}
OUTCOME_OPTIONS = {"adopted": _l("Adopted"), "rejected": _l("Rejected"), "no_quorum": _l("No quorum"),
                   "elected": _l("Election held")}
OUTCOME_WORDS = {"adopted": _l("adopted"), "rejected": _l("rejected"), "no_quorum": _l("no quorum"),
                 "elected": _l("election held")}
ASSEMBLY_KIND_OPTIONS = {"ordinary": _l("Ordinary general assembly (AGO)"),
                         "extraordinary": _l("Extraordinary general assembly (AGE)"),
                         "mixed": _l("Mixed general assembly (AGO and AGE)")}
ASSEMBLY_MODE_OPTIONS = {"in_person": _l("In person"), "remote": _l("Remotely (video conference)"),
                         "hybrid": _l("In person and remotely")}
ASSEMBLY_STATUS_OPTIONS = {"convened": _l("Convened"), "in_session": _l("In session"), "closed": _l("Closed")}
ATTENDANCE_OPTIONS = {"present": _l("Present"), "remote": _l("Remotely"),
                      "correspondence": _l("By correspondence"), "represented": _l("Represented"),
                      "absent": _l("Absent")}
RESOLUTION_STATE_OPTIONS = {"pending": _l("Not yet put to the vote"), "voting": _l("Being voted"),
                            "voted": lazy_pgettext("resolution state", "Voted"), "withdrawn": _l("Withdrawn")}
CAPACITY_OPTIONS = {"chair": _l("Chair of the session"), "secretary": _l("Secretary of the session"),
                    "scrutineer": _l("Scrutineer")}
CHOICE_OPTIONS = {"for": _l("For"), "against": _l("Against"), "abstain": _l("Abstain")}
CHOICE_WORDS = {"for": _l("for"), "against": _l("against"), "abstain": _l("abstention")}
EVENT_LABELS = {
    "ProposalDrafted": _l("Proposal drafted"), "ProposalAmended": _l("Proposal amended"),
    "VotingOpened": _l("Voting opened"), "BallotCast": _l("Ballot cast"),
    "SecretBallotCast": _l("Secret ballot cast"), "ProxyGranted": _l("Proxy granted"),
    "ProxyRevoked": _l("Proxy revoked"), "VotingClosed": _l("Voting closed"),
    "ProposalWithdrawn": _l("Proposal withdrawn"), "StatutesAmended": _l("Statutes amended"),
    "StrategyRevised": _l("Shared strategy revised"), "MemberAdmitted": _l("Member admitted"),
    "MemberExcluded": _l("Member excluded"), "MembershipRefused": _l("Membership refused"),
    # Issue 23: the debate, in a decision's timeline.
    "PublishedForDiscussion": _l("Published for discussion"), "DiscussionOpened": _l("Discussion opened"),
    "CommentPosted": _l("Comment posted"), "CommentEdited": _l("Comment edited"),
    "CommentWithdrawn": _l("Comment withdrawn by its author"), "CommentHidden": _l("Comment hidden by the secretary"),
    "AmendmentTabled": _l("Amendment tabled"), "AmendmentReceived": _l("Amendment tabled on the resolution"),
    "AmendmentSupported": _l("Amendment supported"), "AmendmentAdmitted": _l("Amendment admitted"),
    "AmendmentRejected": _l("Amendment rejected"), "AmendmentLapsed": _l("Amendment lapsed"),
    "AmendmentRebased": _l("Amendment fitted to the amended text"),
    "AmendmentIncorporated": _l("Adopted amendment incorporated in the text"),
    "DebateSummarised": _l("Summary of the debate written"),
}

# -- members and accounts ---------------------------------------------------------------
MEMBER_KIND_LABELS = {
    "ess_enterprise": _l("Social-economy enterprise"),
    "company": _l("Company"), "local_authority": _l("Local authority"), "research": _l("Research centre"),
    "higher_education": _l("Higher-education body"), "training": _l("Training body"),
    "person": _l("Natural person"), "other": _l("Other")}
MEMBER_STATUS_OPTIONS = {"requested": _l("Request pending"), "admitted": _l("Member"),
                         "refused": _l("Request refused"), "withdrawn": _l("Withdrew"), "excluded": _l("Excluded")}
MEMBER_STATUS_WORDS = {"requested": _l("membership requested"), "admitted": _l("admitted"),
                       "refused": _l("refused"), "withdrawn": _l("left the pole"), "excluded": _l("excluded")}
CATEGORY_LABELS = {"employee": _l("employee"), "producer": _l("producer"), "beneficiary": _l("beneficiary"),
                   "public_body": _l("public body"), "supporter": _l("supporter"), "partner": _l("partner")}
# A category the statutes list but this dictionary does not know is shown as its code.
CATEGORY_OPTIONS = {"employee": _l("Employee"), "producer": _l("Producer"), "beneficiary": _l("Beneficiary"),
                    "public_body": _l("Public body"), "supporter": _l("Supporter"), "partner": _l("Partner")}
ROLE_LABELS = {"secretary": _l("Board secretary"), "member": _l("Member representative")}
# What an API token may do (issue 26, web/api/tokens.py SCOPES)
SCOPE_LABELS = {"read": _l("read"), "vote": _l("vote for the members represented"),
                "secretary": _l("act as board secretary"), "admin": _l("administer the platform")}
# -- elections and the board (issue 21) ---------------------------------------------------------
METHOD_OPTIONS = {"resolution_per_candidate": _l("One resolution per candidate: for, against or abstain"),
                  "plurality": _l("Plurality: mark at most as many candidates as seats"),
                  "majority_judgment": _l("Majority judgment: grade every candidate")}
BODY_LABELS = {"board": _l("Decision of the board"), "assembly": _l("Decision of the members")}
MANDATE_BY_OPTIONS = {"election": _l("Elected"), "cooptation": _l("Co-opted")}
END_REASON_OPTIONS = {"term": _l("End of term"), "resignation": _l("Resignation"), "removal": _l("Removal"),
                      "membership_lost": _l("Loss of membership"), "death": _l("Death")}
RPC_OPTIONS = {"f": _l("For"), "a": _l("Against"), "x": _l("Abstain")}
# -- deliberation (issue 23) ----------------------------------------------------------------
# An amendment's course, as the resolution's page lists it (an amendment is masculine in French: « adopté »).
AMENDMENT_COURSE_OPTIONS = {
    "tabled": _l("Tabled"), "admitted": _l("Admissible (admitted)"), "rejected": _l("Inadmissible (rejected)"),
    "lapsed": _l("Lapsed"), "withdrawn": _l("Amendment withdrawn"), "voting": _l("Being voted"),
    "adopted": _l("Amendment adopted"), "rejected_in_vote": _l("Rejected in the vote"), "no_quorum": _l("No quorum"),
}
# The reasons the domain writes itself (governance/proposal.py): an amendment lapsed (`rebase_amendment`) or fell with
# its resolution's withdrawal. Lower case, after « caduc : » in the minutes and beside the course on the proposal's
# page; any other reason is the secretary's own, shown as written (`AMENDMENT_REASONS.get(reason, reason)`).
AMENDMENT_REASONS = {
    LAPSED_PASSAGE: _l("the passage it changes was changed by an amendment adopted before"),
    LAPSED_DECISION: _l("the decision it changes was changed by an amendment adopted before"),
    FELL_WITH_RESOLUTION: _l("the resolution it amends was withdrawn"),
}


def amendment_course(row: dict[str, Any]) -> str:
    """Where an amendment (its rm_proposals row) stands: tabled, admitted, rejected or lapsed (the secretary's
    decision), then withdrawn, being voted, adopted, rejected in the vote."""
    state = (row.get("amendment") or {}).get("status", "tabled")
    if state in ("rejected", "lapsed"):
        return state
    if row["status"] == "withdrawn":
        return "withdrawn"
    if row["status"] == "open":
        return "voting"
    if row["status"] == "closed":
        return {"adopted": "adopted", "no_quorum": "no_quorum"}.get(row.get("outcome") or "", "rejected_in_vote")
    return state


def seat_label(seat: str | None, colleges: dict[str, str] | None = None) -> str:
    """A seat in words: 'open' → 'open seat', 'reserved:salaries' → 'seat reserved to Salariés'."""
    if not seat:
        return "—"
    kind, _sep, code = seat.partition(":")
    if kind == "reserved":
        return _("seat reserved to %(college)s", college=(colleges or {}).get(code, code))
    return _("open seat")


def options(labels: dict[str, Any] | Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """Select or radio options from a labels dictionary or (value, label) pairs."""
    pairs = labels.items() if isinstance(labels, dict) else labels
    return [SelectChoice(value, label) for value, label in pairs]


def category_options(codes: Iterable[str]) -> list[SelectChoice]:
    """Options for a member's category, from the statutes' list of codes."""
    return [SelectChoice(code, CATEGORY_OPTIONS.get(code, code)) for code in codes]


def rule_label(rule: str | None, colleges: Statutes | dict[str, str] | None = None, short: bool = False) -> str:
    """An empty-college rule in words ('merge_into:usagers' → 'merged into college Usagers')."""
    if not rule:
        return "—"
    core, fell_back = rule.split(" (")[0], " (" in rule
    base, _sep, target = core.partition(":")
    if base == "merge_into":
        names = {c.code: c.name for c in colleges.colleges} if isinstance(colleges, Statutes) else colleges or {}
        words = _("merged into college %(college)s", college=names.get(target, target)) if not short else \
            _("merged into %(college)s", college=names.get(target, target))
    else:
        words = str((RULE_SHORT_WORDS if short else RULE_WORDS).get(base, rule))
    return words + (_(" (target college empty: proportional instead)") if fell_back else "")


# -- the codes a domain refusal carries ({status}, {field}), in the user's language ----------------
def refusal_words() -> dict[str, dict[str, str]]:
    """Per placeholder family, the domain's English word → its translation (the English word itself in
    English: each is its own msgid, with a context telling which status or field it is)."""
    return {
        "proposal": {"draft": pgettext("proposal status", "draft"), "open": pgettext("proposal status", "open"),
                     "closed": pgettext("proposal status", "closed"),
                     "withdrawn": pgettext("proposal status", "withdrawn")},
        "assembly": {"convened": pgettext("assembly status", "convened"),
                     "in_session": pgettext("assembly status", "in_session"),
                     "closed": pgettext("assembly status", "closed")},
        "member": {"requested": pgettext("member status", "requested"),
                   "admitted": pgettext("member status", "admitted"),
                   "refused": pgettext("member status", "refused"),
                   "withdrawn": pgettext("member status", "withdrawn"),
                   "excluded": pgettext("member status", "excluded")},
        "field": {"name": pgettext("field", "name"), "territory": pgettext("field", "territory"),
                  "legal form": pgettext("field", "legal form"),
                  "shared strategy": pgettext("field", "shared strategy"),
                  "member name": pgettext("field", "member name"),
                  "representative": pgettext("field", "representative"),
                  "category": pgettext("field", "category"), "decision": pgettext("field", "decision"),
                  "reasons": pgettext("field", "reasons"), "reason": pgettext("field", "reason"),
                  "title": pgettext("field", "title"), "proposal text": pgettext("field", "proposal text"),
                  "exclusion reasons": pgettext("field", "exclusion reasons"),
                  "strategy text": pgettext("field", "strategy text"),
                  "signatory": pgettext("field", "signatory"), "correction": pgettext("field", "correction"),
                  "place": pgettext("field", "place"), "actor": pgettext("field", "actor"),
                  # The capital register (issue 22).
                  "the amount paid": pgettext("field", "the amount paid"),
                  "the amount refunded": pgettext("field", "the amount refunded"),
                  "the share's nominal value": pgettext("field", "the share's nominal value"),
                  "the capital floor": pgettext("field", "the capital floor"),
                  "the capital stated in the statutes": pgettext("field", "the capital stated in the statutes"),
                  "early refund decision": pgettext("field", "early refund decision"),
                  "note": pgettext("field", "note"),
                  # The référentiel and its campaigns (issue 24).
                  "description": pgettext("field", "description"), "source": pgettext("field", "source"),
                  "objective": pgettext("field", "objective"),
                  "indicator wording": pgettext("field", "indicator wording"),
                  "justification": pgettext("field", "justification"), "college": pgettext("field", "college"),
                  "respondent": pgettext("field", "respondent"), "identifier": pgettext("field", "identifier"),
                  "scale label": pgettext("field", "scale label")},
        # A référentiel's scales and parts, in an assessment refusal (issue 24).
        "assessment": {"importance": pgettext("assessment", "importance"),
                       "achievement": pgettext("assessment", "achievement"),
                       "general objectives": pgettext("assessment", "general objectives"),
                       "principal objectives": pgettext("assessment", "principal objectives"),
                       "indicators": pgettext("assessment", "indicators")},
        # The movement a capital refusal names, and where its cap comes from (issue 22).
        # A comment's or an amendment's state, or a proposal's, in a deliberation refusal (issue 23).
        "deliberation": {"posted": pgettext("deliberation status", "posted"),
                         "withdrawn": pgettext("deliberation status", "withdrawn"),
                         "hidden": pgettext("deliberation status", "hidden"),
                         "tabled": pgettext("deliberation status", "tabled"),
                         "admitted": pgettext("deliberation status", "admitted"),
                         "rejected": pgettext("deliberation status", "rejected"),
                         "lapsed": pgettext("deliberation status", "lapsed"),
                         "draft": pgettext("deliberation status", "draft"),
                         "open": pgettext("deliberation status", "open"),
                         "closed": pgettext("deliberation status", "closed")},
        "movement": {"subscription": pgettext("movement", "subscription"),
                     "transfer": pgettext("movement", "transfer"), "refund": pgettext("movement", "refund"),
                     "cancellation": pgettext("movement", "cancellation"),
                     " (the statutes)": pgettext("movement", " (the statutes)"),
                     "board": pgettext("movement", "board"), "assembly": pgettext("movement", "assembly")},
    }


def refusal_params(params: dict[str, Any], *, rule: str | None = None) -> dict[str, Any]:
    """A refusal's params with its status and field codes in words: a status belongs to an assembly (the
    assembly rule's refusals), to a member (refusals naming one) or else to a proposal."""
    params = {k: _local_percent(v) for k, v in params.items()}
    if rule == "membership" and "category" in params:
        params["category"] = str(CATEGORY_LABELS.get(params["category"], params["category"]))
        if "choices" in params:
            params["choices"] = ", ".join(str(CATEGORY_LABELS.get(c, c)) for c in str(params["choices"]).split(", "))
    if rule == "capital":
        words = refusal_words()["movement"]
        params = {**params, **{key: str(words.get(str(params[key]), params[key])) for key in ("what", "law", "body")
                               if key in params}}
        if "category" in params:
            params["category"] = str(CATEGORY_LABELS.get(params["category"], params["category"]))
    if rule == "assessment":
        words = refusal_words()["assessment"]
        for key in ("scale", "what"):
            if key in params:  # "importance", or an indicator's scale: "a1 importance"
                head, _, tail = str(params[key]).rpartition(" ")
                if str(params[key]) in words:
                    params[key] = str(words[str(params[key])])
                elif head and tail in words:
                    params[key] = f"{head} {words[tail]}"
    if "status" not in params and "field" not in params:
        return params
    words = refusal_words()
    family = "assembly" if rule == "assembly" else "deliberation" if rule == "deliberation" \
        else "member" if "name" in params else "proposal"
    localised = dict(params)
    for key, table in (("status", words[family]), ("field", words["field"])):
        if key in localised:
            localised[key] = table.get(str(localised[key]), localised[key])
    return localised


_PERCENT = re.compile(r"(\d+)\.(\d+)( ?%)")


def _local_percent(value: Any) -> Any:
    """A share the domain wrote in its refusal ('60.00 %') with the user's decimal sign ('60,00 %')."""
    if not isinstance(value, str) or str(get_locale()) != "fr":
        return value
    return _PERCENT.sub(lambda m: f"{m.group(1)},{m.group(2)}\u202f%", value)
