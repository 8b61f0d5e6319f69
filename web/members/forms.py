"""Forms about members and colleges: the statutes' colleges and rules (founding a pole, amending its statutes)
and the secretary's decisions on members."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from governance.pole import MEMBER_KINDS
from governance.statutes import (CHANNELS, CONVOCATIONS, LEGAL_CONSENT_DAYS, LEGAL_PAPER_FORM_DAYS,
                                 MAX_AMENDMENT_SPONSORS, MAX_CONSENT_DAYS, MAX_NOTICE_DAYS, MAX_PAYMENT_YEARS,
                                 MAX_REFUND_DELAY_YEARS, Statutes)
from web.labels import BODY_OPTIONS, MEMBER_KIND_LABELS, options

COLLEGE_ROWS = 10  # a SCIC has at most 10 colleges (each ≥ 10 %)


class CollegeRow(Form):
    """One college of a statutes form (founding or amendment); a fully blank row is ignored."""

    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    share = StringField(_l("Share"), validators=[Optional(), Length(max=40)])

    def is_blank(self) -> bool:
        return not any((f.data or "").strip() for f in (self.code, self.name, self.share))


def notice_field(label: Any) -> IntegerField:
    """The convocation notice of one convocation, in days (Code de commerce R225-69: at least 15 on first
    convocation, 10 on a later one; the statutes may lengthen it). Empty: the law's default. A shorter period is
    refused by the domain (`check_statutes`), with the article named."""
    return IntegerField(label, validators=[Optional(), NumberRange(
        min=1, max=MAX_NOTICE_DAYS, message=_l("Give a number between %(min)s and %(max)s."))])


NOTICE_FIRST_LABEL = _l("Notice of convocation (days): first convocation")
NOTICE_SECOND_LABEL = _l("Notice of convocation (days): later convocation")

# -- the convocation settings of the statutes (issue 20) -------------------------------------------
# R225-63, R225-67/68: post always; e-mail too for the members who consented, unless the statutes keep to post.
CHANNEL_OPTIONS = {"post": _l("By post only"),
                   "post email": _l("By post, and by e-mail to the members who agreed to it (art. R225-63)")}
CHANNEL_WORDS = {"post": _l("by post only"),
                 "post email": _l("by post, or by e-mail to the members who agreed to it")}
# L225-107 I (every member of an SA may vote by correspondence); loi 1947 art. 10 for other cooperatives.
CORRESPONDENCE_OPTIONS = {"yes": _l("Allowed"), "no": _l("Not allowed (impossible in a société anonyme, art. "
                                                          "L225-107 I)")}
CORRESPONDENCE_WORDS = {True: _l("allowed (art. L225-107 I)"), False: _l("not allowed")}
REMOTE_WORDS = {True: _l("counted as present for the quorum and the majority (art. L225-107 II)"),
                False: _l("not counted as present: the statutes do not provide for it (art. L225-107 II)")}


# -- members' amendments (issue 23; governance/statutes.py `amendment_sponsors`) -----------------------------
class DeliberationSettings:
    """How many members table an amendment together (its sponsors), a statutes field of the founding form and the
    amendment editor (through `ConvocationSettings`, which both forms carry; the template is
    statutes/_deliberation_settings.html, included by statutes/_convocation_settings.html). No text sets it for an
    amendment in session: in an SA any shareholder may table one (doctrine, docs/deliberation-law.md §2), hence 1
    by default; the statutes keep the field only when it differs from 1 (`Statutes.to_dict`)."""

    amendment_sponsors = IntegerField(_l("Number of members to table an amendment"), default=1, validators=[
        Optional(), NumberRange(min=1, max=MAX_AMENDMENT_SPONSORS, message=_l(
            "Give a number between %(min)s and %(max)s."))])


class ConvocationSettings(DeliberationSettings):
    """The statutes' convocation settings as form fields, for the founding form (admin) and the amendment editor.
    Empty number fields take the law's values; values the law forbids (fewer than 35 days of consent, more than 3
    days for paper forms…) are refused by the domain (`check_statutes`), with the article named. The sponsors an
    amendment needs (`DeliberationSettings`) come with them: both are how an assembly deliberates."""

    convocation_channels = RadioField(_l("How members are convened"), choices=options(CHANNEL_OPTIONS),
                                      default="post email")
    consent_days = IntegerField(_l("Consent to e-mail convocation: days before the assembly (art. R225-63)"),
                                validators=[Optional(), NumberRange(min=1, max=MAX_CONSENT_DAYS, message=_l(
                                    "Give a number between %(min)s and %(max)s."))])
    correspondence_voting = RadioField(_l("Voting by correspondence"), choices=options(CORRESPONDENCE_OPTIONS),
                                       default="yes")
    paper_form_days = IntegerField(_l("Paper correspondence forms: received at the latest (days before the "
                                      "assembly, art. R225-77)"),
                                   validators=[Optional(), NumberRange(min=0, max=MAX_CONSENT_DAYS, message=_l(
                                       "Give a number between %(min)s and %(max)s."))])
    remote_counts_as_present = BooleanField(_l("Members taking part by video-conference or telecommunication count "
                                               "as present for the quorum and the majority (art. L225-107 II)"))
    online_forms = BooleanField(_l("The statutes provide for taking part by electronic means: members may fill in "
                                   "their correspondence form online (art. R225-77 and R225-61)"), default=True)


CONVOCATION_FIELDS = ("convocation_channels", "consent_days", "correspondence_voting", "paper_form_days",
                      "remote_counts_as_present", "online_forms")


def convocation_settings_data(statutes: dict[str, Any]) -> dict[str, Any]:
    """The convocation fields' values for statutes given as plain data (the amendment editor prefills them): the
    law's values where the statutes say nothing; statutes recorded before `remote_counts_as_present` existed
    counted remote members as present, and are shown so."""
    channels = statutes.get("convocation_channels") or list(CHANNELS)
    remote = statutes.get("remote_counts_as_present")
    return {"convocation_channels": "post email" if "email" in channels else "post",
            "consent_days": statutes.get("consent_days", LEGAL_CONSENT_DAYS),
            "correspondence_voting": "no" if statutes.get("correspondence_voting") is False else "yes",
            "paper_form_days": statutes.get("paper_form_days", LEGAL_PAPER_FORM_DAYS),
            "remote_counts_as_present": remote is None or bool(remote),
            "online_forms": statutes.get("online_forms") is not False,
            "amendment_sponsors": statutes.get("amendment_sponsors", 1)}


def convocation_settings(statutes: Statutes) -> list[tuple[str, str]]:
    """The statutes' convocation settings in words (the statutes page, the amendment comparison)."""
    return [
        (_("Convocation of the members"),
         str(CHANNEL_WORDS["post email" if "email" in statutes.convocation_channels else "post"])),
        (_("Consent to e-mail convocation"),
         _("at least %(days)s days before the assembly (art. R225-63)", days=statutes.consent_days)),
        (_("Voting by correspondence"), str(CORRESPONDENCE_WORDS[bool(statutes.correspondence_voting)])),
        (_("Paper correspondence forms"),
         _("received at the latest %(days)s days before the assembly (art. R225-77)", days=statutes.paper_form_days)
         if statutes.paper_form_days else _("received up to the day of the assembly (art. R225-77)")),
        (_("Members taking part remotely"), str(REMOTE_WORDS[statutes.remote_counted])),
        (_("Correspondence forms online"),
         _("yes (art. R225-77)") if statutes.online_forms else _("no: signed paper forms only (art. R225-77)")),
        (_("Members' amendments"),
         _("tabled by any member alone") if statutes.amendment_sponsors == 1 else
         _("tabled by at least %(count)s members together", count=statutes.amendment_sponsors)),
    ]


