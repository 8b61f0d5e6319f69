"""The référentiel's forms (issue 24): opening a campaign, answering it, adopting a version of the référentiel,
drafting a strategy revision from a result. The answer form and the version form are built from the référentiel
they are about (one field per indicator), as a FlaskForm class made for it: CSRF, validation, the person's input
kept on a refusal, like every other form.

On the wire, an answer's ratings are one character each whatever was chosen (`WIRE`: '0' for no rating, then
'1'…'9' and 'A' for 10, as the sealed answers are written: governance/assessment.py `encode_answers`), and every
scale has its « no rating » option checked by default, so that a request's size says nothing of the ratings given
(docs/web-conventions.md, secret ballots on the wire)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (DateField, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField,
                     TextAreaField, ValidationError)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from governance.assessment import MAX_JUSTIFICATION
from governance.base import MAX_NAME
from governance.referentiel import ACHIEVEMENT, IMPORTANCE, MAX_SCALE, MAX_WORDING, Referentiel, Scale
from web.dates import plausible

WIRE = "0123456789A"  # WIRE[v]: the value v on the wire; 0 = no rating
NO_RATING = "0"
MEMBERS, PEOPLE = "members", "people"
MODE_OPTIONS = {MEMBERS: _l("Every member organisation admitted when the campaign opens, each in its college"),
                PEOPLE: _l("Named people, chosen below")}
SHARED_OPTIONS = {"no": _l("No: the secretary sees who answered and the results, never what each one answered"),
                  "yes": _l("Yes: the secretary also sees each respondent's answers")}


def plausible_day(form: FlaskForm, field: DateField) -> None:
    if field.data is not None and not plausible(field.data):
        raise ValidationError(_("Give a date between %(first)s and %(last)s.", first=2000, last=2100))


class OpenCampaignForm(FlaskForm):
    title = StringField(_l("Title of the campaign"), validators=[
        InputRequired(_l("Give the campaign a title.")), Length(max=MAX_NAME)])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired(_l("Give the opening day.")), plausible_day])
    closes_on = DateField(_l("Closes on (answers are taken until the end of this day)"), validators=[
        InputRequired(_l("Give the closing day.")), plausible_day])
    version = SelectField(_l("Version of the référentiel"), coerce=int)
    mode = RadioField(_l("Who answers"), choices=[SelectChoice(k, v) for k, v in MODE_OPTIONS.items()],
                      default=MEMBERS)
    people = SelectMultipleField(_l("The people who answer"), widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput(), validate_choice=True)
    shared = RadioField(_l("Does the secretary see what each respondent answered?"),
                        choices=[SelectChoice(k, v) for k, v in SHARED_OPTIONS.items()], default="no")


class RevisionForm(FlaskForm):
    """A proposal to revise the shared strategy, drafted from one principal objective's results."""

    title = StringField(_l("Title of the proposal"), validators=[
        InputRequired(_l("Give the proposal a title.")), Length(max=MAX_NAME)])
    text = TextAreaField(_l("Text of the revised strategy"), validators=[
        InputRequired(_l("Write the revised strategy.")), Length(max=20_000)])


def wire(value: int | None) -> str:
    return NO_RATING if value is None else WIRE[value]


def from_wire(text: str | None) -> int | None:
    return None if not text or text == NO_RATING else WIRE.index(text)


def scale_choices(scale: Scale) -> list[SelectChoice]:
    """A scale's radio options: « no rating » first, then each point with its label ('4 — plutôt important')."""
    return [SelectChoice(NO_RATING, _("No rating"))] + [
        SelectChoice(WIRE[v], f"{v} — {label}" if label else str(v)) for v, label in enumerate(scale.labels, 1)]


def field_name(scale: str, indicator: str) -> str:
    return f"{scale}-{indicator}"


