"""The pole's statutes: governance model, colleges and their shares, thresholds, quorum, proxies.

Every number a pole may choose lives here as data; the legal bounds they must respect
(SCIC: each college between 10 % and 50 %, shares summing to 100 %) are checked in
`check_statutes`, the one place those rules are enforced.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from governance.base import MAX_PROXY_CAP, clean_name
from governance.errors import InvalidInput, StatutesRuleBroken
from governance.numbers import fraction_str, percent, to_fraction

GOVERNANCE_MODELS = ("scic", "weighted", "one_member_one_vote")
RESOLUTION_KINDS = ("ordinary", "extraordinary")
CONVOCATIONS = ("first", "second")
EMPTY_COLLEGE_RULES = ("proportional", "equal", "not_for", "merge_into")
DECIDING_BODIES = ("board", "assembly")
# Categories of associates (loi 1947, art. 19 septies) offered when the statutes list none of their own.
DEFAULT_CATEGORIES = ("employee", "producer", "beneficiary", "public_body", "supporter", "partner")

# Loi n° 47-1775 du 10 septembre 1947, art. 19 octies: SCIC college bounds.
SCIC_MIN_SHARE = Fraction(1, 10)
SCIC_MAX_SHARE = Fraction(1, 2)
# Common practice, not law: fewer colleges only earns a warning.
RECOMMENDED_MIN_COLLEGES = 3
# Legal floors that statutes may raise but never lower.
MIN_ORDINARY_THRESHOLD = Fraction(1, 2)
MIN_EXTRAORDINARY_THRESHOLD = Fraction(2, 3)
# The notice between sending the convocation and the assembly, in calendar days, per convocation. Code de
# commerce R225-69 (SA): « au moins de quinze jours sur première convocation et de dix jours sur convocation
# suivante »; R223-20 (SARL): fifteen days. Statutes may lengthen it, never shorten it. Statutes do not know the
# pole's legal form, so this floor holds for every form: for a SAS (L227-9) and an association the statutes set
# their own period and the law sets none, and Collegia keeps the SA floor there too (CA Paris, 6 Aug. 2019 held
# 15 days a reasonable notice for a SAS whose statutes were silent; docs/convocation-law.md). How the days are
# counted: `governance.assembly.check_notice`.
LEGAL_NOTICE_DAYS = {"first": 15, "second": 10}
MAX_NOTICE_DAYS = 365
# Code de commerce R225-63: a member is convened by e-mail only when it consented at least 35 days before the
# meeting; statutes may ask more, never less. Applied to every legal form: post is always lawful, so a longer
# wait than an SARL's 20 days (R223-20) or an association's own rule only means more letters.
LEGAL_CONSENT_DAYS = 35
MAX_CONSENT_DAYS = 365
# Code de commerce R225-77: the date after which paper correspondence forms are no longer counted is at most
# 3 days before the meeting; statutes may set a shorter delay (0 to 3 days).
LEGAL_PAPER_FORM_DAYS = 3
CHANNELS = ("post", "email")  # how a convocation may go: by letter (the default of R225-67/68), or by e-mail (R225-63)

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

# -- the board (issue 21; docs/elections.md, docs/elections-law.md) ---------------------------------------------
# How an election is counted: each candidate an ordinary resolution (the SA practice, L225-18: administrators are
# appointed by the ordinary assembly), plurality (each elector marks up to as many candidates as seats), or
# majority judgment (Balinski and Laraki; docs/majority-judgment.md).
ELECTION_METHODS = ("resolution_per_candidate", "plurality", "majority_judgment")
# The six grades of majority judgment, worst first (the scale of Balinski and Laraki's Orsay experiment of 2007, as
# Mieux Voter uses it); statutes may give their own scale.
DEFAULT_GRADES = ("À rejeter", "Insuffisant", "Passable", "Assez bien", "Bien", "Très bien")
DEFAULT_OFFICERS = ("président·e", "trésorier·e", "secrétaire")
# Loi n° 47-1775 du 10 septembre 1947, art. 6 (every cooperative): administrators « nommés pour une durée qui ne
# peut excéder six ans »; Code de commerce L225-18 (SA): « La durée de leurs fonctions est déterminée par les
# statuts, sans pouvoir excéder six ans ».
MAX_TERM_YEARS = 6
# Code de commerce L225-17 (SA): « un conseil d'administration composé de trois membres au moins. Les statuts
# fixent le nombre maximum des membres du conseil, qui ne peut dépasser dix-huit ».
SA_MIN_SEATS, SA_MAX_SEATS = 3, 18
# Code de commerce L225-37 al. 1 (SA): « Le conseil d'administration ne délibère valablement que si la moitié au
# moins de ses membres sont présents. Toute clause contraire est réputée non écrite. »
LEGAL_BOARD_QUORUM = Fraction(1, 2)
MAX_SEATS = 100


class Advice(str):
    """A finding that is advice, not a refusal: English text that also keeps its gettext
    template and params (like `DomainError`), so interfaces can translate it."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> "Advice":
        advice = super().__new__(cls, template.format(**params) if params else template)
        advice.template, advice.params = template, dict(params)
        return advice


@dataclass(frozen=True)
class College:
    """A voting college: a stable code, a display name and its share of the votes."""

    code: str
    name: str
    share: Fraction | None  # None under one-member-one-vote


@dataclass(frozen=True)
class Threshold:
    """The share in favour a resolution needs: above `fraction` (strict) or at least it."""

    fraction: Fraction
    strict: bool

    def is_met(self, result: Fraction) -> bool:
        """Whether `result` passes this threshold."""
        return result > self.fraction if self.strict else result >= self.fraction

    def describe(self) -> str:
        """'> 50.00 %' or '≥ 66.67 %'."""
        return ("> " if self.strict else "≥ ") + percent(self.fraction)


