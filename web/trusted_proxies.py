"""The client's address behind reverse proxies: `COLLEGIA_TRUSTED_PROXIES` hops are trusted.

Behind the documented nginx every request comes from 127.0.0.1; nginx appends the address it
saw to `X-Forwarded-For`. With `COLLEGIA_TRUSTED_PROXIES=1`, Werkzeug's ProxyFix takes that
last entry (the one nginx wrote, not what the client sent before it) as `request.remote_addr`,
which login throttling counts per address. With the default 0 the header is ignored: a client
talking to the app directly cannot choose its address by writing the header.
"""

from __future__ import annotations

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

SETTING = "COLLEGIA_TRUSTED_PROXIES"


def trusted_proxies(environ: dict[str, str] | None = None) -> int:
    """How many reverse proxies stand in front of the app (0: none, `X-Forwarded-For` ignored)."""
    value = ((os.environ if environ is None else environ).get(SETTING) or "0").strip()
    if not (value.isascii() and value.isdigit()):  # "²".isdigit() is true, int("²") fails
        raise ValueError(f"{SETTING} must be the number of reverse proxies in front of the app (0, 1...), "
                         f"not {value!r}")
    return int(value)


def apply_trusted_proxies(app: Flask, hops: int | None = None) -> Flask:
    """Take the client's address from the `X-Forwarded-For` entries of `hops` trusted proxies
    (default: the setting). Only the address: `X-Forwarded-Proto` is gunicorn's (`forwarded_allow_ips`)."""
    hops = trusted_proxies() if hops is None else hops
    if hops > 0 and not app.extensions.get(SETTING):  # once per app
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=0, x_host=0, x_port=0, x_prefix=0)
        app.extensions[SETTING] = hops
    return app
