"""The secretary's forms: drafting a proposal (with its statutes amendment), opening a vote, deciding on members."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, FieldList, Form, FormField, IntegerField, RadioField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from governance.base import MAX_PROXY_CAP
from governance.pole import MEMBER_KINDS
from web.dates import ParisDateTimeField
from web.labels import (BODY_OPTIONS, CONVOCATION_OPTIONS, EFFECT_OPTIONS, KIND_OPTIONS, MEMBER_KIND_LABELS,
                        PARTICIPATION_CHANGE_LABEL, RULE_OPTIONS, options)

COLLEGE_ROWS = 10  # a SCIC has at most 10 colleges (each ≥ 10 %)


class CollegeRow(Form):
    """One college of a statutes form (founding or amendment); a fully blank row is ignored."""

    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    share = StringField(_l("Share"), validators=[Optional(), Length(max=40)])

    def is_blank(self) -> bool:
        return not any((f.data or "").strip() for f in (self.code, self.name, self.share))



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
    }

class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    text = TextAreaField(_l("Text of the resolution"), validators=[DataRequired(), Length(max=100_000)])
    kind = RadioField(_l("Kind of resolution"), choices=options(KIND_OPTIONS), default="ordinary")
    secret = BooleanField(_l("Secret ballot: record who voted, never how"))
    effect_type = RadioField(_l("What happens once it is adopted"), choices=options(EFFECT_OPTIONS),
                             default="none")
    admit_member = SelectField(_l("Member to admit"), choices=[], validate_choice=False)
    exclude_member = SelectField(_l("Member to exclude"), choices=[], validate_choice=False)
    exclusion_reasons = TextAreaField(_l("Reasons for the exclusion"), validators=[Length(max=5000)])
    strategy_text = TextAreaField(_l("New text of the shared strategy"), validators=[Length(max=100_000)])
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

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then what the chosen effect needs."""
        valid = super().validate(extra_validators)
        required: dict[str, list[tuple[Any, str]]] = {
            "admit_member": [(self.admit_member, _("Choose the member to admit."))],
            "exclude_member": [(self.exclude_member, _("Choose the member to exclude.")),
                               (self.exclusion_reasons, _("State the reasons for the exclusion."))],
            "revise_strategy": [(self.strategy_text, _("Write the new text of the shared strategy."))],
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


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token."""


class RequestForm(FlaskForm):
    name = StringField(_l("Name of the applicant"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind of member"), choices=options([(k, MEMBER_KIND_LABELS[k]) for k in MEMBER_KINDS]))
    category = StringField(_l("Category of associate"), validators=[DataRequired(), Length(max=60)],
                           render_kw={"list": "categories"})
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


class ExcludeForm(FlaskForm):
    reasons = TextAreaField(_l("Reasons for the exclusion"), validators=[DataRequired(), Length(max=5000)])
    decision = StringField(_l("Decision"), validators=[DataRequired(), Length(max=500)])


MEMBER_ACTIONS: dict[str, type[FlaskForm]] = {"admit": AdmitForm, "refuse": RefuseForm, "assign": AssignForm,
                                              "withdraw": ReasonForm, "exclude": ExcludeForm}