@dataclass(frozen=True)
class Board:
    """The board the statutes set up: its seats, who elects them and how, how long a mandate lasts, and how the board
    itself decides (Code de commerce L225-17, L225-18, L225-37 for an SA; the statutes for an SAS, an SARL or an
    association). Every figure is the statutes' choice, within the bounds `check_board` and
    `governance.pole.check_legal_form_rules` hold."""

    name: str = "conseil d'administration"
    seats: int = 3
    # Seats reserved to a college's candidates: college code → number of seats (« 2 administrateurs issus du collège
    # des salariés »). Filled first, each from its college's best-placed candidates; never given to another college.
    reserved: dict[str, int] = field(default_factory=dict)
    term_years: int = MAX_TERM_YEARS
    # Staggered renewal: the board is renewed by 1/renewal_groups each year (1: all seats at once).
    renewal_groups: int = 1
    officers: tuple[str, ...] = DEFAULT_OFFICERS  # the first is the chair, whose vote decides a tie
    quorum: Fraction = LEGAL_BOARD_QUORUM  # members present, over the members in office
    # L225-37 al. 2: « Les décisions sont prises à la majorité des membres présents ou représentés, à moins que les
    # statuts ne prévoient une majorité plus forte »: more than half of those present or represented.
    majority: Threshold = field(default_factory=lambda: Threshold(Fraction(1, 2), strict=True))
    # L225-37: « la voix du président de séance est prépondérante en cas de partage », « sauf disposition contraire
    # des statuts ».
    casting_vote: bool = True
    election_method: str = "resolution_per_candidate"
    # Loi 1947 art. 8 lets statutes require a secret ballot; Collegia's default is secret, statutes may open it.
    election_secret: bool = True
    grades: tuple[str, ...] = DEFAULT_GRADES

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "seats": self.seats, "reserved": dict(self.reserved),
                "term_years": self.term_years, "renewal_groups": self.renewal_groups,
                "officers": list(self.officers), "quorum": fraction_str(self.quorum),
                "majority": {"fraction": fraction_str(self.majority.fraction), "strict": self.majority.strict},
                "casting_vote": self.casting_vote, "election_method": self.election_method,
                "election_secret": self.election_secret,
                **({} if self.grades == DEFAULT_GRADES else {"grades": list(self.grades)})}

    @classmethod
    def from_dict(cls, data: Any) -> "Board":
        if not isinstance(data, dict):
            raise StatutesRuleBroken("the board is described by its name, seats, term and rules")
        majority = data.get("majority") or {}
        if not isinstance(majority, dict):
            majority = {"fraction": majority, "strict": True}
        reserved = data.get("reserved") or {}
        if not isinstance(reserved, dict):
            raise StatutesRuleBroken("the reserved seats map a college to a number of seats")
        officers = data.get("officers")
        grades = data.get("grades")
        return cls(
            name=str(data.get("name") or "conseil d'administration").strip(),
            seats=_whole(data.get("seats", 3), 3),
            reserved={code: n for code, n in ((str(code).strip(), _whole(n, 0)) for code, n in reserved.items()) if n},
            term_years=_whole(data.get("term_years", MAX_TERM_YEARS), MAX_TERM_YEARS),
            renewal_groups=_whole(data.get("renewal_groups", 1), 1),
            officers=DEFAULT_OFFICERS if officers in (None, "") else tuple(
                str(o).strip() for o in (officers.split(",") if isinstance(officers, str) else officers)
                if str(o).strip()),
            quorum=to_fraction(data.get("quorum", LEGAL_BOARD_QUORUM)),
            majority=Threshold(to_fraction(majority.get("fraction", Fraction(1, 2))),
                               _to_bool(majority.get("strict", True))),
            casting_vote=_to_bool(data.get("casting_vote", True)),
            election_method=str(data.get("election_method") or "resolution_per_candidate"),
            election_secret=_to_bool(data.get("election_secret", True)),
            grades=DEFAULT_GRADES if grades in (None, "") else tuple(
                str(g).strip() for g in (grades.split(",") if isinstance(grades, str) else grades)),
        )

    @property
    def chair_role(self) -> str | None:
        return self.officers[0] if self.officers else None


# -- the capital (issue 22; docs/capital.md, docs/capital-law.md) ----------------------------------------------
# Loi n° 47-1775 art. 19 septies (SCIC): « Les collectivités territoriales, leurs groupements et les établissements
# publics territoriaux […] ne peuvent détenir ensemble plus de 50 % du capital de chacune des sociétés coopératives
# d'intérêt collectif. » Statutes may set a lower cap, never a higher one.
SCIC_PUBLIC_CAP = Fraction(1, 2)
# The refund delay is the statutes' choice: no law sets one (docs/capital-law.md). Five years is the model statutes'
# practice and the default; the bound only refuses an absurd figure, it is not a legal limit.
DEFAULT_REFUND_DELAY_YEARS = 5
MAX_REFUND_DELAY_YEARS = 30
# Loi 1947 art. 12: a quarter at least of a share's nominal value is paid on subscribing, the rest within the
# statutes' delay (three years in the 1947 text, five in the movement's guidance; Collegia accepts up to five).
MIN_PAID_AT_SUBSCRIPTION = Fraction(1, 4)
MAX_PAYMENT_YEARS = 5
MAX_SHARE_VALUE = Decimal("1000000")
MAX_MINIMUM_SHARES = 1_000_000


