"""Getting Alexa's signing certificate chain: which URLs, how, and for how long.

Three pieces, each replaceable on its own:

* :func:`canonical_chain_url` applies Amazon's rules to the
  ``SignatureCertChainUrl`` header and returns the one URL we will fetch.
* :class:`ChainFetcher` fetches through a *transport* (a function
  ``transport(url, timeout, max_bytes) -> bytes``) with a time-out and a size
  cap. The default transport is :func:`https_transport` (``http.client``, a
  hard wall-clock deadline, no redirects, no proxies). Tests and the load
  script pass their own transport; the URL rules and the cache in front of it
  stay the real ones. No environment variable can swap the transport or send
  the fetch elsewhere: only code that builds the app can.
* :class:`ExpiringCache` keeps verified chains until they expire, thread-safe,
  loading each key at most once at a time.
* :class:`RecentFailures` remembers URLs whose chain could not be fetched or
  checked, so a forged request naming one causes no fetch for a while, and
  bounds how many fetches failing URLs can cause at all.
"""
from __future__ import annotations

import datetime as dt
import os
import posixpath
import socket
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from urllib.parse import urlsplit

from ask_sdk_webservice_support.verifier_constants import (
    CERT_CHAIN_URL_HOSTNAME,
    CERT_CHAIN_URL_PORT,
    CERT_CHAIN_URL_PROTOCOL,
    CERT_CHAIN_URL_STARTPATH,
)

from .errors import CertificateFetchFailed, CertificateUrlRejected

# The SDK builds the prefix with os.path.sep; URLs always use "/".
CHAIN_URL_PATH_PREFIX = CERT_CHAIN_URL_STARTPATH.replace(os.path.sep, "/")
MAX_CHAIN_URL_LENGTH = 2048

Transport = Callable[[str, float, int], bytes]


def canonical_chain_url(raw_url: str | None) -> str:
    """Check a ``SignatureCertChainUrl`` value; return the canonical URL.

    Rules (Amazon's, plus a few strictness extras): scheme https (any case);
    host s3.amazonaws.com (any case); port 443 if one is given; the path,
    after resolving ``.`` and ``..`` segments, starts with ``/echo.api/``
    (case-sensitive). Extras: no user info, query, fragment, percent-escapes,
    backslashes, whitespace or non-ASCII, so the URL we check is the URL we
    fetch. The result is rebuilt from the checked parts, never the raw text.
    """
    if not raw_url:
        raise CertificateUrlRejected("SignatureCertChainUrl header is empty")
    if len(raw_url) > MAX_CHAIN_URL_LENGTH:
        raise CertificateUrlRejected("SignatureCertChainUrl is too long")
    if any(ch in raw_url for ch in "\\%?#@") or any(
            not 0x21 <= ord(ch) <= 0x7E for ch in raw_url):
        raise CertificateUrlRejected(
            "SignatureCertChainUrl contains characters Amazon's URLs never use")
    try:
        parts = urlsplit(raw_url)
        port = parts.port
    except ValueError:
        raise CertificateUrlRejected("SignatureCertChainUrl is not a valid URL") from None
    if parts.scheme.lower() != CERT_CHAIN_URL_PROTOCOL.lower():
        raise CertificateUrlRejected("SignatureCertChainUrl must use https")
    if (parts.hostname or "").lower() != CERT_CHAIN_URL_HOSTNAME.lower():
        raise CertificateUrlRejected(
            f"SignatureCertChainUrl host must be {CERT_CHAIN_URL_HOSTNAME}")
    if port is not None and port != CERT_CHAIN_URL_PORT:
        raise CertificateUrlRejected(
            f"SignatureCertChainUrl port must be {CERT_CHAIN_URL_PORT}")
    path = posixpath.normpath(parts.path or "/")
    if not path.startswith(CHAIN_URL_PATH_PREFIX):
        raise CertificateUrlRejected(
            f"SignatureCertChainUrl path must start with {CHAIN_URL_PATH_PREFIX}")
    return f"https://{CERT_CHAIN_URL_HOSTNAME}{path}"


