"""Every read model, in the order the projector applies a section to them.

Each read model has its own module, its handlers bound to the domain's event classes
(projections/batch.py has the machinery they share):

- projections/poles.py       POLES       poles, statutes versions, colleges, strategy versions
- projections/roster.py      ROSTER      members and their periods (the roster as of any date)
- projections/decisions.py   DECISIONS   proposals, ballots, proxies (tracking row "register")
- projections/assemblies.py  ASSEMBLIES  general assemblies, the minutes' signatures and corrections
- projections/board.py       BOARD       the board's mandates (the board as of any date)
- projections/capital.py     CAPITAL     the capital register's movements (issue 22)
- projections/deliberation.py DELIBERATION the comments of discussions before votes (issue 23)
- projections/assessment.py  ASSESSMENT  référentiel campaigns, who answered them, revisions, networks (issue 24)
- projections/audit.py       AUDIT       every event: who, when, its fields
"""

from __future__ import annotations

from projections.assemblies import ASSEMBLIES
from projections.assessment import ASSESSMENT
from projections.audit import AUDIT
from projections.board import BOARD
from projections.capital import CAPITAL
from projections.decisions import DECISIONS
from projections.deliberation import DELIBERATION
from projections.poles import POLES
from projections.roster import ROSTER

__all__ = ["ALL_PROJECTIONS", "ASSEMBLIES", "ASSESSMENT", "AUDIT", "BOARD", "CAPITAL", "DECISIONS", "DELIBERATION",
           "POLES", "ROSTER"]

ALL_PROJECTIONS = (POLES, ROSTER, DECISIONS, ASSEMBLIES, BOARD, CAPITAL, DELIBERATION, ASSESSMENT, AUDIT)
