"""gunicorn settings for Collegia, from the environment (see the README's configuration table).

    gunicorn -c gunicorn.conf.py          # serves web.wsgi:app
"""

import os

wsgi_app = "web.wsgi:app"
bind = os.environ.get("COLLEGIA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("COLLEGIA_WEB_WORKERS") or 2)
threads = int(os.environ.get("COLLEGIA_WEB_THREADS") or 4)
worker_class = "gthread"
preload_app = False  # each worker opens its own database pools
timeout = 60
graceful_timeout = 30
keepalive = 5
# Behind a reverse proxy on the same machine: trust its X-Forwarded-Proto (HTTPS detection).
forwarded_allow_ips = os.environ.get("COLLEGIA_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("COLLEGIA_LOG_LEVEL", "info")
proc_name = "collegia-web"
# gunicorn ≥ 25 opens a control socket in $HOME by default; several instances on one machine
# (a test run next to `make run-postgres`) would share it. Manage workers with signals instead.
control_socket_disable = True