def _tls_context():
    """TLS to S3 checked against certifi's roots only: no environment variable
    (``SSL_CERT_FILE``, ``REQUESTS_CA_BUNDLE``) adds any."""
    import ssl

    import certifi

    return ssl.create_default_context(cafile=certifi.where())


class _Fetch:
    """One GET with ``http.client``: no redirects, no proxies, no .netrc, a size cap.

    Runs in a helper thread; :meth:`abort` closes its connection from outside.
    """

    def __init__(self, url: str, timeout: float, max_bytes: int):
        self.url, self.timeout, self.max_bytes = url, timeout, max_bytes
        self.body: bytes | None = None
        self.error: BaseException | None = None
        self._lock = threading.Lock()
        self._connection = None
        self._aborted = False

    def _connect(self):
        import http.client

        parts = urlsplit(self.url)
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=self.timeout, context=_tls_context())
        else:  # plain http only ever reaches here from tests on loopback
            connection = http.client.HTTPConnection(parts.hostname, parts.port,
                                                    timeout=self.timeout)
        with self._lock:
            if self._aborted:
                raise TimeoutError("aborted")
            self._connection = connection
        connection.connect()
        with self._lock:  # an abort while connecting found no socket to close
            if self._aborted:
                connection.close()
                raise TimeoutError("aborted")
        return connection, parts.path or "/"

    def run(self) -> None:
        try:
            connection, path = self._connect()
            connection.request("GET", path, headers={"Accept-Encoding": "identity"})
            response = connection.getresponse()
            if response.status != 200:
                raise CertificateFetchFailed(
                    f"certificate chain URL answered HTTP {response.status}")
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise CertificateFetchFailed(
                    f"certificate chain is larger than {self.max_bytes} bytes")
            body = response.read(self.max_bytes + 1)
            if len(body) > self.max_bytes:
                raise CertificateFetchFailed(
                    f"certificate chain is larger than {self.max_bytes} bytes")
            self.body = body
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            self.error = exc
        finally:
            self.abort()

    def abort(self) -> None:
        """Close the connection (from any thread): a blocked read returns at once."""
        with self._lock:
            self._aborted = True
            connection, self._connection = self._connection, None
        if connection is not None:
            sock = connection.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            connection.close()


def https_transport(url: str, timeout: float, max_bytes: int) -> bytes:
    """Fetch ``url`` within ``timeout`` seconds of wall-clock time, whatever the server does.

    The GET runs in a helper thread and the caller waits for it at most
    ``timeout`` seconds: name lookup, connect, TLS, headers and body all count,
    so a server that sends one byte at a time is cut off at the deadline, not
    after its last byte. The connection is then closed and the helper ends.
    ``http.client`` reads no environment (no proxy variables, no .netrc, no
    extra CA bundles), follows no redirects, and the TLS connection is checked
    against certifi's roots.
    """
    fetch = _Fetch(url, timeout, max_bytes)
    helper = threading.Thread(target=fetch.run, name="bsc-chain-fetch", daemon=True)
    helper.start()
    helper.join(timeout)
    if helper.is_alive():
        fetch.abort()
        raise CertificateFetchFailed("certificate chain fetch timed out")
    if isinstance(fetch.error, CertificateFetchFailed):
        raise fetch.error
    if isinstance(fetch.error, TimeoutError):  # socket.timeout is TimeoutError
        raise CertificateFetchFailed("certificate chain fetch timed out")
    if fetch.error is not None:
        raise CertificateFetchFailed(
            f"certificate chain fetch failed ({type(fetch.error).__name__})")
    return fetch.body