def money(value: object, field: str = "amount") -> Decimal:
    """Euros and cents, exactly: '12.5', '12,50', 12 or Decimal('12.50') → Decimal('12.50'); never a float."""
    if isinstance(value, bool) or isinstance(value, float):
        raise InvalidInput("{field} must be given as text or a whole number, in euros and cents", field=field)
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, str):
        text = value.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
        text = text.replace(",", ".")
        if len(text) > 20:
            raise InvalidInput("{field} is not an amount in euros and cents", field=field)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise InvalidInput("{field} is not an amount in euros and cents", field=field) from None
    if not isinstance(value, Decimal) or not value.is_finite() or abs(value) > Decimal("1e12") \
            or value != value.quantize(CENT):  # the size first: quantize fails on a huge number
        raise InvalidInput("{field} is not an amount in euros and cents", field=field)
    return value.quantize(CENT) + 0  # + 0: never a negative zero ("-0.00")


CENT = Decimal("0.01")


@dataclass(frozen=True)
class Capital:
    """The capital clauses of the statutes (variable capital, Code de commerce L231-1 to L231-8; loi n° 47-1775
    art. 7, 13, 18 and 19 septies): every figure is the statutes' choice, within the bounds `check_capital` holds."""

    share_value: Decimal = Decimal("100.00")  # the nominal value of one share (part sociale)
    # The fewest shares an associate of a category holds (statutes: « chaque associé de la catégorie … souscrit au
    # moins … parts »); a category not listed holds at least one.
    minimum_shares: dict[str, int] = field(default_factory=dict)
    # L231-5: the sum below which the capital cannot be reduced by the taking back of contributions.
    floor: Decimal = Decimal("0.00")
    # The capital stated in the statutes (L231-5: the floor cannot be below a tenth of it).
    stated: Decimal = Decimal("0.00")
    approval_by: str = "board"  # the body that approves subscriptions (and transfers)
    # Transfers between associates: allowed with the approval of `approval_by`, or not at all.
    transfers_allowed: bool = True
    refund_delay_years: int = DEFAULT_REFUND_DELAY_YEARS  # a refund is due this long after the withdrawal, at most
    # Loi 1947 art. 18: a refund never exceeds the nominal value; when the statutes say so, losses reduce it.
    losses_reduce_refund: bool = True
    # The categories of associates that count as public bodies for the cap of art. 19 septies.
    public_categories: tuple[str, ...] = ()
    public_cap: Fraction = SCIC_PUBLIC_CAP
    # Payment: the share of a subscription paid at once, the rest within `payment_years` (statutes' schedule).
    paid_at_subscription: Fraction = Fraction(1)
    payment_years: int = 0
    # « L'admission prend effet à la souscription du minimum de parts »: the admission decision takes effect when the
    # member's minimum subscription is recorded; withdrawal or exclusion opens the refund of its shares.
    admission_on_subscription: bool = True

    def minimum_for(self, category: str) -> int:
        return self.minimum_shares.get(category, 1)

    def to_dict(self) -> dict[str, Any]:
        return {"share_value": str(self.share_value), "minimum_shares": dict(self.minimum_shares),
                "floor": str(self.floor), "stated": str(self.stated), "approval_by": self.approval_by,
                "transfers_allowed": self.transfers_allowed, "refund_delay_years": self.refund_delay_years,
                "losses_reduce_refund": self.losses_reduce_refund,
                "public_categories": list(self.public_categories), "public_cap": fraction_str(self.public_cap),
                "paid_at_subscription": fraction_str(self.paid_at_subscription),
                "payment_years": self.payment_years, "admission_on_subscription": self.admission_on_subscription}

    @classmethod
    def from_dict(cls, data: Any) -> "Capital":
        if not isinstance(data, dict):
            raise StatutesRuleBroken("the capital is described by the share's value, the floor and the rules")
        minimum = data.get("minimum_shares") or {}
        if not isinstance(minimum, dict):
            raise StatutesRuleBroken("the minimum subscriptions map a category to a number of shares")
        return cls(
            share_value=money(data.get("share_value", "100.00"), "the share's nominal value"),
            minimum_shares={str(code).strip(): _whole(n, 1) for code, n in minimum.items()},
            floor=money(data.get("floor", "0.00"), "the capital floor"),
            stated=money(data.get("stated", "0.00"), "the capital stated in the statutes"),
            approval_by=str(data.get("approval_by", "board")),
            transfers_allowed=_to_bool(data.get("transfers_allowed", True)),
            refund_delay_years=_whole(data.get("refund_delay_years", DEFAULT_REFUND_DELAY_YEARS),
                                      DEFAULT_REFUND_DELAY_YEARS),
            losses_reduce_refund=_to_bool(data.get("losses_reduce_refund", True)),
            public_categories=_categories(data.get("public_categories")),
            public_cap=to_fraction(data.get("public_cap", SCIC_PUBLIC_CAP)),
            paid_at_subscription=to_fraction(data.get("paid_at_subscription", 1)),
            payment_years=_whole(data.get("payment_years", 0), 0),
            admission_on_subscription=_to_bool(data.get("admission_on_subscription", True)),
        )


