"""Platform administration: found poles, create accounts (the person is mailed a link to choose their password),
grant and revoke roles in poles, disable accounts; declare regional networks and appoint their coordinators
(issue 24: web/networks/)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import (BooleanField, EmailField, FieldList, FormField, HiddenField, IntegerField,
                     RadioField, SelectChoice, SelectField, StringField, TextAreaField)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from governance.base import MAX_PROXY_CAP, MAX_TEXT
from governance.errors import DomainError, InvalidInput
from web.accounts.recovery import INVITATION_HOURS, send_invitation
from web.forms import ConfirmForm
from notifications.planner import MailPlanner
from web.edge import accounts, actor, app, attempt, domain_message, queries, system
from web.labels import BODY_WORDS, MODEL_LABELS, PARTICIPATION_CHANGE_LABEL, ROLE_LABELS, RULE_WORDS, options
from web.networks.store import MAX_DESCRIPTION, networks
from web.members.forms import (NOTICE_FIRST_LABEL, NOTICE_SECOND_LABEL, BoardSettings, CapitalSettings, CollegeRow, ConvocationSettings,
                               board_rules, capital_rules, notice_field, statutes_rules)

bp = Blueprint("admin", __name__, template_folder="templates")
COLLEGE_SLOTS = 8


class PoleForm(BoardSettings, CapitalSettings, ConvocationSettings, FlaskForm):
    """The pole's identity and founding statutes; the convocation settings (R225-63, R225-77, L225-107) come with
    `ConvocationSettings`, empty numbers taking the law's values; the board (issue 21) with `BoardSettings`, none
    unless the founder sets one up."""

    name = StringField(_l("Name of the pole"), validators=[DataRequired(), Length(max=200)])
    territory = StringField(_l("Territory"), validators=[DataRequired(), Length(max=200)])
    legal_form = StringField(_l("Legal form"), validators=[DataRequired(), Length(max=200)])
    model = RadioField(_l("Governance model"), choices=options(MODEL_LABELS), default="scic")
    colleges = FieldList(FormField(CollegeRow), min_entries=COLLEGE_SLOTS, max_entries=COLLEGE_SLOTS)
    empty_college_rule = SelectField(_l("Share of an empty or silent college"), choices=options(
        [*((k, RULE_WORDS[k]) for k in ("proportional", "equal", "not_for")),
         ("merge_into", _l("merged into the college named below"))]))
    merge_into = StringField(_l("College receiving that share (its code)"), validators=[Optional(), Length(max=40)])
    max_proxies = IntegerField(_l("Proxies one member may hold"), default=1,
                               validators=[Optional(), NumberRange(min=0, max=MAX_PROXY_CAP)])
    proxy_same_college = BooleanField(_l("The proxy holder must be in the principal's college"))
    participation_change_allowed = BooleanField(PARTICIPATION_CHANGE_LABEL)
    notice_first = notice_field(NOTICE_FIRST_LABEL)  # Code de commerce R225-69; empty: the law's 15 days
    notice_second = notice_field(NOTICE_SECOND_LABEL)  # empty: the law's 10 days
    admission_by = SelectField(_l("Admissions are decided by"), choices=options(BODY_WORDS), default="board")
    exclusion_by = SelectField(_l("Exclusions are decided by"), choices=options(BODY_WORDS),
                               default="assembly")
    strategy = TextAreaField(_l("Initial shared strategy"), validators=[Optional(), Length(max=MAX_TEXT)])
    # A new board's defaults: the chair decides a tie (L225-37), elections are secret.
    board_casting_vote = BooleanField(BoardSettings.board_casting_vote.args[0], default=True)
    board_secret = BooleanField(BoardSettings.board_secret.args[0], default=True)

    def statutes(self) -> dict[str, Any]:
        """The founding statutes as plain data; the domain checks every rule."""
        board = board_rules(self).get("board")
        capital = capital_rules(self).get("capital")
        return {"model": self.model.data, **statutes_rules(self), **({"board": board} if board else {}),
                **({"capital": capital} if capital else {})}


class UserForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=200)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    is_admin = BooleanField(_l("Platform administrator"))


class GrantForm(FlaskForm):
    pole_id = SelectField(_l("Pole"), validators=[DataRequired()])
    role = RadioField(_l("Role"), choices=options(ROLE_LABELS), default="secretary")
    member_id = SelectField(_l("Member represented (member representatives only)"), validate_choice=False)


class RevokeForm(FlaskForm):
    pole_id = HiddenField(validators=[DataRequired()])
    role = HiddenField(validators=[DataRequired()])


class ActiveForm(FlaskForm):
    active = HiddenField(validators=[DataRequired(), AnyOf(["0", "1"])])


class NetworkForm(FlaskForm):
    name = StringField(_l("Name of the network"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=MAX_DESCRIPTION)])


class CoordinatorForm(FlaskForm):
    email = EmailField(_l("E-mail address of the person's account"), validators=[DataRequired(), Length(max=200)])


class DismissForm(FlaskForm):
    user_id = HiddenField(validators=[DataRequired()])


def require_admin() -> None:
    if not current_user.is_admin:
        abort(403)


@bp.get("/admin")
@login_required
def index() -> str:
    require_admin()
    poles = queries().poles()
    for pole in poles:
        pole["members"] = len(queries().members(pole["id"], status="admitted"))
    users = [accounts().get(u["id"]) for u in accounts().list_users()]
    return render_template("admin/index.html", poles=poles, users=users,
                           pole_names={p["id"]: p["name"] for p in poles}, networks=networks().all())


@bp.route("/admin/poles/new", methods=["GET", "POST"])
@login_required
def new_pole() -> tuple[str, int] | Response:
    require_admin()
    form, error = PoleForm(), None
    if form.validate_on_submit():
        error = attempt(lambda: app().found_pole(
            name=form.name.data, territory=form.territory.data, legal_form=form.legal_form.data,
            statutes=form.statutes(), strategy=form.strategy.data or "", actor=actor()))[1]
        if error is None:
            flash(_("The pole “%(name)s” is founded. Create its secretary's account next.", name=form.name.data),
                  "success")
            return redirect(url_for("admin.index"))
    code = 422 if error or form.errors else 200
    return render_template("admin/new_pole.html", form=form, error=error), code


@bp.route("/admin/users/new", methods=["GET", "POST"])
@login_required
def new_user() -> tuple[str, int] | Response:
    require_admin()
    form, error = UserForm(), None
    if form.validate_on_submit():
        # no password typed by the admin: the account has none until its owner chooses one from the invitation
        user_id, error = attempt(lambda: accounts().create_invited_user(form.email.data, form.name.data,
                                                                        is_admin=form.is_admin.data))
        if error is None:
            send_invitation(user_id)
            person = accounts().get(user_id)
            flash(_("Invitation sent to %(name)s (%(email)s): a link to choose their password, valid %(hours)d "
                    "hours. Give them a role in a pole below.", name=person.name, email=person.email,
                    hours=INVITATION_HOURS), "success")
            return redirect(url_for("admin.user", user_id=user_id))
    return render_template("admin/new_user.html", form=form, error=error, hours=INVITATION_HOURS), 422 if error or form.errors else 200


@bp.get("/admin/users/<int:user_id>")
@login_required
def user(user_id: int) -> str:
    require_admin()
    form = GrantForm(formdata=None)
    form.pole_id.data = request.args.get("pole") or None  # the pole chosen first: its members are offered
    return _user_page(user_id, form)


@bp.post("/admin/users/<int:user_id>/roles")
@login_required
def grant_role(user_id: int) -> tuple[str, int] | str | Response:
    require_admin()
    person = accounts().get(user_id) or abort(404)
    form = GrantForm()
    _fill_choices(form)
    if not form.validate_on_submit():
        return _user_page(user_id, form), 422
    pole_id, role = form.pole_id.data, form.role.data
    member_id = form.member_id.data if role == "member" else None
    refusal = attempt(lambda: grant_and_welcome(person, pole_id, role, member_id))[1]
    if refusal is not None:
        return _user_page(user_id, form, refusal), 422
    flash(_("Role granted to %(name)s.", name=person.name), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/admin/users/<int:user_id>/roles/revoke")
@login_required
def revoke_role(user_id: int) -> tuple[str, int] | Response:
    require_admin()
    person = accounts().get(user_id) or abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():
        abort(400)
    if not accounts().revoke(user_id, form.pole_id.data, form.role.data):
        return _user_page(user_id, GrantForm(formdata=None),
                          _("%(name)s does not hold that role in that pole: nothing to revoke.", name=person.name),
                          about="roles"), 422
    flash(_("Role revoked for %(name)s.", name=person.name), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/admin/users/<int:user_id>/active")
@login_required
def set_active(user_id: int) -> tuple[str, int] | Response:
    """Disable an account (its sessions end, its API tokens are deleted, it cannot log in) or enable it again."""
    require_admin()
    person = accounts().get(user_id) or abort(404)
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    active = form.active.data == "1"
    try:
        accounts().set_active(user_id, active, by=current_user.id)
    except DomainError as error:
        return _user_page(user_id, GrantForm(formdata=None), domain_message(error), about="status"), 422
    flash(_("The account of %(name)s is enabled.", name=person.name) if active else
          _("The account of %(name)s is disabled: its sessions have ended and its API tokens are deleted.",
            name=person.name), "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.post("/admin/users/<int:user_id>/invitation")
@login_required
def resend_invitation(user_id: int) -> tuple[str, int] | Response:
    """A new invitation (a new link; the links sent before stop working), while the person has not chosen a
    password yet."""
    require_admin()
    person = accounts().get(user_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not person.is_active:
        return _user_page(user_id, GrantForm(formdata=None), _("The account is disabled: enable it first."),
                          about="status"), 409
    if not accounts().renew_invitation(user_id):
        return _user_page(user_id, GrantForm(formdata=None), _(
            "%(name)s has already chosen a password: if it is lost, they can get a new one from “Forgot your "
            "password?” on the login page.", name=person.name), about="status"), 409
    send_invitation(user_id)
    flash(_("New invitation sent to %(name)s (%(email)s), valid %(hours)d hours: the links sent before no longer "
            "work.", name=person.name, email=person.email, hours=INVITATION_HOURS), "success")
    return redirect(url_for("admin.user", user_id=user_id))


def _fill_choices(form: GrantForm) -> None:
    """The poles, and the admitted members of the chosen pole (the first one until one is chosen)."""
    poles = queries().poles()
    form.pole_id.choices = [SelectChoice(p["id"], p["name"]) for p in poles]
    chosen = form.pole_id.data if form.pole_id.data in {p["id"] for p in poles} else poles[0]["id"] if poles else None
    members = queries().members(chosen, status="admitted") if chosen else []
    form.member_id.choices = [SelectChoice("", _("— none (board secretary) —"))] + [
        SelectChoice(m["id"], m["name"]) for m in members]


def grant_and_welcome(person: Any, pole_id: str, role: str, member_id: str | None) -> None:
    """Grant a role (the checks of `_check_grant`); a member's new representative is told by mail, as a member
    admitted with an account already is. The admin page and the API (web/api/accounts.py) both grant this way."""
    _check_grant(person, pole_id, role, member_id)
    accounts().grant(person.id, pole_id, role, member_id)
    if role == "member" and member_id:
        mail = system()
        MailPlanner(mail.app, mail.engine, mail.settings).welcome(person.id, pole_id, member_id)


def _check_grant(person: Any, pole_id: str, role: str, member_id: str | None) -> None:
    if role == "member":
        admitted = {m["id"] for m in queries().members(pole_id, status="admitted")}
        if member_id not in admitted:
            raise InvalidInput("choose the member this person represents, among the admitted members of that pole")
        if member_id in person.members_in(pole_id):
            raise InvalidInput("this person already represents that member")
    elif role in person.roles_in(pole_id):
        raise InvalidInput("this person already has that role in that pole")


def _user_page(user_id: int, form: GrantForm, error: str | None = None, *, about: str = "grant") -> str:
    """The account's page; a refusal (`error`) is shown in the section it is `about`: "status", "roles", "grant"."""
    person = accounts().get(user_id) or abort(404)
    _fill_choices(form)
    poles = {p["id"]: p["name"] for p in queries().poles()}
    roles: dict[tuple[str, str], list[str]] = {}
    for r in person.roles:
        names = roles.setdefault((r.pole_id, r.role), [])
        if r.member_id:
            names.append((queries().member(r.member_id) or {}).get("name", r.member_id))
    coordinated = [n for n in (networks().get(k) for k in networks().coordinated_by(user_id)) if n]
    return render_template("admin/user.html", person=person, form=form, revoke_form=RevokeForm(formdata=None),
                           active_form=ActiveForm(formdata=None), invite_form=ConfirmForm(formdata=None),
                           has_password=accounts().has_password(user_id), errors={about: error}, roles=roles, poles=poles,
                           role_labels=ROLE_LABELS, coordinated=coordinated)


