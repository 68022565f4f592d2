"""Proving a request came from Alexa, for this skill, just now.

This replaces ``ask_sdk_webservice_support.verifier``, which cannot be imported
on OpenSSL 3.0.10 and later (its ``certvalidator`` -> ``oscrypto`` dependency
fails to detect the library version). Path validation here is
``cryptography.x509.verification``: pyca's own Rust implementation of RFC 5280
/ CA/Browser-Forum chain building, with no second crypto stack to trust. Only the
SDK's constants module is used, so the rules stay Amazon's:

* ``Signature-256``: base64 RSA PKCS#1 v1.5 SHA-256 signature over the exact
  body bytes, checked with the signing certificate's public key;
* ``SignatureCertChainUrl``: see :func:`.certificates.canonical_chain_url`;
* the signing certificate is valid now, names ``echo-api.amazon.com`` in its
  SANs (exactly: a wildcard is not enough), holds an RSA key of at least
  2048 bits, and chains to a trusted root;
* ``request.timestamp`` within 150 s of our clock (3600 s for skill events);
* the application id equals the configured skill id.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import logging
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ask_sdk_webservice_support.verifier_constants import (
    ALEXA_SKILL_EVENT_LIST,
    CERT_CHAIN_DOMAIN,
    MAX_NORMAL_REQUEST_TOLERANCE_IN_MILLIS,
    MAX_SKILL_EVENT_TOLERANCE_IN_MILLIS,
    SIGNATURE_CERT_CHAIN_URL_HEADER,
    SIGNATURE_HEADER,
)
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from .certificates import (
    ChainFetcher,
    ExpiringCache,
    RecentFailures,
    canonical_chain_url,
)
from .errors import CertificateChainInvalid, CertificateFetchFailed, VerificationFailed

log = logging.getLogger(__name__)

NORMAL_TOLERANCE_SECONDS = MAX_NORMAL_REQUEST_TOLERANCE_IN_MILLIS / 1000
SKILL_EVENT_TOLERANCE_SECONDS = MAX_SKILL_EVENT_TOLERANCE_IN_MILLIS / 1000
MAX_CHAIN_CERTIFICATES = 6
MAX_SIGNATURE_HEADER_LENGTH = 4096
MIN_RSA_KEY_BITS = 2048


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def default_trust_store_path() -> str:
    """certifi's Mozilla bundle: pinned with the app, the same on every host
    (Debian, Amazon Linux, Lambda, containers), and it holds the Amazon and
    DigiCert roots Alexa's signing certificates chain to."""
    import certifi

    return certifi.where()


def load_trust_store(path: str | None = None) -> tuple:
    """Return ``(Store, path, number_of_roots)`` from a PEM bundle."""
    path = path or default_trust_store_path()
    with open(path, "rb") as handle:
        data = handle.read()
    with warnings.catch_warnings():
        # Mozilla's bundle holds an old root with a non-positive serial number.
        warnings.simplefilter("ignore")
        roots = x509.load_pem_x509_certificates(data)
    return Store(roots), path, len(roots)


@dataclass(frozen=True)
class VerifiedChain:
    public_key: rsa.RSAPublicKey
    expires_at: dt.datetime


def _as_utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def parse_chain(pem: bytes) -> list:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            certificates = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise CertificateChainInvalid("certificate chain is not PEM certificates") from None
    if not certificates:
        raise CertificateChainInvalid("certificate chain is empty")
    if len(certificates) > MAX_CHAIN_CERTIFICATES:
        raise CertificateChainInvalid("certificate chain has too many certificates")
    return certificates


def validate_chain(certificates: list, store: Store, now: dt.datetime) -> VerifiedChain:
    """Check the signing certificate (first in the chain) and its path to a root."""
    leaf, intermediates = certificates[0], certificates[1:]
    if now < leaf.not_valid_before_utc:
        raise CertificateChainInvalid("signing certificate is not valid yet")
    if now > leaf.not_valid_after_utc:
        raise CertificateChainInvalid("signing certificate has expired")
    try:
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = {name.lower() for name in san.get_values_for_type(x509.DNSName)}
    except x509.ExtensionNotFound:
        names = set()
    except ValueError:
        raise CertificateChainInvalid("signing certificate has unreadable extensions") from None
    if CERT_CHAIN_DOMAIN not in names:
        raise CertificateChainInvalid(
            f"signing certificate does not name {CERT_CHAIN_DOMAIN}")
    public_key = leaf.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise CertificateChainInvalid("signing certificate key is not RSA")
    if public_key.key_size < MIN_RSA_KEY_BITS:
        raise CertificateChainInvalid(
            f"signing certificate key is shorter than {MIN_RSA_KEY_BITS} bits")
    verifier = (PolicyBuilder().store(store).time(now)
                .build_server_verifier(x509.DNSName(CERT_CHAIN_DOMAIN)))
    try:
        built = verifier.verify(leaf, intermediates)
    except VerificationError as exc:
        # The reason names certificates, never request content: worth keeping
        # for whoever has to find out why Amazon's chain was refused.
        log.warning("certificate chain rejected by path validation: %s", exc)
        raise CertificateChainInvalid(
            "certificate chain does not lead to a trusted root") from None
    expires_at = min(cert.not_valid_after_utc for cert in built)
    return VerifiedChain(public_key=public_key, expires_at=expires_at)


