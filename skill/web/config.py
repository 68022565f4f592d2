"""Where the web endpoint may listen while request verification is off.

Its settings are the skill's (``skill.settings.Settings``: ``dev_insecure``,
``trust_store``, ``max_body_bytes`` and the certificate fetch limits), read once
when the app is made; this module only guards the address it listens on.
"""
from __future__ import annotations

import ipaddress

from ..settings import ConfigError


def is_loopback_host(host: str) -> bool:
    """True only for literal loopback addresses (127.0.0.0/8, ::1).

    Names such as ``localhost`` are refused: what they resolve to is up to the
    machine's resolver, and this check guards an unauthenticated endpoint.
    """
    host = (host or "").strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_host(bind: str) -> str:
    """The host part of a gunicorn-style bind string (``host:port``, ``[::1]:p``)."""
    bind = bind.strip()
    if bind.startswith("unix:") or bind.startswith("fd://"):
        return bind
    if bind.startswith("["):
        return bind[1:bind.index("]")] if "]" in bind else bind
    if bind.count(":") == 1:
        return bind.rsplit(":", 1)[0]
    return bind


def ensure_safe_bind(hosts, dev_insecure: bool) -> None:
    """Refuse to listen beyond loopback while verification is off.

    ``hosts`` is one host or an iterable of hosts (or gunicorn bind strings).
    """
    if not dev_insecure:
        return
    if isinstance(hosts, str):
        hosts = [hosts]
    for host in hosts:
        if not is_loopback_host(bind_host(host)):
            raise ConfigError(
                f"refusing to listen on {host!r} with request verification off "
                "(BSC_DEV_INSECURE): only 127.0.0.1 or ::1 are allowed")
