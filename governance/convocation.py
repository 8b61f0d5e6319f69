"""Convening a general assembly: who is convened by e-mail or by post, and the convocation's text.

The law (docs/convocation-law.md holds each text, checked):

- Code de commerce **R225-63**: a company convenes by e-mail only the members who consented; "en l'absence
  d'accord de l'actionnaire, au plus tard trente-cinq jours avant la date de la prochaine assemblée générale,
  la société a recours à un envoi postal"; a member who consented may ask to return to post "trente-cinq jours
  au moins avant la date de l'insertion de l'avis de convocation" (for a company convening by letter: before
  the convocation is sent). The 35 days are the statutes' `consent_days` (never fewer).
- **R225-66**: the convocation states the company's name, its form, its capital, its registered office, the
  mentions of R123-237 1° and 2° (the RCS number and the city of its registry), the day, time and place of the
  meeting, its nature (ordinary, extraordinary) and its agenda; the agenda's items are worded so that their
  content and scope are clear without other documents; it says how members may vote by correspondence and
  where they get the forms and documents.
- **R225-69**: the notice (governance/assembly.py `check_notice`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Sequence

from governance.clock import PARIS
from governance.statutes import Statutes

EMAIL, POST = "email", "post"
# Why a member is convened the way it is (the convocation register says it, in French, web/labels.py).
BY_CONSENT = "consent"  # e-mail: consent given early enough and not withdrawn (R225-63 al. 1 and 2)
NO_CONSENT = "no_consent"  # post: no consent to e-mail (R225-63 al. 2)
CONSENT_TOO_LATE = "consent_too_late"  # post: consent given fewer than `consent_days` before the meeting
WITHDRAWN = "withdrawn"  # post: return to post asked at least `consent_days` before the convocation (al. 3)
LATE_WITHDRAWAL = "late_withdrawal"  # post: return to post asked later; honoured, since post is always lawful
EMAIL_NOT_IN_STATUTES = "email_not_in_statutes"  # post: the statutes keep the convocation to post
NO_ADDRESS = "no_address"  # post: consent given but no e-mail address on file to send to
REASONS = (BY_CONSENT, NO_CONSENT, CONSENT_TOO_LATE, WITHDRAWN, LATE_WITHDRAWAL, EMAIL_NOT_IN_STATUTES, NO_ADDRESS)
GIVEN, WITHDRAWN_ENTRY = "given", "withdrawn"
CONSENT_CHANNELS = ("online", "paper")  # the member online, or the secretary from a signed paper form

# R225-66 and R123-237: the pole's identity a convocation must state. An association has no RCS number and
# no share capital; a company (SA, SAS, SARL, SCIC, SCOP) has both.
IDENTITY_FIELDS = ("acronym", "registered_office", "capital", "rcs_number", "rcs_city", "questions_email")
COMPANY_FIELDS = ("registered_office", "capital", "rcs_number", "rcs_city")
ASSOCIATION_FIELDS = ("registered_office",)


def is_association(legal_form: str) -> bool:
    return "association" in legal_form.lower()


def is_sa(legal_form: str) -> bool:
    """A société anonyme (a SCIC SA among them): "SA" as a word in capitals (not SAS or SARL), "société anonyme"
    in words, or "scic sa" in any case (a lowercase "sa" alone is too often the French possessive)."""
    if re.search(r"\bSAS\b|\bSARL\b|\bSASU\b|simplifi", legal_form, re.IGNORECASE):
        return False
    return bool(re.search(r"\bS\.?A\.?(?![A-Za-z.])", legal_form)
                or re.search(r"soci[ée]t[ée]\s+anonyme|\bscic\s+s\.?a\b", legal_form, re.IGNORECASE))


def required_identity(legal_form: str) -> tuple[str, ...]:
    """The identity fields a convocation cannot be sent without (R225-66; R123-237 1° and 2° for a company)."""
    return ASSOCIATION_FIELDS if is_association(legal_form) else COMPANY_FIELDS


def missing_identity(identity: dict[str, str], legal_form: str) -> list[str]:
    return [name for name in required_identity(legal_form) if not identity.get(name, "").strip()]


def paris_day(moment: datetime) -> date:
    return moment.astimezone(PARIS).date()


@dataclass(frozen=True)
class Route:
    """How one member is convened, and why."""

    channel: str
    reason: str
    consent_on: str | None = None  # the consent (or withdrawal) the rule read, ISO date


def route(history: Sequence[dict[str, Any]], statutes: Statutes, *, sent_at: datetime, held_at: datetime,
          has_address: bool) -> Route:
    """R225-63: e-mail for a member whose consent is dated at least `consent_days` before the meeting, given
    before the convocation is sent, and not withdrawn since; post for every other member.

    `history` is the member's consents and withdrawals in the order recorded (each `{"entry": "given" |
    "withdrawn", "on": ISO date}`), all recorded before the sending. A withdrawal dated at least `consent_days`
    before the sending binds the pole (al. 3); a later one is honoured all the same (a letter is always lawful),
    and the register says it was late."""
    days = statutes.consent_days
    given = next((i for i in range(len(history) - 1, -1, -1) if history[i]["entry"] == GIVEN), None)
    if given is None:
        return Route(POST, NO_CONSENT)
    consent_on = history[given]["on"]
    withdrawals = [entry for entry in history[given + 1:] if entry["entry"] == WITHDRAWN_ENTRY]
    if withdrawals:
        asked = withdrawals[0]["on"]
        binding = date.fromisoformat(asked) <= paris_day(sent_at) - timedelta(days=days)
        return Route(POST, WITHDRAWN if binding else LATE_WITHDRAWAL, asked)
    if EMAIL not in statutes.convocation_channels:
        return Route(POST, EMAIL_NOT_IN_STATUTES, consent_on)
    if date.fromisoformat(consent_on) > paris_day(held_at) - timedelta(days=days):
        return Route(POST, CONSENT_TOO_LATE, consent_on)
    if not has_address:
        return Route(POST, NO_ADDRESS, consent_on)
    return Route(EMAIL, BY_CONSENT, consent_on)


def consent_deadline(statutes: Statutes, held_at: datetime) -> date:
    """The last day a consent may be dated to be used for a meeting on `held_at` (R225-63 al. 2)."""
    return paris_day(held_at) - timedelta(days=statutes.consent_days)


def fingerprint(text: str) -> str:
    """The SHA-256 of the convocation's text (UTF-8), as stored in `ConvocationSent`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


KIND_WORDS = {"ordinary": "ordinaire", "extraordinary": "extraordinaire", "mixed": "mixte (ordinaire et extraordinaire)"}
CONVOCATION_WORDS = {"first": "première convocation", "second": "deuxième convocation"}
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def french_date(day: date) -> str:
    """"mardi 19 janvier 2027"."""
    return f"{DAYS[day.weekday()]} {day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"


def french_time(moment: datetime) -> str:
    local = moment.astimezone(PARIS)
    return f"{local.hour} h {local.minute:02d}"


def convocation_text(*, pole_name: str, legal_form: str, identity: dict[str, str], kind: str, convocation: str,
                     held_at: datetime, place: str, mode: str, resolutions: Sequence[dict[str, Any]],
                     documents: Sequence[dict[str, Any]], statutes: Statutes, assembly_url: str = "") -> str:
    """The convocation's text, in French, from the events (R225-66). `resolutions`: title, text, kind and
    whether the vote is secret, in agenda order; `documents`: name and sha256 of the documents made available.

    Plain text: "# " starts a heading, "- " a list item, a blank line separates paragraphs (the postal letters
    and the e-mail are made from it)."""
    acronym = identity.get("acronym", "").strip()
    lines = [f"# {pole_name}{f' ({acronym})' if acronym else ''}", legal_form]
    if identity.get("capital", "").strip():
        lines.append(f"Capital : {identity['capital'].strip()}")
    if identity.get("registered_office", "").strip():
        lines.append(f"Siège social : {' — '.join(identity['registered_office'].strip().splitlines())}")
    if identity.get("rcs_number", "").strip():
        lines.append(f"{identity['rcs_number'].strip()} RCS {identity.get('rcs_city', '').strip()}".strip())
    day = paris_day(held_at)
    nature = KIND_WORDS.get(kind, kind)
    lines += ["", f"# Avis de convocation à l'assemblée générale {nature}",
              "", f"Les membres sont convoqués, sur {CONVOCATION_WORDS.get(convocation, convocation)}, en assemblée "
              f"générale {nature}, le {french_date(day)} à {french_time(held_at)}, "
              + (f"à distance ({place})." if mode == "remote" and place else "à distance." if mode == "remote"
                 else f"au lieu suivant : {place}" + (" (participation à distance possible)." if mode == "hybrid"
                                                       else "."))]
    lines += ["", "# Ordre du jour", ""]
    for number, resolution in enumerate(resolutions, 1):
        words = KIND_WORDS.get(resolution["kind"], resolution["kind"])
        secret = " — vote à bulletin secret" if resolution.get("secret") else ""
        lines.append(f"- Résolution {number} ({words}{secret}) : {resolution['title']}")
    lines += ["", "# Texte des résolutions"]
    for number, resolution in enumerate(resolutions, 1):
        lines += ["", f"Résolution {number} : {resolution['title']}", "", resolution["text"].strip()]
    lines += ["", "# Voter par correspondance ou donner pouvoir", ""]
    if statutes.correspondence_voting:
        deadline = day - timedelta(days=statutes.paper_form_days)
        eve = day - timedelta(days=1)
        online = (f"en ligne, sur la page de l'assemblée{f' ({assembly_url})' if assembly_url else ''}, jusqu'au "
                  f"{french_date(eve)} à 15 h (heure de Paris), ou " if statutes.online_forms else "")
        lines += [
            f"Chaque membre peut voter par correspondance (Code de commerce, art. L225-107) : {online}sur un "
            f"formulaire papier demandé au siège, reçu au plus tard le {french_date(deadline)} (art. R225-77). Les formulaires ne donnant aucun sens de vote ou exprimant "
            "une abstention ne sont pas considérés comme des votes exprimés (art. L225-107 I).",
            ""]
    lines.append("Un membre qui ne vient pas peut aussi donner pouvoir à un autre membre, ou adresser un pouvoir "
                 "sans indication de mandataire : le président de l'assemblée émet alors un vote favorable aux "
                 "projets de résolution présentés par le conseil (art. L225-106).")
    if not statutes.participation_change_allowed:
        lines += ["", "Un membre qui a voté par correspondance ou envoyé un pouvoir ne peut plus choisir un autre "
                      "mode de participation à l'assemblée (art. R225-85)."]
    if mode in ("remote", "hybrid"):
        lines += ["", ("Les membres qui participent à distance sont réputés présents pour le calcul du quorum et de "
                       "la majorité (art. L225-107 II).") if statutes.remote_counted else
                  ("Les statuts ne prévoient pas que la participation à distance compte comme une présence "
                   "(art. L225-107 II) : un membre qui ne vient pas en personne fait compter sa voix en votant par "
                   "correspondance ou en donnant pouvoir.")]
    lines += ["", "# Documents", ""]
    if documents:
        lines.append("Les documents suivants sont à la disposition des membres sur la page de l'assemblée et au "
                     "siège (art. R225-83 et R225-89) :")
        for document in documents:
            lines.append(f"- {document['name']} (empreinte SHA-256 {document['sha256'][:16]}…)")
    else:
        lines.append("Les documents seront mis à la disposition des membres sur la page de l'assemblée et au siège "
                     "(art. R225-83 et R225-89).")
    if identity.get("questions_email", "").strip():
        lines += ["", f"Les questions écrites peuvent être adressées à {identity['questions_email'].strip()}."]
    return "\n".join(lines).strip() + "\n"