# -- the board the statutes set up (issue 21) ----------------------------------------------------------------
BOARD_SETTING_OPTIONS = {"collegia": _l("The board is kept in Collegia, with the settings below"),
                         "none": _l("No board in Collegia")}
BOARD_METHOD_OPTIONS = {"resolution_per_candidate": _l("One resolution per candidate: for, against or abstain"),
                        "plurality": _l("Plurality: mark at most as many candidates as seats"),
                        "majority_judgment": _l("Majority judgment: grade every candidate")}


class BoardSettings:
    """The statutes' board as form fields (the amendment editor). `board_setting` missing from a posted form leaves
    the statutes' board as it is; figures the law forbids are refused by the domain (`check_board`), with the
    article named."""

    board_setting = RadioField(_l("Board"), choices=options(BOARD_SETTING_OPTIONS), default=None,
                               validate_choice=False)
    board_name = StringField(_l("Name of the board"), validators=[Optional(), Length(max=120)])
    board_seats = IntegerField(_l("Seats"), validators=[Optional(), NumberRange(min=1, max=100, message=_l(
        "Give a number between %(min)s and %(max)s."))])
    board_reserved = StringField(_l("Seats reserved per college (code=number, separated by commas)"),
                                 validators=[Optional(), Length(max=500)])
    board_term_years = IntegerField(_l("Term of a mandate (years)"), validators=[Optional(), NumberRange(
        min=1, max=99, message=_l("Give a number between %(min)s and %(max)s."))])
    board_renewal_groups = IntegerField(_l("Renewed in how many groups (1: all seats at once)"),
                                        validators=[Optional(), NumberRange(min=1, max=99, message=_l(
                                            "Give a number between %(min)s and %(max)s."))])
    board_officers = StringField(_l("Officer roles, the chair first (separated by commas)"),
                                 validators=[Optional(), Length(max=500)])
    board_quorum = StringField(_l("Board quorum (members present over members in office, e.g. 1/2)"),
                               validators=[Optional(), Length(max=20)])
    board_majority = StringField(_l("Board majority (more than this share of members present or represented)"),
                                 validators=[Optional(), Length(max=20)])
    board_casting_vote = BooleanField(_l("The chair's vote decides a tie (Code de commerce, art. L225-37)"))
    board_method = SelectField(_l("Election method"), choices=options(BOARD_METHOD_OPTIONS),
                               default="resolution_per_candidate", validate_choice=False)  # the domain checks it
    board_secret = BooleanField(_l("Elections by secret ballot"))


