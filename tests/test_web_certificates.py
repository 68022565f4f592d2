"""Certificate URL rules, the real HTTPS transport's limits, and the chain cache."""
import datetime as dt
import http.server
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from web_pki import pem, test_pki

from skill.web.certificates import (
    ChainFetcher,
    ExpiringCache,
    canonical_chain_url,
    https_transport,
)
from skill.web.errors import (
    CertificateChainInvalid,
    CertificateFetchFailed,
    CertificateUrlRejected,
)
from skill.web.verification import load_trust_store, parse_chain, validate_chain

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


# --- URL rules ----------------------------------------------------------------

@pytest.mark.parametrize("raw,canonical", [
    ("https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
     "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
    ("https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
     "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
    ("HTTPS://S3.AmazonAWS.com/echo.api/echo-api-cert.pem",
     "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
    ("https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
     "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"),
    ("https://s3.amazonaws.com/echo.api/a/../b/./c.pem",
     "https://s3.amazonaws.com/echo.api/b/c.pem"),
])
def test_amazons_valid_urls_become_one_canonical_url(raw, canonical):
    assert canonical_chain_url(raw) == canonical


@pytest.mark.parametrize("raw", [
    None, "", "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
    "https://notamazon.com/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
    "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
    "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/../evil/cert.pem",
    "https://s3.amazonaws.com/echo.api/" + "a" * 3000,
    "https://s3.amazonaws.com/echo.api/caf\u00e9.pem",
])
def test_urls_outside_the_rules_are_rejected(raw):
    with pytest.raises(CertificateUrlRejected):
        canonical_chain_url(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("./echoapiECHOAPI-_%\\?#@:")), max_size=40))
def test_whatever_the_path_an_accepted_url_stays_under_echo_api(path):
    raw = "https://s3.amazonaws.com/" + path
    try:
        canonical = canonical_chain_url(raw)
    except CertificateUrlRejected:
        return
    assert canonical.startswith("https://s3.amazonaws.com/echo.api/")
    segments = canonical[len("https://s3.amazonaws.com/"):].split("/")
    assert ".." not in segments and "." not in segments


# --- the real HTTPS transport, against a loopback server -------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    routes = {}

    def do_GET(self):  # noqa: N802 (http.server's naming)
        action = self.routes.get(self.path)
        if action is None:
            self.send_error(404)
            return
        action(self)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _serve(body: bytes, *, length=True, delay=0.0, status=200, headers=()):
    def action(handler):
        time.sleep(delay)
        handler.send_response(status)
        for name, value in headers:
            handler.send_header(name, value)
        if length:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return action


def test_transport_returns_the_body(local_server):
    _Handler.routes["/ok"] = _serve(b"chain")
    assert https_transport(local_server + "/ok", 2.0, 1024) == b"chain"


def test_transport_404_is_a_fetch_failure(local_server):
    with pytest.raises(CertificateFetchFailed, match="404"):
        https_transport(local_server + "/missing", 2.0, 1024)


def test_transport_refuses_a_declared_body_over_the_cap(local_server):
    _Handler.routes["/big"] = _serve(b"x" * 5000)
    with pytest.raises(CertificateFetchFailed, match="larger"):
        https_transport(local_server + "/big", 2.0, 1024)


def test_transport_stops_reading_an_undeclared_body_over_the_cap(local_server):
    _Handler.routes["/big-undeclared"] = _serve(b"x" * 50000, length=False)
    with pytest.raises(CertificateFetchFailed, match="larger"):
        https_transport(local_server + "/big-undeclared", 2.0, 1024)


def test_transport_times_out(local_server):
    _Handler.routes["/slow"] = _serve(b"late", delay=1.5)
    started = time.monotonic()
    with pytest.raises(CertificateFetchFailed, match="timed out"):
        https_transport(local_server + "/slow", 0.3, 1024)
    assert time.monotonic() - started < 1.4


def _drip(status_line_and_headers: bytes, body_bytes: int, every: float):
    """A server that sends what it must one byte at a time, slowly."""
    def action(handler):
        try:
            for byte in status_line_and_headers + b"x" * body_bytes:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(every)
        except OSError:  # the client hung up: what the deadline is for
            pass
        handler.close_connection = True
    return action


@pytest.mark.parametrize("route, head", [
    ("/drip-body", b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n"),
    ("/drip-headers", b"HTTP/1.1 200 OK\r\n" + b"X-Padding: " + b"p" * 4000),
])
def test_transport_cuts_off_a_server_sending_one_byte_at_a_time_at_the_deadline(local_server, route, head):
    _Handler.routes[route] = _drip(head, 5000, every=0.01)
    started = time.monotonic()
    with pytest.raises(CertificateFetchFailed, match="timed out"):
        https_transport(local_server + route, 0.5, 64 * 1024)
    assert time.monotonic() - started < 0.8
    # and the connection is closed: nothing keeps reading from that server
    time.sleep(0.3)
    assert not [t for t in threading.enumerate() if t.name == "bsc-chain-fetch"]


def test_endpoint_answers_400_at_the_fetch_deadline_when_the_chain_server_drips(local_server, tmp_path,
                                                                                skill, settings):
    from envelopes import SKILL_ID
    from test_web_endpoint import launch_body, post

    from skill.web import create_app

    _Handler.routes["/drip-chain"] = _drip(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n",
                                           5000, every=0.01)
    roots = tmp_path / "roots.pem"
    roots.write_bytes(test_pki().root_pem)
    slow_s3 = lambda url, timeout, cap: https_transport(local_server + "/drip-chain", timeout, cap)  # noqa: E731
    app = create_app(skill, settings._replace(skill_id=SKILL_ID, trust_store=str(roots),
                                              cert_fetch_timeout=0.4), cert_transport=slow_s3)
    started = time.monotonic()
    response = post(app.test_client(), launch_body())
    assert response.status_code == 400
    assert "timed out" in response.get_json()["message"]
    assert time.monotonic() - started < 0.8


def test_transport_does_not_follow_redirects(local_server):
    hits = []
    _Handler.routes["/target"] = lambda handler: (hits.append(1), _serve(b"evil")(handler))
    _Handler.routes["/redirect"] = _serve(b"", status=302,
                                          headers=[("Location", local_server + "/target")])
    with pytest.raises(CertificateFetchFailed, match="302"):
        https_transport(local_server + "/redirect", 2.0, 1024)
    assert hits == []


def test_transport_connection_refused_is_a_fetch_failure():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(CertificateFetchFailed):
        https_transport(f"http://127.0.0.1:{port}/x", 1.0, 1024)


def test_fetcher_caps_what_any_transport_returns():
    fetcher = ChainFetcher(lambda url, timeout, cap: b"x" * (cap + 1), max_bytes=100)
    with pytest.raises(CertificateFetchFailed):
        fetcher.fetch("https://s3.amazonaws.com/echo.api/x.pem")


def test_fetcher_passes_its_limits_to_the_transport():
    seen = []
    fetcher = ChainFetcher(lambda url, timeout, cap: seen.append((url, timeout, cap)) or b"",
                           timeout=1.5, max_bytes=777)
    fetcher.fetch("https://s3.amazonaws.com/echo.api/x.pem")
    assert seen == [("https://s3.amazonaws.com/echo.api/x.pem", 1.5, 777)]


# --- chain validation against trust stores -------------------------------------

def test_default_trust_store_is_certifi_and_does_not_trust_the_test_ca():
    import certifi

    store, path, count = load_trust_store()
    assert path == certifi.where() and count > 50
    pki = test_pki()
    with pytest.raises(CertificateChainInvalid, match="trusted root"):
        validate_chain(parse_chain(pki.chain_pem), store, NOW)


def test_verified_chain_expires_with_its_first_certificate_to_expire(tmp_path):
    pki = test_pki()
    (tmp_path / "root.pem").write_bytes(pki.root_pem)
    store, _, _ = load_trust_store(str(tmp_path / "root.pem"))
    leaf = pki.leaf(not_after=NOW + dt.timedelta(days=3))
    chain = validate_chain(parse_chain(pki.chain_for(leaf)), store, NOW)
    assert chain.expires_at == leaf.not_valid_after_utc


def test_chain_of_too_many_certificates_is_refused():
    pki = test_pki()
    with pytest.raises(CertificateChainInvalid):
        parse_chain(pem(*[pki.intermediate] * 7))


# --- the cache ----------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = NOW

    def __call__(self):
        return self.now


def test_cache_hit_until_expiry_then_reload():
    clock = Clock()
    cache = ExpiringCache(clock)
    loads = []

    def loader():
        loads.append(clock.now)
        return len(loads), clock.now + dt.timedelta(minutes=10)

    assert cache.get_or_load("k", loader) == 1
    clock.now += dt.timedelta(minutes=9)
    assert cache.get_or_load("k", loader) == 1
    clock.now += dt.timedelta(minutes=1)
    assert cache.get_or_load("k", loader) == 2
    assert len(loads) == 2


def test_cache_does_not_keep_failures_or_already_expired_values():
    clock = Clock()
    cache = ExpiringCache(clock)
    with pytest.raises(ValueError):
        cache.get_or_load("k", lambda: (_ for _ in ()).throw(ValueError("boom")))
    assert cache.get_or_load("k", lambda: ("stale", clock.now - dt.timedelta(seconds=1))) == "stale"
    assert len(cache) == 0


def test_cache_is_bounded_and_drops_the_least_recently_used():
    clock = Clock()
    cache = ExpiringCache(clock, max_entries=2)
    later = NOW + dt.timedelta(days=1)
    cache.get_or_load("a", lambda: ("A", later))
    cache.get_or_load("b", lambda: ("B", later))
    cache.get_or_load("a", lambda: ("A2", later))  # hit: "a" is now the newest
    cache.get_or_load("c", lambda: ("C", later))   # evicts "b"
    assert len(cache) == 2
    assert cache.get_or_load("a", lambda: ("A3", later)) == "A"
    assert cache.get_or_load("b", lambda: ("B2", later)) == "B2"


def test_concurrent_misses_load_once():
    clock = Clock()
    cache = ExpiringCache(clock)
    loads = []
    gate = threading.Event()

    def slow_loader():
        loads.append(1)
        gate.wait(2)
        return "value", NOW + dt.timedelta(days=1)

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get_or_load("k", slow_loader)))
               for _ in range(16)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    gate.set()
    for thread in threads:
        thread.join(5)
    assert results == ["value"] * 16
    assert len(loads) == 1