@dataclass(frozen=True)
class Statutes:
    """One version's worth of voting rules; an immutable value object."""

    model: str
    colleges: tuple[College, ...]
    thresholds: dict[str, Threshold]
    quorum: dict[str, dict[str, Fraction]]
    college_quorum: dict[str, Fraction | None]
    empty_college_rule: str = "proportional"
    max_proxies_per_holder: int | None = 1
    proxy_same_college: bool = False
    # Code de commerce R225-85 III: a member who voted by correspondence or gave a proxy for an
    # assembly cannot then take part another way (come, join remotely) "sauf disposition contraire
    # des statuts". False is the law's default; statutes may allow the change.
    participation_change_allowed: bool = False
    # Code de commerce R225-101 and R225-106: the minutes are signed by the members of the bureau, the chair
    # and the scrutineers who designate a secretary, who "peut être choisi en dehors des actionnaires"; the
    # chair and the secretary are two persons. True is that default; statutes that let one person hold both
    # (where the pole's legal form lets its statutes organise the assembly) set it to False.
    distinct_chair_and_secretary: bool = True
    admission_by: str = "board"
    exclusion_by: str = "assembly"
    # The categories of associates the statutes list (codes); empty when they list none, and then any category
    # is accepted (statutes recorded before the field) and forms offer DEFAULT_CATEGORIES.
    categories: tuple[str, ...] = ()
    # Code de commerce R225-69: the convocation notice in days, {"first": …, "second": …}; statutes written before
    # the field read as the law's default (LEGAL_NOTICE_DAYS).
    notice_days: dict[str, int] = field(default_factory=lambda: dict(LEGAL_NOTICE_DAYS))
    # The convocation's channels the statutes allow: post always (R225-67, R225-68), e-mail to members who consented
    # (R225-63) unless the statutes keep to post.
    convocation_channels: tuple[str, ...] = CHANNELS
    # R225-63: days between a member's consent to e-mail and the meeting (and between a return to post and the
    # convocation) for the consent, or its withdrawal, to bind; the law's 35 days, statutes may lengthen.
    consent_days: int = LEGAL_CONSENT_DAYS
    # L225-107 I: every member of an SA may vote by correspondence ("les dispositions contraires des statuts
    # sont réputées non écrites"); loi 1947 art. 10 lets other cooperatives' statutes admit it or not.
    correspondence_voting: bool = True
    # R225-77: paper forms received after (meeting day − paper_form_days) are not counted; 3 by law, statutes may
    # shorten the delay down to 0 (forms received up to the meeting day).
    paper_form_days: int = LEGAL_PAPER_FORM_DAYS
    # L225-107 II: members taking part by video or telecommunication count as present "si les statuts le
    # prévoient". None: statutes recorded before the setting existed, read as they were (remote counted).
    remote_counts_as_present: bool | None = False
    # R225-77 3° (with R225-61): a form filled in online is signed by the member's login ("un procédé fiable
    # d'identification") only when the statutes provide for taking part by electronic means; otherwise members send
    # signed paper forms, which the secretary records. True: the statutes provide for it.
    online_forms: bool = True
    # The board (issue 21): None for statutes that set up none in Collegia (every statutes recorded before).
    board: Board | None = None
    # The capital clauses (issue 22): None for statutes that keep no capital register in Collegia.
    capital: Capital | None = None
    # Issue 23: how many members table an amendment together (its sponsors). No text sets it for an amendment in
    # session: any shareholder may table one (doctrine, docs/deliberation-law.md §2), so 1 by default.
    amendment_sponsors: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    # -- lookups ---------------------------------------------------------------
    def college(self, code: str) -> College:
        """The college with this code, or a StatutesRuleBroken naming it."""
        for college in self.colleges:
            if college.code == code:
                return college
        raise StatutesRuleBroken("the statutes define no college '{college}'", college=code)

    def has_college(self, code: str) -> bool:
        return any(c.code == code for c in self.colleges)

    @property
    def is_weighted(self) -> bool:
        return self.model != "one_member_one_vote"

    @property
    def merge_target(self) -> str | None:
        """The college receiving empty colleges' shares under `merge_into:<code>`."""
        if self.empty_college_rule.startswith("merge_into:"):
            return self.empty_college_rule.split(":", 1)[1]
        return None

    @property
    def category_choices(self) -> tuple[str, ...]:
        """The categories a member may be recorded in: the statutes' own list, or the default one."""
        return self.categories or DEFAULT_CATEGORIES

    def with_colleges(self, colleges: list[College]) -> "Statutes":
        return replace(self, colleges=tuple(colleges))

    # -- serialisation (events carry plain JSON) ------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "colleges": [
                {"code": c.code, "name": c.name,
                 "share": None if c.share is None else fraction_str(c.share)}
                for c in self.colleges
            ],
            "thresholds": {k: {"fraction": fraction_str(t.fraction), "strict": t.strict}
                           for k, t in self.thresholds.items()},
            "quorum": {k: {conv: fraction_str(q) for conv, q in v.items()}
                       for k, v in self.quorum.items()},
            "college_quorum": {k: None if q is None else fraction_str(q)
                               for k, q in self.college_quorum.items()},
            "empty_college_rule": self.empty_college_rule,
            "max_proxies_per_holder": self.max_proxies_per_holder,
            "proxy_same_college": self.proxy_same_college,
            "participation_change_allowed": self.participation_change_allowed,
            "admission_by": self.admission_by,
            "exclusion_by": self.exclusion_by,
            # Only when the statutes depart from the default, so that statutes recorded before the field, and
            # every dict (and digest) built from them, read exactly as they did.
            **({} if self.distinct_chair_and_secretary else {"distinct_chair_and_secretary": False}),
            # Likewise only when the statutes list their categories.
            **({"categories": list(self.categories)} if self.categories else {}),
            # Likewise only when the statutes lengthen the law's notice (R225-69).
            **({} if self.notice_days == LEGAL_NOTICE_DAYS else {"notice_days": dict(self.notice_days)}),
            # Likewise the convocation settings of issue 20, each only when it departs from the law's default.
            **({} if self.convocation_channels == CHANNELS
               else {"convocation_channels": list(self.convocation_channels)}),
            **({} if self.consent_days == LEGAL_CONSENT_DAYS else {"consent_days": self.consent_days}),
            **({} if self.correspondence_voting else {"correspondence_voting": False}),
            **({} if self.paper_form_days == LEGAL_PAPER_FORM_DAYS else {"paper_form_days": self.paper_form_days}),
            **({} if self.remote_counts_as_present is None
               else {"remote_counts_as_present": self.remote_counts_as_present}),
            **({} if self.online_forms else {"online_forms": False}),
            **({} if self.board is None else {"board": self.board.to_dict()}),
            **({} if self.capital is None else {"capital": self.capital.to_dict()}),
            **({} if self.amendment_sponsors == 1 else {"amendment_sponsors": self.amendment_sponsors}),
        }

    @property
    def remote_counted(self) -> bool:
        """L225-107 II: whether members joining by video count as present (statutes recorded before the setting:
        they did)."""
        return self.remote_counts_as_present is not False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Statutes":
        """Build statutes from plain data, filling legal defaults; StatutesRuleBroken if malformed."""
        try:
            return cls._from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as error:
            raise StatutesRuleBroken("malformed statutes: {error_type} {error}",
                                     error_type=type(error).__name__, error=str(error)) from None

    @classmethod
    def _from_dict(cls, data: dict[str, Any]) -> "Statutes":
        if not isinstance(data, dict):
            raise StatutesRuleBroken("statutes must be a mapping")
        model = data.get("model", "scic")
        colleges_data = data.get("colleges") or []
        if not isinstance(colleges_data, list):
            raise StatutesRuleBroken("colleges must be a list")
        colleges = []
        for item in colleges_data:
            if not isinstance(item, dict):
                raise StatutesRuleBroken("each college needs a code, a name and a share")
            share = item.get("share")
            colleges.append(College(
                code=str(item.get("code", "")).strip(),
                name=str(item.get("name", "")).strip(),
                share=None if share is None or model == "one_member_one_vote" else to_fraction(share),
            ))
        thresholds = default_thresholds()
        for kind, t in (data.get("thresholds") or {}).items():
            thresholds[kind] = Threshold(to_fraction(t["fraction"]), _to_bool(t.get("strict", False)))
        quorum = default_quorum()
        for kind, per_conv in (data.get("quorum") or {}).items():
            quorum[kind] = {conv: to_fraction(q) for conv, q in per_conv.items()}
        college_quorum: dict[str, Fraction | None] = {k: None for k in RESOLUTION_KINDS}
        for kind, q in (data.get("college_quorum") or {}).items():
            college_quorum[kind] = None if q in (None, "") else to_fraction(q)
        max_proxies = data.get("max_proxies_per_holder", 1)
        return cls(
            model=model,
            colleges=tuple(colleges),
            thresholds=thresholds,
            quorum=quorum,
            college_quorum=college_quorum,
            empty_college_rule=str(data.get("empty_college_rule", "proportional")),
            max_proxies_per_holder=None if max_proxies in (None, "") else int(max_proxies),
            proxy_same_college=_to_bool(data.get("proxy_same_college", False)),
            participation_change_allowed=_to_bool(data.get("participation_change_allowed", False)),
            distinct_chair_and_secretary=_to_bool(data.get("distinct_chair_and_secretary", True)),
            admission_by=str(data.get("admission_by", "board")),
            exclusion_by=str(data.get("exclusion_by", "assembly")),
            categories=_categories(data.get("categories")),
            notice_days=_notice_days(data.get("notice_days")),
            convocation_channels=_channels(data.get("convocation_channels")),
            consent_days=_whole(data.get("consent_days", LEGAL_CONSENT_DAYS), LEGAL_CONSENT_DAYS),
            correspondence_voting=_to_bool(data.get("correspondence_voting", True)),
            paper_form_days=_whole(data.get("paper_form_days", LEGAL_PAPER_FORM_DAYS), LEGAL_PAPER_FORM_DAYS),
            remote_counts_as_present=(None if data.get("remote_counts_as_present") in (None, "")
                                      else _to_bool(data["remote_counts_as_present"])),
            online_forms=_to_bool(data.get("online_forms", True)),
            board=None if data.get("board") in (None, "") else Board.from_dict(data["board"]),
            capital=None if data.get("capital") in (None, "") else Capital.from_dict(data["capital"]),
            amendment_sponsors=_whole(data.get("amendment_sponsors", 1), 1),
        )