def answer_form(framework: Referentiel, saved: dict[str, Any] | None = None, **kwargs: Any) -> FlaskForm:
    """The answer form of a campaign's référentiel, prefilled with the respondent's saved answers."""
    class AnswerForm(FlaskForm):
        pass

    saved = saved or {}
    for indicator in framework.indicators:
        given = saved.get(indicator.id) or {}
        for scale in (IMPORTANCE, ACHIEVEMENT):
            setattr(AnswerForm, field_name(scale, indicator.id), RadioField(
                _l("Importance") if scale == IMPORTANCE else _l("Achievement"),
                choices=scale_choices(framework.scale(scale)), default=wire(given.get(scale))))
        setattr(AnswerForm, field_name("justification", indicator.id), TextAreaField(
            _l("Justification (optional)"), default=given.get("justification") or "",
            validators=[Optional(), Length(max=MAX_JUSTIFICATION)]))
    return AnswerForm(**kwargs)


def posted_answers(form: FlaskForm, framework: Referentiel) -> dict[str, dict[str, Any]]:
    """The answers a valid answer form carries, in the domain's format (indicators left blank are left out)."""
    answers: dict[str, dict[str, Any]] = {}
    for indicator in framework.indicators:
        entry = {scale: from_wire(form[field_name(scale, indicator.id)].data) for scale in (IMPORTANCE, ACHIEVEMENT)}
        entry["justification"] = (form[field_name("justification", indicator.id)].data or "").strip()
        if entry[IMPORTANCE] is not None or entry[ACHIEVEMENT] is not None or entry["justification"]:
            answers[indicator.id] = entry
    return answers


def version_form(framework: Referentiel, **kwargs: Any) -> FlaskForm:
    """The form of a new version, from `framework` (the latest): its title, each indicator's wording, one new
    indicator per principal objective (left blank: none), the achievement scale (points and a label per point)."""
    class VersionForm(FlaskForm):
        title = StringField(_l("Title of the version"), default=framework.title,
                            validators=[InputRequired(_l("Give the version a title.")), Length(max=MAX_NAME)])
        points = SelectField(_l("Number of points of the achievement scale"), coerce=int,
                             choices=[SelectChoice(n, str(n)) for n in range(2, MAX_SCALE + 1)],
                             default=framework.achievement.points)

    for indicator in framework.indicators:
        setattr(VersionForm, f"wording-{indicator.id}", TextAreaField(
            indicator.id, default=indicator.wording,
            validators=[InputRequired(_l("An indicator needs its wording.")), Length(max=MAX_WORDING)]))
    for objective in framework.objectives:
        setattr(VersionForm, f"new-{objective.id}", TextAreaField(
            _l("New indicator for objective %(objective)s (optional)", objective=objective.id),
            validators=[Optional(), Length(max=MAX_WORDING)]))
    labels = list(framework.achievement.labels)
    for n in range(1, MAX_SCALE + 1):
        setattr(VersionForm, f"label-{n}", StringField(
            _l("Label of point %(point)s", point=n), default=labels[n - 1] if n <= len(labels) else "",
            validators=[Optional(), Length(max=60)]))
    return VersionForm(**kwargs)


def posted_version(form: FlaskForm, framework: Referentiel) -> dict[str, Any]:
    """The référentiel a valid version form describes, as `Referentiel.from_dict` reads it: wording changed (a changed
    wording is the pole's own: its source is dropped), one new indicator per objective numbered after the last one."""
    data = framework.to_dict()
    data["title"] = (form.title.data or "").strip()
    taken = set(framework.indicator_ids())
    for general in data["generals"]:
        for objective in general["objectives"]:
            for indicator in objective["indicators"]:
                wording = (form[f"wording-{indicator['id']}"].data or "").strip()
                if wording != indicator["wording"]:
                    indicator["wording"], indicator["source"] = wording, ""
            new = (form[f"new-{objective['id']}"].data or "").strip()
            if new:
                number = len(objective["indicators"]) + 1
                while f"{objective['id']}{number}" in taken:
                    number += 1
                ident = f"{objective['id']}{number}"
                taken.add(ident)
                objective["indicators"].append({"id": ident, "wording": new, "source": ""})
    points = form.points.data
    data["achievement"] = {"points": points,
                           "labels": [(form[f"label-{n}"].data or "").strip() for n in range(1, points + 1)]}
    return data