class ChainFetcher:
    """Fetch a chain through a transport, mapping every failure to 400."""

    def __init__(self, transport: Transport | None = None,
                 timeout: float = 2.0, max_bytes: int = 64 * 1024):
        self._transport = transport or https_transport
        self.timeout = timeout
        self.max_bytes = max_bytes

    def fetch(self, url: str) -> bytes:
        try:
            data = self._transport(url, self.timeout, self.max_bytes)
        except CertificateFetchFailed:
            raise
        except TimeoutError:
            raise CertificateFetchFailed("certificate chain fetch timed out") from None
        except Exception as exc:  # any transport failure is the request's problem
            raise CertificateFetchFailed(
                f"certificate chain fetch failed ({type(exc).__name__})") from None
        if not isinstance(data, (bytes, bytearray)):
            raise CertificateFetchFailed("certificate chain fetch returned no data")
        if len(data) > self.max_bytes:
            raise CertificateFetchFailed(
                f"certificate chain is larger than {self.max_bytes} bytes")
        return bytes(data)


class _Entry:
    __slots__ = ("value", "expires_at")

    def __init__(self, value, expires_at):
        self.value = value
        self.expires_at = expires_at


class ExpiringCache:
    """A small thread-safe cache whose entries carry their own expiry time.

    ``get_or_load(key, loader)``: ``loader()`` returns ``(value, expires_at)``
    and runs at most once at a time per key; concurrent callers for the same key
    wait and then reuse its result. Failures are not cached. At most
    ``max_entries`` entries are kept (least recently used go first).
    """

    def __init__(self, clock: Callable, max_entries: int = 16):
        self._clock = clock
        self._max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._loading: dict = {}

    def _fresh(self, key, now):
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires_at <= now:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry

    def get_or_load(self, key: Hashable, loader: Callable[[], tuple[object, object]]):
        with self._lock:
            entry = self._fresh(key, self._clock())
            if entry is not None:
                return entry.value
            key_lock = self._loading.setdefault(key, threading.Lock())
        with key_lock:
            try:
                with self._lock:
                    entry = self._fresh(key, self._clock())
                    if entry is not None:
                        return entry.value
                value, expires_at = loader()
                with self._lock:
                    if expires_at > self._clock():
                        self._entries[key] = _Entry(value, expires_at)
                        self._entries.move_to_end(key)
                        while len(self._entries) > self._max_entries:
                            self._entries.popitem(last=False)
                return value
            finally:
                with self._lock:
                    if self._loading.get(key) is key_lock:
                        del self._loading[key]

    def __len__(self):
        with self._lock:
            return len(self._entries)

    def clear(self):
        with self._lock:
            self._entries.clear()


class RecentFailures:
    """URLs whose chain failed lately: refused without a fetch for ``ttl``.

    At most ``max_entries`` are kept. While that many failures are fresh, any
    URL not already verified and cached is refused without a fetch too, so
    forged requests that each name a new random ``/echo.api/`` URL cause at
    most ``max_entries`` outbound fetches per ``ttl``. Amazon's real chain,
    once verified, sits in the chain cache and is never affected.
    """

    def __init__(self, clock: Callable, ttl: dt.timedelta = dt.timedelta(seconds=60),
                 max_entries: int = 32):
        self._clock = clock
        self._ttl = ttl
        self._max_entries = max_entries
        self._lock = threading.Lock()
        self._until: OrderedDict[str, object] = OrderedDict()

    def _forget_expired(self, now) -> None:
        for url in [u for u, until in self._until.items() if until <= now]:
            del self._until[url]

    def refusal(self, url: str) -> str | None:
        """Why ``url`` must not be fetched now, or None."""
        with self._lock:
            self._forget_expired(self._clock())
            if url in self._until:
                return "certificate chain URL failed recently; not fetched again yet"
            if len(self._until) >= self._max_entries:
                return "too many certificate chain fetches failed recently"
            return None

    def remember(self, url: str) -> None:
        with self._lock:
            self._until.pop(url, None)
            self._until[url] = self._clock() + self._ttl
            while len(self._until) > self._max_entries:
                self._until.popitem(last=False)

    def __len__(self):
        with self._lock:
            return len(self._until)
