"""The JSON API under /api/v1/ (`bp`) and the browser pages where users manage their API tokens (`tokens_bp`).

The API authenticates by Bearer token only, never by the session cookie, so it is exempt from CSRF.
"""

from web.api import ballots, capital, docs, elections, events, members, poles, power, proposals, tallies  # noqa: F401  (they register the operations)
from web.api import deliberation  # noqa: F401  (issue 23: it registers its operations)
from web.api import referentiel, networks  # noqa: F401  (issue 24: they register their operations)
from web.api import token_ops  # noqa: F401  (issue 26: tokens over the API)
from web.api import accounts, assemblies, mail, minutes, webhooks  # noqa: F401  (issue 26: they register their operations)
from web.api.routing import bp
from web.api.token_pages import tokens_bp
from web.extensions import csrf

csrf.exempt(bp)

__all__ = ["bp", "tokens_bp"]