# -- regional networks (issue 24) -------------------------------------------------------------------------------
@bp.get("/admin/networks", endpoint="networks")
@login_required
def networks_page() -> str:
    require_admin()
    return _networks_page(NetworkForm(formdata=None))


def _networks_page(form: NetworkForm, error: str | None = None) -> str:
    listed = networks().all()
    for network in listed:
        network["coordinators"] = networks().coordinators(network["id"])
        network["poles"] = len(queries().network_poles(network["id"]))
    return render_template("admin/networks.html", networks=listed, form=form, error=error)


@bp.post("/admin/networks")
@login_required
def declare_network() -> tuple[str, int] | Response:
    require_admin()
    form = NetworkForm()
    if not form.validate_on_submit():
        return _networks_page(form), 422
    network_id, error = attempt(lambda: networks().declare(form.name.data, form.description.data or ""))
    if error is not None:
        return _networks_page(form, error), 422
    flash(_("The network “%(name)s” is declared. Appoint its coordinators below; poles join it by their own "
            "decision.", name=networks().get(network_id)["name"]), "success")
    return redirect(url_for("admin.network", network_id=network_id))


def _network_or_404(network_id: str) -> dict[str, Any]:
    return networks().get(network_id) or abort(404)


@bp.get("/admin/networks/<network_id>")
@login_required
def network(network_id: str) -> str:
    require_admin()
    return _network_page(_network_or_404(network_id), CoordinatorForm(formdata=None))


