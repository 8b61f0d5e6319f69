"""The integrity of a pole's register, for its secretary (and platform admins): re-check the hash chain.

Registered in web/app.py (BLUEPRINTS). See docs/register.md.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange, Regexp

from infrastructure.chain_store import keeps_chain
from infrastructure.register_audit import audit_store
from infrastructure.register_chain import (ALTERED, CHAIN_ALTERED, FORGED_SNAPSHOT, REMOVED, REORDERED, REWRITTEN,
                                       TRUNCATED, UNCHAINED, Anchor)
from web.edge import SECRETARY, app, pole_or_404, require_pole_role, translated

logger = logging.getLogger(__name__)
bp = Blueprint("register_chain", __name__, template_folder="templates")
SHOWN_FAILURES = 20

KIND_LABELS = {
    ALTERED: _l("altered"),
    REMOVED: _l("removed"),
    REORDERED: _l("reordered"),
    UNCHAINED: _l("added behind the application's back"),
    CHAIN_ALTERED: _l("chain link altered"),
    REWRITTEN: _l("rewritten since the hash was noted"),
    TRUNCATED: _l("entries removed from the end"),
    FORGED_SNAPSHOT: _l("forged snapshot"),
}


class AnchorForm(FlaskForm):
    """A head hash noted earlier (in the minutes), read from the query string."""

    class Meta:
        csrf = False

    seq = IntegerField(_l("Entry no."), validators=[InputRequired(), NumberRange(min=1, max=2**62)])
    noted = StringField(_l("Hash noted in the minutes"), validators=[
        InputRequired(), Regexp(r"^\s*[0-9a-fA-F]{64}\s*$", message=_l("A hash is 64 characters, digits and a to f."))])


def _require_secretary_or_admin(pole_id: str) -> dict[str, Any]:
    if current_user.is_admin:
        return pole_or_404(pole_id)
    require_pole_role(pole_id, SECRETARY)
    return pole_or_404(pole_id)


@bp.get("/poles/<pole_id>/register/verify")
@login_required
def verify(pole_id: str) -> tuple[str, int] | str:
    pole = _require_secretary_or_admin(pole_id)
    recorder = app().recorder
    form = AnchorForm(formdata=request.args if request.args else None)
    if not keeps_chain(recorder):
        return render_template("register/verify.html", pole=pole, enabled=False, form=form)
    anchors, checked = [], bool(request.args)
    if checked:
        if not form.validate():
            return render_template("register/verify.html", pole=pole, enabled=True, form=form, result=None), 400
        anchors = [Anchor(str(pole["id"]), form.seq.data, form.noted.data.strip().lower())]
    try:
        report = audit_store(app(), pole=pole["id"], anchors=anchors)
    except Exception:  # never a 500: the page says the check could not complete
        logger.exception("the register's check could not complete")
        return render_template("register/verify.html", pole=pole, enabled=True, form=form, result=None,
                               crashed=True)
    result = report.poles[str(pole["id"])]
    failures = [{"kind": KIND_LABELS.get(f.kind, f.kind), "seq": f.seq, "position": f.position,
                 "version": f.originator_version if f.seq is None else None,
                 "message": translated(f)} for f in result.failures[:SHOWN_FAILURES]]
    return render_template("register/verify.html", pole=pole, enabled=True, result=result, failures=failures,
                           more=max(0, len(result.failures) - SHOWN_FAILURES), form=form,
                           anchor=anchors[0] if anchors else None)
