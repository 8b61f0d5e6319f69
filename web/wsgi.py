"""WSGI entry point for gunicorn (`gunicorn -c gunicorn.conf.py web.wsgi:app`).

Each web worker builds its own system from the `COLLEGIA_*` environment, after the fork
(no preloading: database pools are never shared between processes). It creates no
table and no key: `collegia init` must have run. In worker mode
(`COLLEGIA_PROJECTIONS=worker`) it never writes read models either.
"""

from __future__ import annotations

from infrastructure.config import Settings
from infrastructure.system import bootstrap
from web.app import create_app

app = create_app(bootstrap(Settings.from_env(), create_key=False))
