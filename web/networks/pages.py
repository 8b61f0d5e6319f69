"""Regional networks of poles (issue 24): the administrator declares them and appoints coordinators; a coordinator
sees, for each pole that joined, only what the pole agreed to share.

Who reads a network: the platform's administrators (every network) and the network's coordinators (theirs only);
anyone else gets 403. Being a coordinator is no role in a pole: the pole's own pages stay closed to a coordinator
who holds no role in it (`web.edge.require_pole_role`), as does the API. `Networks.coordinated_by` answers who
coordinates what (web/networks/store.py); the current user's networks are asked of it on each request that needs
them, `web.accounts.store.User` knowing nothing of networks.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from typing import Any

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from governance import clock
from governance.convocation import paris_day
from governance.referentiel import ACHIEVEMENT, IMPORTANCE
from web.edge import queries
from web.labels import MEMBER_KIND_LABELS
from web.networks.labels import SHARE_LABELS, share_help
from web.networks.shared import MIN_GROUP, latest_campaign, radar_series, shared_view
from web.networks.store import network_key, networks
from web.referentiel.charts import radar_svg

bp = Blueprint("networks", __name__, template_folder="templates")

SCALE_LABELS = {IMPORTANCE: _l("Importance"), ACHIEVEMENT: _l("Achievement")}


def coordinated() -> list[str]:
    """The networks the signed-in person coordinates."""
    if not current_user.is_authenticated:
        return []
    return networks().coordinated_by(current_user.id)


@bp.app_context_processor
def network_menu() -> dict[str, Any]:
    """Whether the signed-in person coordinates a network (the menu then shows « Réseaux »), and what templates need
    to name a network and its shares (a proposal's effect)."""
    coordinator = bool(current_user and current_user.is_authenticated and not current_user.is_admin
                       and coordinated())
    return {"network_coordinator": coordinator, "network_name": network_name, "share_labels": SHARE_LABELS,
            "share_help": share_help}


def network_name(network_id: str) -> str:
    """A network's name (its id when it is no longer declared)."""
    network = networks().get(network_id)
    return network["name"] if network else str(network_id)


def readable_network(network_id: str) -> dict[str, Any]:
    """The network, for an administrator or one of its coordinators: 403 for anyone else, 404 when it does not
    exist (a non-administrator coordinates no such network: 403)."""
    key = network_key(network_id)
    if not current_user.is_admin and (key is None or key not in coordinated()):
        abort(403, description="Only the network's coordinators and the administrators read it.")
    return networks().get(key) or abort(404, description=f"No network {network_id}.")


@bp.get("/networks")
@login_required
def index() -> str:
    if current_user.is_admin:
        listed = networks().all()
    else:
        mine = coordinated() or abort(403, description="You coordinate no network.")
        listed = [n for n in networks().all() if n["id"] in mine]
    for network in listed:
        network["poles"] = len(queries().network_poles(network["id"]))
    return render_template("networks/index.html", networks=listed)


@bp.get("/networks/<network_id>")
@login_required
def network(network_id: str) -> str:
    found = readable_network(network_id)
    poles = _poles(found["id"])
    return render_template("networks/network.html", network=found, poles=poles,
                           coordinators=networks().coordinators(found["id"]), kind_labels=MEMBER_KIND_LABELS,
                           scale_labels=SCALE_LABELS, minimum=MIN_GROUP, radar=_radar)


def _poles(network_id: str) -> list[dict[str, Any]]:
    """The poles in the network, each with what it shares (`view`)."""
    return [{**row, "view": shared_view(row["pole_id"], network_id)} for row in queries().network_poles(network_id)]


def _radar(pole: dict[str, Any]) -> Any:
    """The radar of the pole's latest shared campaign (everyone's means), or None."""
    campaign = latest_campaign(pole["view"])
    series = radar_series(campaign) if campaign else []
    if not series:
        return None
    axes = [(o["id"], o["title"]) for o in campaign["objectives"]]
    return radar_svg(axes, [{"label": str(SCALE_LABELS[s["scale"]]), "values": s["values"], "style": s["style"]}
                            for s in series],
                     _("%(pole)s: %(campaign)s", pole=pole["pole_name"], campaign=campaign["title"]),
                     _("Mean importance and achievement of each principal objective, for all %(count)d respondents, "
                       "as shares of their scales.", count=campaign["respondents"]))


def _cell(value: Any) -> str:
    """Free text, neutralised so that a spreadsheet never runs it as a formula (as the other exports)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


@bp.get("/networks/<network_id>/export.csv")
@login_required
def export_csv(network_id: str) -> Response:
    """One row per pole and figure it shares (a campaign's figures: one row per objective and group)."""
    found = readable_network(network_id)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Pole"), _("Territory"), _("In the network since"), _("Figure"), _("Detail"), _("Value"),
                     _("Campaign"), _("Campaign closed on"), _("Principal objective"), _("Group"), _("Respondents"),
                     _("Importance median"), _("Importance mean"), _("Achievement median"), _("Achievement mean")])
    for pole in _poles(found["id"]):
        view = pole["view"]
        head = [_cell(pole["pole_name"]), _cell(pole["territory"]), view["since"].isoformat() if view["since"] else ""]
        blank = [""] * 9
        if not view["shares"]:
            writer.writerow(head + [_("nothing shared"), "", ""] + blank)
        if "members" in view:
            for kind, count in view["members"].items():
                writer.writerow(head + [str(SHARE_LABELS["members"]), _cell(MEMBER_KIND_LABELS.get(kind, kind)),
                                        count] + blank)
        if "decisions" in view:
            writer.writerow(head + [str(SHARE_LABELS["decisions"]), "", view["decisions"]] + blank)
        if "last_assembly_on" in view:
            last = view["last_assembly_on"]
            writer.writerow(head + [str(SHARE_LABELS["assemblies"]), "", last.isoformat() if last else ""] + blank)
        for campaign in view.get("referentiel", []):
            groups = [(_("All respondents"), campaign["everyone"])] + [(c["name"] or _("Outside the colleges"), c)
                                                                      for c in campaign["colleges"]]
            for objective in campaign["objectives"]:
                for name, group in groups:
                    figures = group["objectives"].get(objective["id"], {})
                    imp, ach = figures.get(IMPORTANCE, {}), figures.get(ACHIEVEMENT, {})
                    writer.writerow(head + [
                        str(SHARE_LABELS["referentiel"]), "", "", _cell(campaign["title"]),
                        campaign["closes_on"].isoformat(), _cell(f"{objective['id']}. {objective['title']}"),
                        _cell(name), group["respondents"],
                        _decimal(imp.get("median")), _decimal(imp.get("mean")),
                        _decimal(ach.get("median")), _decimal(ach.get("mean"))])
    slug = unicodedata.normalize("NFKD", found["name"]).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "reseau"
    filename = f"reseau-{slug}-{paris_day(clock.now()).isoformat()}.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
