"""The secretary's forms for proposals: drafting one (with its statutes amendment), opening, closing, withdrawing."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, FieldList, FormField, IntegerField, RadioField, SelectField, SelectMultipleField,
                     StringField, TextAreaField, widgets)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from governance.base import MAX_PROXY_CAP
from web.dates import ParisDateTimeField
from web.labels import (BODY_OPTIONS, CONVOCATION_OPTIONS, EFFECT_OPTIONS, KIND_OPTIONS, PARTICIPATION_CHANGE_LABEL,
                        RULE_OPTIONS, options)
from web.networks.labels import NETWORK_EFFECT_OPTIONS, SHARE_LABELS
from web.members.forms import (COLLEGE_ROWS, NOTICE_FIRST_LABEL, NOTICE_SECOND_LABEL, BoardSettings, CapitalSettings,
                               CollegeRow,
                               ConvocationSettings, notice_field)

# The effects a secretary may choose: web/labels.py's, and a pole's regional networks (issue 24).
EFFECT_CHOICES = {**EFFECT_OPTIONS, **{k: EFFECT_OPTIONS.get(k, v) for k, v in NETWORK_EFFECT_OPTIONS.items()}}


class CheckboxesField(SelectMultipleField):
    """Several choices, one checkbox each."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ProposalForm(BoardSettings, CapitalSettings, ConvocationSettings, FlaskForm):
    """A proposal and its effect; a statutes amendment carries the statutes' rules, the convocation settings
    (R225-63, R225-77, L225-107) among them."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    text = TextAreaField(_l("Text of the resolution"), validators=[DataRequired(), Length(max=100_000)])
    kind = RadioField(_l("Kind of resolution"), choices=options(KIND_OPTIONS), default="ordinary")
    secret = BooleanField(_l("Secret ballot: record who voted, never how"))
    effect_type = RadioField(_l("What happens once it is adopted"), choices=options(EFFECT_CHOICES),
                             default="none")
    admit_member = SelectField(_l("Member to admit"), choices=[], validate_choice=False)
    exclude_member = SelectField(_l("Member to exclude"), choices=[], validate_choice=False)
    exclusion_reasons = TextAreaField(_l("Reasons for the exclusion"), validators=[Length(max=5000)])
    strategy_text = TextAreaField(_l("New text of the shared strategy"), validators=[Length(max=100_000)])
    join_network = SelectField(_l("Network to join"), choices=[], validate_choice=False)
    network_shares = CheckboxesField(_l("What the pole shares with the network"), choices=options(SHARE_LABELS))
    leave_network = SelectField(_l("Network to leave"), choices=[], validate_choice=False)
    colleges = FieldList(FormField(CollegeRow), min_entries=COLLEGE_ROWS)
    empty_college_rule = SelectField(_l("When a college casts no vote"), choices=options(RULE_OPTIONS))
    merge_into = StringField(_l("College receiving the share (its code), for the merge rule"),
                             validators=[Optional(), Length(max=40)])
    max_proxies = IntegerField(_l("Proxies one member may hold"), validators=[Optional(), NumberRange(
        min=0, max=MAX_PROXY_CAP, message=_l("Give a number between %(min)s and %(max)s."))])
    proxy_same_college = BooleanField(_l("A proxy holder must be in the principal's college"))
    participation_change_allowed = BooleanField(PARTICIPATION_CHANGE_LABEL)
    admission_by = SelectField(_l("Who admits new members"), choices=options(BODY_OPTIONS))
    exclusion_by = SelectField(_l("Who excludes members"), choices=options(BODY_OPTIONS))
    notice_first = notice_field(NOTICE_FIRST_LABEL)  # Code de commerce R225-69
    notice_second = notice_field(NOTICE_SECOND_LABEL)

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then what the chosen effect needs."""
        valid = super().validate(extra_validators)
        required: dict[str, list[tuple[Any, str]]] = {
            "admit_member": [(self.admit_member, _("Choose the member to admit."))],
            "exclude_member": [(self.exclude_member, _("Choose the member to exclude.")),
                               (self.exclusion_reasons, _("State the reasons for the exclusion."))],
            "revise_strategy": [(self.strategy_text, _("Write the new text of the shared strategy."))],
            "join_network": [(self.join_network, _("Choose the network to join."))],
            "leave_network": [(self.leave_network, _("Choose the network to leave."))],
        }
        for f, message in required.get(self.effect_type.data, []):
            offered = {c.value for c in f.choices} if isinstance(f, SelectField) else None
            if not (f.data or "").strip() or (offered is not None and f.data not in offered):
                f.errors.append(message)
                valid = False
        if self.effect_type.data == "amend_statutes":
            valid &= self._validate_colleges()
        return valid

    def _validate_colleges(self) -> bool:
        valid = True
        rows = [row.form for row in self.colleges]
        for row in rows:
            if not row.is_blank() and not all((f.data or "").strip() for f in (row.code, row.name)):
                row.code.errors.append(_("Give this college a code and a name, or clear the whole row."))
                valid = False
        if not valid:
            self.colleges.errors.append(_("Complete or clear the highlighted college rows."))
        if all(row.is_blank() for row in rows):
            self.colleges.errors.append(_("The statutes need at least one college."))
            valid = False
        if self.empty_college_rule.data == "merge_into" and not (self.merge_into.data or "").strip():
            self.merge_into.errors.append(_("Name the college that receives the share of a silent college."))
            valid = False
        return valid


class OpenVotingForm(FlaskForm):
    closes_at = ParisDateTimeField(_l("Voting closes on (Paris time)"), validators=[DataRequired()])
    convocation = RadioField(_l("Convocation"), choices=options(CONVOCATION_OPTIONS), default="first")


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(), Length(max=1000)])
