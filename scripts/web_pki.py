"""A self-made certificate authority that signs requests the way Alexa does.

Used by the web endpoint tests and by ``scripts/load_test.py``. It builds a root
CA, an intermediate and a signing certificate for ``echo-api.amazon.com``, with
the extensions a Web PKI path validator expects (basic constraints, key usage,
key identifiers, serverAuth), plus deliberately broken variants. RSA keys are
slow to make, so :func:`test_pki` builds everything once per process.
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ALEXA_DOMAIN = "echo-api.amazon.com"
CHAIN_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"

_DAY = dt.timedelta(days=1)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Back Spasm Coach Test PKI"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _builder(subject: x509.Name, issuer: x509.Name, public_key, not_before, not_after):
    return (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key),
                           critical=False))


def make_ca(common_name: str, key, issuer_cert: x509.Certificate | None = None,
            issuer_key=None, path_length: int | None = None,
            not_before=None, not_after=None) -> x509.Certificate:
    """A root (no issuer given) or an intermediate CA certificate."""
    now = _now()
    subject = _name(common_name)
    issuer = issuer_cert.subject if issuer_cert is not None else subject
    signer = issuer_key if issuer_key is not None else key
    builder = _builder(subject, issuer, key.public_key(),
                       not_before or now - 30 * _DAY, not_after or now + 3650 * _DAY)
    builder = builder.add_extension(
        x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
    builder = builder.add_extension(x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True,
        crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
    if issuer_cert is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False)
    return builder.sign(signer, hashes.SHA256())


def make_leaf(key, issuer_cert: x509.Certificate, issuer_key,
              dns_names: list[str] = (ALEXA_DOMAIN,), not_before=None, not_after=None,
              common_name: str = ALEXA_DOMAIN) -> x509.Certificate:
    """A signing certificate like Amazon's: TLS server profile, SAN of DNS names."""
    now = _now()
    builder = _builder(_name(common_name), issuer_cert.subject, key.public_key(),
                       not_before or now - 2 * _DAY, not_after or now + 90 * _DAY)
    builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None),
                                    critical=True)
    builder = builder.add_extension(x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=True,
        data_encipherment=False, key_agreement=False, key_cert_sign=False,
        crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
    builder = builder.add_extension(x509.ExtendedKeyUsage(
        [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    builder = builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
        critical=False)
    if dns_names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in dns_names]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def sign(key, body: bytes) -> str:
    """The ``Signature-256`` header value for ``body``."""
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


@dataclass
class TestPKI:
    root_key: rsa.RSAPrivateKey
    root: x509.Certificate
    intermediate_key: rsa.RSAPrivateKey
    intermediate: x509.Certificate
    signing_key: rsa.RSAPrivateKey
    signing_cert: x509.Certificate
    other_root_key: rsa.RSAPrivateKey
    other_root: x509.Certificate
    other_intermediate: x509.Certificate
    made_at: dt.datetime = field(default_factory=_now)

    __test__ = False  # not a pytest test class

    @property
    def root_pem(self) -> bytes:
        return pem(self.root)

    @property
    def chain_pem(self) -> bytes:
        """What Amazon serves: signing certificate first, then the intermediate."""
        return pem(self.signing_cert, self.intermediate)

    def chain_for(self, leaf: x509.Certificate) -> bytes:
        return pem(leaf, self.intermediate)

    def leaf(self, **options) -> x509.Certificate:
        """Another signing certificate (same key) from the trusted intermediate."""
        return make_leaf(self.signing_key, self.intermediate, self.intermediate_key, **options)

    def untrusted_chain_pem(self) -> bytes:
        """A chain that looks right but leads to a root nobody trusts."""
        leaf = make_leaf(self.signing_key, self.other_intermediate, self.other_root_key)
        return pem(leaf, self.other_intermediate)

    def sign(self, body: bytes) -> str:
        return sign(self.signing_key, body)


@functools.cache
def test_pki() -> TestPKI:
    root_key, intermediate_key, signing_key, other_root_key = (new_key() for _ in range(4))
    root = make_ca("Test Root CA", root_key)
    intermediate = make_ca("Test Intermediate CA", intermediate_key, root, root_key,
                           path_length=0)
    signing_cert = make_leaf(signing_key, intermediate, intermediate_key)
    other_root = make_ca("Test Root CA", other_root_key)  # same name, other key
    other_intermediate = make_ca("Test Intermediate CA", other_root_key, other_root,
                                 other_root_key, path_length=0)
    return TestPKI(root_key, root, intermediate_key, intermediate, signing_key,
                   signing_cert, other_root_key, other_root, other_intermediate)


test_pki.__test__ = False