def board_settings_data(statutes: dict[str, Any]) -> dict[str, Any]:
    """The board fields' values for statutes given as plain data (the amendment editor prefills them)."""
    board = statutes.get("board")
    if not board:
        return {"board_setting": "none", "board_casting_vote": True, "board_secret": True}
    majority = board.get("majority") or {}
    return {"board_setting": "collegia", "board_name": board.get("name", ""), "board_seats": board.get("seats"),
            "board_reserved": ", ".join(f"{code}={n}" for code, n in (board.get("reserved") or {}).items()),
            "board_term_years": board.get("term_years"), "board_renewal_groups": board.get("renewal_groups", 1),
            "board_officers": ", ".join(board.get("officers") or []), "board_quorum": board.get("quorum", "1/2"),
            "board_majority": majority.get("fraction", "1/2") if isinstance(majority, dict) else str(majority),
            "board_casting_vote": board.get("casting_vote", True) is not False,
            "board_method": board.get("election_method", "resolution_per_candidate"),
            "board_secret": board.get("election_secret", True) is not False}


def board_rules(form: Any, current: dict[str, Any] | None = None) -> dict[str, Any]:
    """The statutes' `board` from the form: {} when the form has no board fields (or says nothing), None for no
    board in Collegia; the settings the form does not show (grades…) are carried over from `current`."""
    setting = getattr(getattr(form, "board_setting", None), "data", None)
    if setting not in BOARD_SETTING_OPTIONS:
        return {}
    if setting == "none":
        return {"board": None}
    reserved: dict[str, Any] = {}
    for part in (form.board_reserved.data or "").replace(";", ",").split(","):
        code, _sep, number = part.partition("=")
        if code.strip():
            reserved[code.strip()] = number.strip() or "0"
    board = {**((current or {}).get("board") or {}),
             "name": (form.board_name.data or "").strip() or "conseil d'administration",
             "seats": form.board_seats.data or 3, "reserved": reserved,
             "officers": [o.strip() for o in (form.board_officers.data or "").split(",") if o.strip()] or None,
             "casting_vote": bool(form.board_casting_vote.data), "election_method": form.board_method.data,
             "election_secret": bool(form.board_secret.data)}
    for key, field in (("term_years", form.board_term_years), ("renewal_groups", form.board_renewal_groups),
                       ("quorum", form.board_quorum)):
        if field.data not in (None, ""):
            board[key] = field.data
    if (form.board_majority.data or "").strip():
        board["majority"] = {"fraction": form.board_majority.data.strip(), "strict": True}
    return {"board": board}


# -- the capital clauses of the statutes (issue 22; governance/statutes.py `Capital`) -------------------------
CAPITAL_SETTING_OPTIONS = {"collegia": _l("The capital register is kept in Collegia, with the clauses below"),
                           "none": _l("No capital register in Collegia")}


