"""Forms about members and colleges: the statutes' colleges and rules (founding a pole, amending its statutes)
and the secretary's decisions on members."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from governance.pole import MEMBER_KINDS
from governance.statutes import CONVOCATIONS, MAX_NOTICE_DAYS
from web.labels import MEMBER_KIND_LABELS, options

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