def decode_signature(value: str) -> bytes:
    if len(value) > MAX_SIGNATURE_HEADER_LENGTH:
        raise VerificationFailed(f"{SIGNATURE_HEADER} header is too long")
    try:
        return base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise VerificationFailed(f"{SIGNATURE_HEADER} header is not base64") from None


def parse_timestamp(value) -> dt.datetime:
    if not isinstance(value, str):
        raise VerificationFailed("request timestamp is missing")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise VerificationFailed("request timestamp is not ISO 8601") from None
    return _as_utc(moment)


def check_timestamp(request: Mapping, now: dt.datetime) -> None:
    """150 s either side of our clock; an hour for skill events (inclusive)."""
    moment = parse_timestamp(request.get("timestamp"))
    tolerance = (SKILL_EVENT_TOLERANCE_SECONDS
                 if request.get("type") in ALEXA_SKILL_EVENT_LIST
                 else NORMAL_TOLERANCE_SECONDS)
    if abs((now - moment).total_seconds()) > tolerance:
        raise VerificationFailed(
            f"request timestamp is more than {tolerance:g} seconds from the server clock")


def application_ids(envelope: Mapping) -> tuple:
    """``(context id, session id)``: either may be None."""
    found = []
    for path in (("context", "System", "application", "applicationId"),
                 ("session", "application", "applicationId")):
        node = envelope
        for key in path:
            node = node.get(key) if isinstance(node, Mapping) else None
        found.append(node)
    return tuple(found)


def check_application_id(envelope: Mapping, skill_id: str | None) -> None:
    """When a skill id is configured, the envelope must be for that skill.

    The id is read from ``context.System.application`` (every Alexa request
    carries it there, skill events included, and the SDK's own check reads
    it there too); a ``session.application`` id, when present, must agree.
    """
    if not skill_id:
        return
    context_id, session_id = application_ids(envelope)
    if context_id is None:
        raise VerificationFailed("request names no application id")
    if context_id != skill_id or (session_id is not None and session_id != skill_id):
        raise VerificationFailed("request is for another skill")


class RequestVerifier:
    """Signature, certificate and timestamp checks for one incoming request."""

    def __init__(self, store: Store, fetcher: ChainFetcher,
                 clock: Callable[[], dt.datetime] = utc_now,
                 cache: ExpiringCache | None = None,
                 failures: RecentFailures | None = None):
        self._store = store
        self._fetcher = fetcher
        self._clock = clock
        self.cache = cache or ExpiringCache(clock=clock)
        self.failures = failures or RecentFailures(clock=clock)

    def _load_chain(self, url: str):
        """Fetch and check the chain: only on a cache miss, and not for a URL that failed lately."""
        refusal = self.failures.refusal(url)
        if refusal:
            raise CertificateFetchFailed(refusal)
        try:
            certificates = parse_chain(self._fetcher.fetch(url))
            chain = validate_chain(certificates, self._store, _as_utc(self._clock()))
        except VerificationFailed:
            self.failures.remember(url)
            raise
        return chain, chain.expires_at

    def verify(self, headers: Mapping, body: bytes, envelope: Mapping) -> None:
        """Raise :class:`VerificationFailed` unless the request is Alexa's.

        Cheap checks come first so forged requests cost no network fetch; the
        chain fetch and the signature come last.
        """
        signature_text = headers.get(SIGNATURE_HEADER)
        chain_url = headers.get(SIGNATURE_CERT_CHAIN_URL_HEADER)
        if not signature_text:
            raise VerificationFailed(f"{SIGNATURE_HEADER} header is missing")
        if not chain_url:
            raise VerificationFailed(f"{SIGNATURE_CERT_CHAIN_URL_HEADER} header is missing")
        url = canonical_chain_url(chain_url)
        signature = decode_signature(signature_text)
        check_timestamp(envelope["request"], _as_utc(self._clock()))
        chain = self.cache.get_or_load(url, lambda: self._load_chain(url))
        try:
            chain.public_key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise VerificationFailed(
                f"{SIGNATURE_HEADER} does not match the request body") from None