def _notice_days(value: object) -> dict[str, int]:
    """The convocation notice per convocation; what is missing (statutes written before the field, an old
    `AssemblyConvened.rules`) reads as the law's default, R225-69's 15 then 10 days."""
    days = dict(LEGAL_NOTICE_DAYS)
    if value in (None, ""):
        return days
    if not isinstance(value, dict):
        raise StatutesRuleBroken("the notice period gives a number of days for first and second convocation")
    for convocation, number in value.items():
        if number in (None, ""):
            continue
        if isinstance(number, bool) or (isinstance(number, float) and not number.is_integer()):
            raise ValueError(f"{number!r} is not a whole number of days")
        days[str(convocation)] = int(number)
    return days


def _whole(value: object, default: int) -> int:
    """A whole number of days from JSON or a form ('' or None: the default)."""
    if value in (None, ""):
        return default
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(f"{value!r} is not a whole number of days")
    return int(value)  # type: ignore[arg-type]


def _channels(value: object) -> tuple[str, ...]:
    """The convocation channels: a list of codes (missing or empty: the law's, post and e-mail)."""
    if value in (None, ""):
        return CHANNELS
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split()]
    if not isinstance(value, (list, tuple)):
        raise StatutesRuleBroken("the convocation channels are a list: post, email")
    given = {str(v).strip() for v in value}
    unknown = sorted(given - set(CHANNELS))
    if unknown:
        raise StatutesRuleBroken("unknown convocation channel '{channel}' (post, email)", channel=unknown[0])
    return tuple(channel for channel in CHANNELS if channel in given)


def _categories(value: object) -> tuple[str, ...]:
    """The statutes' categories: a list of codes (missing or empty: none listed)."""
    if value in (None, ""):
        return ()
    if not isinstance(value, (list, tuple)):
        raise StatutesRuleBroken("categories must be a list of codes")
    return tuple(dict.fromkeys(str(c).strip() for c in value if str(c).strip()))