def _network_page(found: dict[str, Any], form: CoordinatorForm, error: str | None = None, *,
                  about: str = "appoint") -> str:
    return render_template("admin/network.html", network=found, form=form, errors={about: error},
                           coordinators=networks().coordinators(found["id"]), dismiss_form=DismissForm(formdata=None),
                           poles=queries().network_poles(found["id"]))


@bp.post("/admin/networks/<network_id>/coordinators")
@login_required
def appoint_coordinator(network_id: str) -> tuple[str, int] | Response:
    """Appoint the account with this e-mail address as a coordinator of the network (the account must exist)."""
    require_admin()
    found = _network_or_404(network_id)
    form = CoordinatorForm()
    if not form.validate_on_submit():
        return _network_page(found, form), 422
    person = accounts().find_by_email(form.email.data)
    if person is None:
        return _network_page(found, form, _("No account has the address %(email)s: create the account first, then "
                                            "appoint it.", email=form.email.data.strip().lower())), 422
    error = attempt(lambda: networks().appoint(person["id"], found["id"]))[1]
    if error is not None:
        return _network_page(found, form, error), 422
    flash(_("%(name)s now coordinates the network “%(network)s”.", name=person["name"], network=found["name"]),
          "success")
    return redirect(url_for("admin.network", network_id=found["id"]))


@bp.post("/admin/networks/<network_id>/coordinators/dismiss")
@login_required
def dismiss_coordinator(network_id: str) -> tuple[str, int] | Response:
    require_admin()
    found = _network_or_404(network_id)
    form = DismissForm()
    if not form.validate_on_submit():
        abort(400)
    person = accounts().get(form.user_id.data)
    if person is None or not networks().dismiss(person.id, found["id"]):
        return _network_page(found, CoordinatorForm(formdata=None), _(
            "This person does not coordinate this network: nothing to dismiss."), about="coordinators"), 422
    flash(_("%(name)s no longer coordinates the network “%(network)s”.", name=person.name, network=found["name"]),
          "success")
    return redirect(url_for("admin.network", network_id=found["id"]))
