"""The words of the regional networks (issue 24): what each share means, the two effects a proposal may have on a
pole's networks. Shared by the draft form (web/votes/forms.py), the proposal's pages and the network's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from web.networks.shared import MIN_GROUP

# The draft form's effects (beside web/labels.py's EFFECT_OPTIONS, which a pole's network effects extend).
NETWORK_EFFECT_OPTIONS = {"join_network": _l("Join a regional network, or change what the pole shares with it"),
                          "leave_network": _l("Leave a regional network")}
NETWORK_EFFECT_WORDS = {"join_network": _l("join a regional network"),
                        "leave_network": _l("leave a regional network")}
# What each share means (governance.effects.NETWORK_SHARES), in the draft form and on the network's pages.
SHARE_LABELS = {"referentiel": _l("Self-assessment results"), "members": _l("Member counts per kind"),
                "decisions": _l("Number of decisions"), "assemblies": _l("Date of the last general assembly")}
SHARE_HELP = {
    "referentiel": _l("For each closed self-assessment campaign: per principal objective, the median and mean "
                      "importance and achievement, for all respondents and per college, with the number of "
                      "respondents. Never anyone's answers nor the justifications; a group of fewer than "
                      "%(minimum)s respondents is not shown."),
    "members": _l("How many admitted members of each kind (enterprises, local authorities, people…): never who."),
    "decisions": _l("How many proposals the pole has decided: never their text nor anyone's vote."),
    "assemblies": _l("The date of the pole's latest general assembly held."),
}


def share_help(share: str) -> str:
    """What a share gives the network's coordinators, in the user's language."""
    text = SHARE_HELP.get(share)
    return "" if text is None else str(text) % {"minimum": MIN_GROUP}
