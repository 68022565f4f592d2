"""Production settings for the Alexa endpoint: ``gunicorn -c gunicorn.conf.py``.

Put it behind HTTPS on port 443 (a load balancer, nginx, or a tunnel for
testing); Alexa only calls https endpoints.

| variable           | default                                   |
| ------------------ | ----------------------------------------- |
| ``BSC_BIND``       | ``0.0.0.0:$PORT`` if ``PORT`` is set, else ``127.0.0.1:8000`` |
| ``BSC_WORKERS``    | 2 x CPU cores + 1                         |
| ``BSC_THREADS``    | 1 (sync workers); above 1 uses gthread    |
| ``BSC_TIMEOUT``    | 10 seconds (above Alexa's 8 s deadline)   |
| ``BSC_LOG_LEVEL``  | INFO (the app's one line per request)     |

With ``BSC_DEV_INSECURE=1`` (verification off) gunicorn refuses to start on any
address but 127.0.0.1 or ::1.
"""
import logging
import multiprocessing
import os
import sys

from skill.settings import ConfigError, Settings
from skill.web.config import ensure_safe_bind


def _int_env(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def _default_bind():
    if os.environ.get("BSC_BIND"):
        return [b.strip() for b in os.environ["BSC_BIND"].split(",") if b.strip()]
    if os.environ.get("PORT"):
        return [f"0.0.0.0:{int(os.environ['PORT'])}"]
    return ["127.0.0.1:8000"]


wsgi_app = "skill.web:app_from_environment()"
bind = _default_bind()

workers = _int_env("BSC_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int_env("BSC_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# Alexa waits 8 s and every request finishes well inside that; a worker silent
# longer than this is stuck, and is killed and restarted. Above 8 s, so a slow
# but healthy answer is never cut off by the timeout itself.
timeout = _int_env("BSC_TIMEOUT", 10)
graceful_timeout = 10
keepalive = 5

# Requests are small JSON envelopes; refuse oversized request lines and headers.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# Access log: client, time, method, path without the query string, status,
# bytes and milliseconds. Never bodies, query strings or headers.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

# No runtime control socket (gunicorn >= 24): nothing here needs managing live,
# and it would be one more door into the process.
control_socket_disable = True


def on_starting(server):
    """Check the settings before any worker starts: fail fast and loudly."""
    try:
        settings = Settings.from_env().checked_for_web()
        ensure_safe_bind(server.cfg.bind, settings.dev_insecure)
    except ConfigError as exc:
        server.log.error("refusing to start: %s", exc)
        raise SystemExit(1) from None
    if settings.dev_insecure:
        server.log.warning("REQUEST VERIFICATION IS OFF (BSC_DEV_INSECURE): "
                           "development only, loopback only")


def post_fork(server, worker):
    """Send the app's own log lines (``skill.*``) to stderr next to gunicorn's.

    One line per request: type, outcome, status, latency; never ids or words.
    """
    logger = logging.getLogger("skill")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(
            "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s",
            "[%Y-%m-%d %H:%M:%S %z]"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(os.environ.get("BSC_LOG_LEVEL", "INFO").upper())