def _to_bool(value: object) -> bool:
    """Booleans from JSON or forms: True/False, 'true'/'false', 'yes'/'no', '1'/'0'."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "y", "1", "on"):
        return True
    if text in ("false", "no", "n", "0", "off", ""):
        return False
    raise ValueError(f"{value!r} is not a yes/no value")


def default_thresholds() -> dict[str, Threshold]:
    """Legal defaults: ordinary > 50 % (a tie fails), extraordinary ≥ 2/3."""
    return {
        "ordinary": Threshold(MIN_ORDINARY_THRESHOLD, strict=True),
        "extraordinary": Threshold(MIN_EXTRAORDINARY_THRESHOLD, strict=False),
    }


def default_quorum() -> dict[str, dict[str, Fraction]]:
    """SA-style defaults: ordinary 1/5 then none; extraordinary 1/4 then 1/5."""
    return {
        "ordinary": {"first": Fraction(1, 5), "second": Fraction(0)},
        "extraordinary": {"first": Fraction(1, 4), "second": Fraction(1, 5)},
    }


def check_statutes(statutes: Statutes, *, adopted: bool = False) -> list[Advice]:
    """Refuse statutes breaking a rule (raises StatutesRuleBroken); return warnings.

    `adopted`: statutes members have already voted (an adopted amendment being applied). They are held
    to the rules they were voted under, not to the bounds added since on what may be *proposed* (a proxy
    cap of at most MAX_PROXY_CAP, college names without invisible characters): a vote opened before those
    bounds existed must not be adopted for nothing."""
    if statutes.model not in GOVERNANCE_MODELS:
        raise StatutesRuleBroken(
            "unknown governance model '{model}' (expected one of {choices})",
            model=statutes.model, choices=", ".join(GOVERNANCE_MODELS))
    _check_colleges(statutes, adopted)
    _check_thresholds(statutes)
    _check_quorum(statutes)
    _check_rules(statutes, adopted)
    _check_notice(statutes)
    _check_convocation(statutes)
    if statutes.board is not None:
        check_board(statutes)
    if statutes.capital is not None:
        check_capital(statutes)
    return compliance_warnings(statutes)


def _check_colleges(statutes: Statutes, adopted: bool = False) -> None:
    codes = [c.code for c in statutes.colleges]
    for college in statutes.colleges:
        if not _CODE.match(college.code):
            raise StatutesRuleBroken(
                "college code '{code}' must be 1–40 lowercase letters, digits, '-' or '_'", code=college.code)
        if not college.name or len(college.name) > 120:
            raise StatutesRuleBroken("college '{code}' needs a name of 1–120 characters", code=college.code)
        if not adopted:
            clean_name(college.name, "college name", max_length=120)  # nothing invisible or direction-changing
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise StatutesRuleBroken("college code '{code}' is used twice", code=duplicates[0])
    if not statutes.is_weighted:
        return
    if not statutes.colleges:
        raise StatutesRuleBroken("a '{model}' pole needs at least one college with a share", model=statutes.model)
    for college in statutes.colleges:
        if college.share is None or college.share <= 0:
            raise StatutesRuleBroken("college '{college}' needs a share above 0 %", college=college.name)
        if college.share > 1:
            raise StatutesRuleBroken("college '{college}' would hold {share}, above 100 %",
                                     college=college.name, share=percent(college.share))
    total = sum((c.share for c in statutes.colleges if c.share is not None), Fraction(0))
    if total != 1:
        raise StatutesRuleBroken(
            "college shares sum to {total}; they must sum to exactly 100 %", total=percent(total))
    if statutes.model == "scic":
        for college in statutes.colleges:
            assert college.share is not None
            if college.share > SCIC_MAX_SHARE:
                raise StatutesRuleBroken(
                    "college '{college}' would hold {share}, above the {maximum} maximum for a SCIC",
                    college=college.name, share=percent(college.share), maximum=percent(SCIC_MAX_SHARE, 0))
            if college.share < SCIC_MIN_SHARE:
                raise StatutesRuleBroken(
                    "college '{college}' would hold {share}, below the {minimum} minimum for a SCIC",
                    college=college.name, share=percent(college.share), minimum=percent(SCIC_MIN_SHARE, 0))


def _check_thresholds(statutes: Statutes) -> None:
    for kind in RESOLUTION_KINDS:
        if kind not in statutes.thresholds:
            raise StatutesRuleBroken("the statutes need a threshold for {kind} resolutions", kind=kind)
    for kind, threshold in statutes.thresholds.items():
        if kind not in RESOLUTION_KINDS:
            raise StatutesRuleBroken("unknown resolution kind '{kind}'", kind=kind)
        if threshold.fraction > 1:
            raise StatutesRuleBroken("the {kind} threshold cannot exceed 100 %", kind=kind)
    ordinary = statutes.thresholds["ordinary"]
    if ordinary.fraction < MIN_ORDINARY_THRESHOLD or (
            ordinary.fraction == MIN_ORDINARY_THRESHOLD and not ordinary.strict):
        # The bound is a param so the msgid holds no "% o" that gettext tools would take for a %-format.
        raise StatutesRuleBroken(
            "the ordinary threshold must be above {minimum} of votes cast (a tie fails); statutes may only raise it",
            minimum=percent(MIN_ORDINARY_THRESHOLD, 0))
    if statutes.thresholds["extraordinary"].fraction < MIN_EXTRAORDINARY_THRESHOLD:
        raise StatutesRuleBroken(
            "the extraordinary threshold must be at least 2/3 of votes cast; statutes may only raise it")


def _check_quorum(statutes: Statutes) -> None:
    for kind in RESOLUTION_KINDS:
        per_conv = statutes.quorum.get(kind)
        if not per_conv or set(per_conv) != set(CONVOCATIONS):
            raise StatutesRuleBroken("the {kind} quorum needs a value for first and second convocation", kind=kind)
        for conv, q in per_conv.items():
            if not 0 <= q <= 1:
                raise StatutesRuleBroken("the {kind} quorum on {convocation} convocation must be between 0 % and 100 %",
                                         kind=kind, convocation=conv)
    for kind, q in statutes.college_quorum.items():
        if q is not None and not 0 <= q <= 1:
            raise StatutesRuleBroken("the per-college {kind} quorum must be between 0 % and 100 %", kind=kind)


def _check_rules(statutes: Statutes, adopted: bool = False) -> None:
    rule = statutes.empty_college_rule
    base = rule.split(":", 1)[0]
    if base not in EMPTY_COLLEGE_RULES or (base == "merge_into") != (":" in rule):
        raise StatutesRuleBroken(
            "unknown empty-college rule '{rule}' (proportional, equal, not_for or merge_into:<college>)", rule=rule)
    target = statutes.merge_target
    if target is not None and not statutes.has_college(target):
        raise StatutesRuleBroken("the empty-college rule merges into '{college}', which is not a college",
                                 college=target)
    if statutes.max_proxies_per_holder is not None and statutes.max_proxies_per_holder < 0:
        raise StatutesRuleBroken("the proxy cap cannot be negative")
    if not adopted and statutes.max_proxies_per_holder is not None and statutes.max_proxies_per_holder > MAX_PROXY_CAP:
        raise StatutesRuleBroken("the proxy cap must be at most {maximum}", maximum=MAX_PROXY_CAP)
    if not 1 <= statutes.amendment_sponsors <= MAX_AMENDMENT_SPONSORS:
        raise StatutesRuleBroken("an amendment is tabled by 1 to {maximum} members", maximum=MAX_AMENDMENT_SPONSORS)
    for name in ("admission_by", "exclusion_by"):
        if getattr(statutes, name) not in DECIDING_BODIES:
            raise StatutesRuleBroken("{setting} must be 'board' or 'assembly'", setting=name)
    for category in statutes.categories:
        if not _CODE.match(category):
            raise StatutesRuleBroken(
                "category code '{code}' must be 1–40 lowercase letters, digits, '-' or '_'", code=category)


def _check_notice(statutes: Statutes) -> None:
    """R225-69: 15 days on first convocation, 10 on a later one, at least; statutes may only lengthen them."""
    if set(statutes.notice_days) != set(CONVOCATIONS):
        raise StatutesRuleBroken("the notice period gives a number of days for first and second convocation")
    if statutes.notice_days["first"] < LEGAL_NOTICE_DAYS["first"]:
        raise StatutesRuleBroken(
            "the notice on first convocation must be at least {minimum} days (Code de commerce R225-69); "
            "statutes may only lengthen it", minimum=LEGAL_NOTICE_DAYS["first"])
    if statutes.notice_days["second"] < LEGAL_NOTICE_DAYS["second"]:
        raise StatutesRuleBroken(
            "the notice on a later convocation must be at least {minimum} days (Code de commerce R225-69); "
            "statutes may only lengthen it", minimum=LEGAL_NOTICE_DAYS["second"])
    if max(statutes.notice_days.values()) > MAX_NOTICE_DAYS:
        raise StatutesRuleBroken("the notice period must be at most {maximum} days", maximum=MAX_NOTICE_DAYS)


def _check_convocation(statutes: Statutes) -> None:
    """R225-63, R225-67/68 and R225-77: the convocation's channels, the consent delay and the paper forms' cut-off."""
    if "post" not in statutes.convocation_channels:
        raise StatutesRuleBroken(
            "the convocation must be able to go by post: a member who has not consented to e-mail is convened by "
            "letter (Code de commerce R225-63, R225-67 and R225-68)")
    if not LEGAL_CONSENT_DAYS <= statutes.consent_days <= MAX_CONSENT_DAYS:
        raise StatutesRuleBroken(
            "the consent to e-mail convocation must be given at least {minimum} days before the meeting (Code de "
            "commerce R225-63); statutes may lengthen it up to {maximum} days", minimum=LEGAL_CONSENT_DAYS,
            maximum=MAX_CONSENT_DAYS)
    if not 0 <= statutes.paper_form_days <= LEGAL_PAPER_FORM_DAYS:
        raise StatutesRuleBroken(
            "paper correspondence forms may be required at most {maximum} days before the meeting (Code de "
            "commerce R225-77); statutes may only shorten that delay", maximum=LEGAL_PAPER_FORM_DAYS)


def check_board(statutes: Statutes) -> None:
    """The board's figures: seats, reserved seats of existing colleges, the term (at most six years in a cooperative,
    loi 1947 art. 6), the staggered renewal, officers, quorum, majority, the election method and the grade scale."""
    board = statutes.board
    assert board is not None
    clean_name(board.name, "board name", max_length=120)
    if not 1 <= board.seats <= MAX_SEATS:
        raise StatutesRuleBroken("the board needs between 1 and {maximum} seats", maximum=MAX_SEATS)
    for code, number in board.reserved.items():
        if not statutes.has_college(code):
            raise StatutesRuleBroken("seats are reserved to college '{college}', which the statutes do not define",
                                     college=code)
        if number < 0:
            raise StatutesRuleBroken("a college cannot have a negative number of reserved seats")
    if sum(board.reserved.values()) > board.seats:
        raise StatutesRuleBroken("{reserved} seats are reserved to colleges, more than the board's {seats} seats",
                                 reserved=sum(board.reserved.values()), seats=board.seats)
    if board.term_years < 1:
        raise StatutesRuleBroken("a mandate lasts at least one year")
    if statutes.model == "scic" and board.term_years > MAX_TERM_YEARS:
        raise StatutesRuleBroken(
            "a cooperative's administrators are appointed for at most {maximum} years (loi n° 47-1775 du 10 "
            "septembre 1947, art. 6): {years} years is refused", maximum=MAX_TERM_YEARS, years=board.term_years)
    if board.term_years > 99:
        raise StatutesRuleBroken("a mandate lasts at most 99 years")
    if not 1 <= board.renewal_groups <= board.term_years:
        raise StatutesRuleBroken("the board is renewed in 1 to {years} groups (one a year at most)",
                                 years=board.term_years)
    for officer in board.officers:
        clean_name(officer, "officer role", max_length=60)
    if len(set(board.officers)) != len(board.officers):
        raise StatutesRuleBroken("each officer role is named once")
    if not 0 < board.quorum <= 1:
        raise StatutesRuleBroken("the board's quorum must be above 0 % and at most 100 %")
    if not Fraction(1, 2) <= board.majority.fraction <= 1 or (
            board.majority.fraction == Fraction(1, 2) and not board.majority.strict):
        raise StatutesRuleBroken("the board decides by more than half of its members present or represented; "
                                 "statutes may only ask more (Code de commerce L225-37)")
    if board.election_method not in ELECTION_METHODS:
        raise StatutesRuleBroken("unknown election method '{method}' ({choices})", method=board.election_method,
                                 choices=", ".join(ELECTION_METHODS))
    if not 2 <= len(board.grades) <= 10 or len(set(board.grades)) != len(board.grades):
        raise StatutesRuleBroken("the grade scale has 2 to 10 distinct grades")
    for grade in board.grades:
        clean_name(grade, "grade", max_length=40)


def check_capital(statutes: Statutes) -> None:
    """The capital clauses: a positive nominal value, minimums of listed categories, the floor (Code de commerce
    L231-5 al. 2: the sum « ne pourra être inférieure ni au dixième du capital social stipulé dans les statuts ni, pour
    les sociétés autres que coopératives, au montant minimal du capital social exigé pour la forme de la société
    considérée »), the refund delay, the public bodies' cap (loi 1947 art. 19 septies: « peuvent détenir ensemble
    jusqu'à 50 % du capital ») and the payment schedule (loi 1947 art. 12: a quarter at least paid on subscribing)."""
    capital = statutes.capital
    assert capital is not None
    if not Decimal("0.01") <= capital.share_value <= MAX_SHARE_VALUE:
        raise StatutesRuleBroken("a share's nominal value is between 0.01 € and {maximum} €",
                                 maximum=str(MAX_SHARE_VALUE))
    for category in (*capital.minimum_shares, *capital.public_categories):
        if not _CODE.match(category):
            raise StatutesRuleBroken(
                "category code '{code}' must be 1–40 lowercase letters, digits, '-' or '_'", code=category[:40])
    for category, number in capital.minimum_shares.items():
        if statutes.categories and category not in statutes.categories:
            raise StatutesRuleBroken("a minimum subscription is set for category '{category}', which the statutes "
                                     "do not list", category=category)
        if not 1 <= number <= MAX_MINIMUM_SHARES:
            raise StatutesRuleBroken("a category's minimum subscription is 1 to {maximum} shares",
                                     maximum=MAX_MINIMUM_SHARES)
    for category in capital.public_categories:
        if statutes.categories and category not in statutes.categories:
            raise StatutesRuleBroken("public-body category '{category}' is not one the statutes list",
                                     category=category)
    if capital.floor < 0 or capital.stated < 0:
        raise StatutesRuleBroken("the capital floor and the stated capital cannot be negative")
    if capital.floor * 10 < capital.stated:
        raise StatutesRuleBroken(
            "the capital floor ({floor} €) cannot be below a tenth of the capital stated in the statutes ({stated} "
            "€) (Code de commerce L231-5)", floor=str(capital.floor), stated=str(capital.stated))
    if capital.approval_by not in DECIDING_BODIES:
        raise StatutesRuleBroken("{setting} must be 'board' or 'assembly'", setting="approval_by")
    if not 0 <= capital.refund_delay_years <= MAX_REFUND_DELAY_YEARS:
        raise StatutesRuleBroken("the refund delay is 0 to {maximum} years", maximum=MAX_REFUND_DELAY_YEARS)
    if not 0 < capital.public_cap <= 1:
        raise StatutesRuleBroken("the public bodies' cap is above 0 % and at most 100 %")
    if statutes.model == "scic" and capital.public_cap > SCIC_PUBLIC_CAP:
        raise StatutesRuleBroken(
            "in a SCIC, local authorities, their groupings and territorial public bodies hold together at most half "
            "of the capital (loi n° 47-1775 du 10 septembre 1947, art. 19 septies)")
    if not MIN_PAID_AT_SUBSCRIPTION <= capital.paid_at_subscription <= 1:
        raise StatutesRuleBroken(
            "at least a quarter of a share's nominal value is paid on subscribing (loi n° 47-1775 du 10 septembre "
            "1947, art. 12)")
    if not 0 <= capital.payment_years <= MAX_PAYMENT_YEARS or (
            capital.paid_at_subscription < 1 and not capital.payment_years):
        raise StatutesRuleBroken("the rest of a subscription is paid within 1 to {maximum} years",
                                 maximum=MAX_PAYMENT_YEARS)


MAX_AMENDMENT_SPONSORS = 100  # a sanity bound: statutes requiring more would bar members' amendments


def compliance_warnings(statutes: Statutes) -> list[Advice]:
    """Findings that are advice, not refusals (e.g. fewer than 3 colleges)."""
    warnings = []
    if statutes.amendment_sponsors > 1:
        warnings.append(Advice("an amendment needs {count} sponsors: in an SA's assembly any shareholder may table one "
                               "in session (doctrine), so requiring several may be challenged",
                               count=statutes.amendment_sponsors))
    if statutes.is_weighted and len(statutes.colleges) < RECOMMENDED_MIN_COLLEGES:
        warnings.append(Advice("only {count} college(s): at least {minimum} is common practice",
                               count=len(statutes.colleges), minimum=RECOMMENDED_MIN_COLLEGES))
    return warnings