class CapitalSettings:
    """The statutes' capital clauses as form fields (the founding form and the amendment editor). `capital_setting`
    missing from a posted form leaves the statutes' capital as it is; figures the law forbids are refused by the
    domain (`check_capital`, `check_legal_form_rules`), with the article named."""

    capital_setting = RadioField(_l("Capital register"), choices=options(CAPITAL_SETTING_OPTIONS), default=None,
                                 validators=[Optional()])
    capital_share_value = StringField(_l("Nominal value of a share (€)"), validators=[Optional(), Length(max=20)])
    capital_minimum_shares = StringField(_l("Minimum shares per category (code=number, separated by commas; 1 "
                                            "otherwise)"), validators=[Optional(), Length(max=500)])
    capital_floor = StringField(_l("Capital floor (€): withdrawals never take the capital below it"),
                                validators=[Optional(), Length(max=20)])
    capital_stated = StringField(_l("Capital stated in the statutes (€)"), validators=[Optional(), Length(max=20)])
    capital_approval_by = SelectField(_l("Subscriptions and transfers are approved by"),
                                      choices=options(BODY_OPTIONS), default="board")
    capital_transfers_allowed = BooleanField(_l("Shares may be transferred between associates"), default=True)
    capital_refund_delay_years = IntegerField(_l("Refund delay after a withdrawal (years)"), validators=[
        Optional(), NumberRange(min=0, max=MAX_REFUND_DELAY_YEARS, message=_l(
            "Give a number between %(min)s and %(max)s."))])
    capital_losses_reduce_refund = BooleanField(_l("Losses reduce the refund (loi n° 47-1775, art. 18)"),
                                                default=True)
    capital_public_categories = StringField(_l("Categories counted as public bodies (codes, separated by commas)"),
                                            validators=[Optional(), Length(max=500)])
    capital_public_cap = StringField(_l("Public bodies' cap (share of the capital, e.g. 1/2)"),
                                     validators=[Optional(), Length(max=20)])
    capital_paid_at_subscription = StringField(_l("Share of a subscription paid at once (e.g. 1/4)"),
                                               validators=[Optional(), Length(max=20)])
    capital_payment_years = IntegerField(_l("The rest paid within (years)"), validators=[
        Optional(), NumberRange(min=0, max=MAX_PAYMENT_YEARS, message=_l(
            "Give a number between %(min)s and %(max)s."))])
    capital_admission_on_subscription = BooleanField(_l("An admission takes effect when the minimum subscription is "
                                                        "recorded"), default=True)


def capital_settings_data(statutes: dict[str, Any]) -> dict[str, Any]:
    """The capital fields' values for statutes given as plain data (the amendment editor prefills them)."""
    capital = statutes.get("capital")
    if not capital:
        return {"capital_setting": "none", "capital_transfers_allowed": True, "capital_losses_reduce_refund": True,
                "capital_admission_on_subscription": True}
    return {"capital_setting": "collegia", "capital_share_value": capital.get("share_value", ""),
            "capital_minimum_shares": ", ".join(f"{code}={n}" for code, n in
                                                (capital.get("minimum_shares") or {}).items()),
            "capital_floor": capital.get("floor", ""), "capital_stated": capital.get("stated", ""),
            "capital_approval_by": capital.get("approval_by", "board"),
            "capital_transfers_allowed": capital.get("transfers_allowed", True) is not False,
            "capital_refund_delay_years": capital.get("refund_delay_years"),
            "capital_losses_reduce_refund": capital.get("losses_reduce_refund", True) is not False,
            "capital_public_categories": ", ".join(capital.get("public_categories") or []),
            "capital_public_cap": capital.get("public_cap", ""),
            "capital_paid_at_subscription": capital.get("paid_at_subscription", ""),
            "capital_payment_years": capital.get("payment_years"),
            "capital_admission_on_subscription": capital.get("admission_on_subscription", True) is not False}


def capital_rules(form: Any, current: dict[str, Any] | None = None) -> dict[str, Any]:
    """The statutes' `capital` from the form: {} when the form has no capital fields (or says nothing), None for no
    register in Collegia; an empty field keeps the statutes' value (or the default)."""
    setting = getattr(getattr(form, "capital_setting", None), "data", None)
    if setting not in CAPITAL_SETTING_OPTIONS:
        return {}
    if setting == "none":
        return {"capital": None}
    minimum: dict[str, Any] = {}
    for part in (form.capital_minimum_shares.data or "").replace(";", ",").split(","):
        code, _sep, number = part.partition("=")
        if code.strip():
            minimum[code.strip()] = number.strip() or "1"
    capital = {**((current or {}).get("capital") or {}), "minimum_shares": minimum,
               "approval_by": form.capital_approval_by.data,
               "transfers_allowed": bool(form.capital_transfers_allowed.data),
               "losses_reduce_refund": bool(form.capital_losses_reduce_refund.data),
               "admission_on_subscription": bool(form.capital_admission_on_subscription.data),
               "public_categories": [c.strip() for c in (form.capital_public_categories.data or "").split(",")
                                     if c.strip()]}
    for key, field in (("share_value", form.capital_share_value), ("floor", form.capital_floor),
                       ("stated", form.capital_stated), ("refund_delay_years", form.capital_refund_delay_years),
                       ("public_cap", form.capital_public_cap),
                       ("paid_at_subscription", form.capital_paid_at_subscription),
                       ("payment_years", form.capital_payment_years)):
        value = field.data.strip() if isinstance(field.data, str) else field.data
        if value not in (None, ""):
            capital[key] = value
    return {"capital": capital}


def statutes_rules(form: Any) -> dict[str, Any]:
    """The statutes' rules a form shows (colleges, the empty-college rule, proxies, deciding bodies), as the
    plain data the domain checks: one reading for the founding form (admin) and the amendment editor."""
    rule = form.empty_college_rule.data
    if rule == "merge_into":
        rule = f"merge_into:{(form.merge_into.data or '').strip()}"
    return {
        "colleges": [{"code": (r.form.code.data or "").strip(), "name": (r.form.name.data or "").strip(),
                      "share": (r.form.share.data or "").strip() or None}
                     for r in form.colleges if not r.form.is_blank()],
        "empty_college_rule": rule,
        "max_proxies_per_holder": form.max_proxies.data,
        "proxy_same_college": form.proxy_same_college.data,
        "participation_change_allowed": form.participation_change_allowed.data,
        "admission_by": form.admission_by.data,
        "exclusion_by": form.exclusion_by.data,
        # A form without the notice fields leaves the statutes' notice as it is.
        **({"notice_days": {conv: getattr(form, f"notice_{conv}").data for conv in CONVOCATIONS}}
           if all(hasattr(form, f"notice_{conv}") for conv in CONVOCATIONS) else {}),
        # Likewise the convocation settings (R225-63, R225-77, L225-107); empty numbers: the law's values.
        **({"convocation_channels": (form.convocation_channels.data or "post email").split(),
            "consent_days": form.consent_days.data,
            "correspondence_voting": form.correspondence_voting.data != "no",
            "paper_form_days": form.paper_form_days.data,
            "remote_counts_as_present": bool(form.remote_counts_as_present.data),
            "online_forms": bool(form.online_forms.data)}
           if all(hasattr(form, name) for name in CONVOCATION_FIELDS) else {}),
        # The sponsors an amendment needs (issue 23); empty: 1. Written even when 1, so that the amendment editor can
        # bring statutes requiring several back to one (its dict is merged over the statutes in force); the domain
        # keeps the field only when it differs from 1 (`Statutes.to_dict`), so statutes that never set it are
        # stored byte-identical.
        **({"amendment_sponsors": form.amendment_sponsors.data or 1} if hasattr(form, "amendment_sponsors") else {}),
    }

class RequestForm(FlaskForm):
    name = StringField(_l("Name of the applicant"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind of member"), choices=options([(k, MEMBER_KIND_LABELS[k]) for k in MEMBER_KINDS]))
    category = SelectField(_l("Category of associate"), choices=[], validators=[DataRequired()])  # the statutes' list
    representative = StringField(_l("Representative (a named person, for a legal entity)"),
                                 validators=[Optional(), Length(max=200)])


class AdmitForm(FlaskForm):
    decision = StringField(_l("Decision"), validators=[DataRequired(), Length(max=500)])


class RefuseForm(FlaskForm):
    decision = StringField(_l("Decision"), validators=[DataRequired(), Length(max=500)])
    reasons = TextAreaField(_l("Reasons for the refusal"), validators=[DataRequired(), Length(max=5000)])


class AssignForm(FlaskForm):
    college = SelectField(_l("College"), choices=[])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), Length(max=1000)])


class ExcludeForm(FlaskForm):
    reasons = TextAreaField(_l("Reasons for the exclusion"), validators=[DataRequired(), Length(max=5000)])
    decision = StringField(_l("Decision"), validators=[DataRequired(), Length(max=500)])


MEMBER_ACTIONS: dict[str, type[FlaskForm]] = {"admit": AdmitForm, "refuse": RefuseForm, "assign": AssignForm,
                                              "withdraw": WithdrawForm, "exclude": ExcludeForm}
