"""A throw-away PKI for the signing tests, served for real on a loopback port.

certomancer (which pyHanko's own tests use) builds the PKI of tests/signing/certomancer.yml from keys generated
here into a temporary directory; its `Animator` WSGI app answers RFC 3161 timestamp requests and serves the CRLs
over HTTP on 127.0.0.1 (werkzeug's server in a background thread). The tests reach the timestamp authority
through pyHanko's `HTTPTimeStamper` (infrastructure/pades.py `timestamper_for`) and fetch the CRLs over HTTP:
nothing is mocked. Everything is session-scoped: the PKI is made once, the PDFs are signed once per scenario.
"""

from __future__ import annotations

import io
import threading
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pikepdf
import pytest
from asn1crypto import crl as asn1_crl
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from infrastructure import pades, pki

CONFIG = Path(__file__).with_name("certomancer.yml")
ARCH = "testing-ca"
KEYS = ("root", "interm", "tsa", "chair", "secretary", "revoked", "expired")
TEXT = b"(Proces-verbal de l'assemblee generale: la resolution 1 est adoptee.) Tj"


@dataclass
class ThrowAwayPKI:
    """The certomancer PKI as the tests use it: certificates and keys (asn1crypto, as certomancer gives them),
    the loopback URLs, the CRLs fetched from them, and how many timestamp requests the server answered."""

    arch: Any
    base_url: str
    requests: dict[str, int] = field(default_factory=dict)

    def cert(self, label: str) -> Any:
        from certomancer.registry import CertLabel
        return self.arch.get_cert(CertLabel(label))

    def key(self, label: str) -> Any:
        from certomancer.registry import KeyLabel
        return self.arch.key_set.get_private_key(KeyLabel(label))

    @property
    def root(self) -> Any:
        return self.cert("root")

    @property
    def tsa_url(self) -> str:
        return f"{self.base_url}/{ARCH}/tsa/tsa"

    def crls(self) -> list[bytes]:
        """The latest CRL of the root and of the intermediate authority, fetched over HTTP."""
        result = []
        for repo in ("root", "interm"):
            with urllib.request.urlopen(f"{self.base_url}/{ARCH}/crls/{repo}/latest.crl", timeout=5) as answer:
                result.append(answer.read())
        return result

    def context(self, **kwargs: Any) -> Any:
        return pades.validation_context([self.root], crls=self.crls(), **kwargs)


class _Counting:
    """The Animator WSGI app, counting the requests by kind (the tests check the TSA was really asked)."""

    def __init__(self, requests: dict[str, int]) -> None:
        self.app: Callable | None = None
        self.requests = requests

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        kind = "tsa" if "/tsa/" in environ.get("PATH_INFO", "") else "other"
        self.requests[kind] = self.requests.get(kind, 0) + 1
        assert self.app is not None
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory) -> Any:
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import CertomancerConfig
    from werkzeug.serving import make_server

    keys = tmp_path_factory.mktemp("pki-keys")
    for label in KEYS:
        key = ec.generate_private_key(ec.SECP256R1())
        (keys / f"{label}.key.pem").write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    requests: dict[str, int] = {}
    app = _Counting(requests)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    config = CertomancerConfig.from_file(str(CONFIG), key_search_dir=str(keys), external_url_prefix=base_url)
    app.app = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False)
    thread = threading.Thread(target=server.serve_forever, name="certomancer", daemon=True)
    thread.start()
    try:
        from certomancer.registry import ArchLabel
        yield ThrowAwayPKI(arch=config.get_pki_arch(ArchLabel(ARCH)), base_url=base_url, requests=requests)
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def http_tsa(test_pki) -> Any:
    """The certomancer TSA, through pyHanko's RFC 3161 HTTP client."""
    return pades.timestamper_for(test_pki.tsa_url)


def small_pdf(text: bytes = TEXT) -> bytes:
    """A one-page PDF whose content stream is not compressed, so a test can change one byte of its text."""
    document = pikepdf.new()
    page = document.add_blank_page(page_size=(595, 842))
    font = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                     BaseFont=pikepdf.Name.Helvetica))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = document.make_stream(b"BT /F1 12 Tf 56 780 Td " + text + b" ET")
    out = io.BytesIO()
    document.save(out, compress_streams=False, deterministic_id=True)
    return out.getvalue()


@pytest.fixture(scope="session")
def unsigned_pdf() -> bytes:
    return small_pdf()


def sign_as(test_pki: ThrowAwayPKI, pdf: bytes, label: str, capacity: str, timestamper: Any) -> bytes:
    return pades.sign_pdf(pdf, key=test_pki.key(label), certificate=test_pki.cert(label),
                          chain=[test_pki.cert("interm")], signer_name=_common_name(test_pki.cert(label)),
                          capacity_label=capacity, timestamper=timestamper,
                          validation_context=test_pki.context())


@pytest.fixture(scope="session")
def signed_by_chair(test_pki, http_tsa, unsigned_pdf) -> bytes:
    return sign_as(test_pki, unsigned_pdf, "chair", "président·e de séance", http_tsa)


@pytest.fixture(scope="session")
def signed_by_both(test_pki, http_tsa, signed_by_chair) -> bytes:
    return sign_as(test_pki, signed_by_chair, "secretary", "secrétaire de séance", http_tsa)


@pytest.fixture(scope="session")
def timestamped(test_pki, http_tsa, signed_by_both) -> bytes:
    return pades.timestamp_document(signed_by_both, timestamper=http_tsa, validation_context=test_pki.context())


def sign_unchecked(test_pki: ThrowAwayPKI, pdf: bytes, label: str, timestamper: Any) -> bytes:
    """A signature made with pyHanko directly, without the check `sign_pdf` runs before signing (a certificate
    it would refuse: revoked, expired), then the CRLs put in the DSS as a careless tool would: what a PDF
    signed elsewhere and uploaded may hold."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.validation import DocumentSecurityStore
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert, interm = test_pki.cert(label), test_pki.cert("interm")
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=test_pki.key(label),
                                  cert_registry=SimpleCertificateStore.from_certs([cert, interm]))
    meta = signers.PdfSignatureMetadata(field_name="Signature1", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES, reason="secrétaire",
                                        name=_common_name(cert))
    output = signers.PdfSigner(meta, signer=signer, timestamper=timestamper).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), output=io.BytesIO())
    DocumentSecurityStore.add_dss(output, sig_contents=None, certs=[cert, interm, test_pki.root],
                                  crls=[asn1_crl.CertificateList.load(c) for c in test_pki.crls()])
    return output.getvalue()


def _common_name(cert: Any) -> str:
    return cert.subject.native["common_name"]


# -- the pole's own authority (infrastructure/pki.py) -----------------------------------------------------
@dataclass
class Pole:
    ca: pki.PoleCA
    chair: tuple[Any, bytes]
    secretary: tuple[Any, bytes]
    tsa: Any

    def context(self) -> Any:
        return pades.validation_context([self.ca.certificate], crls=[self.ca.crl()])


PASSPHRASES = {"chair": "la présidente signe", "secretary": "le secrétaire signe"}


@pytest.fixture(scope="session")
def pole() -> Pole:
    ca = pki.PoleCA.create("Pôle coopératif du Trégor", crl_url="http://127.0.0.1:5000/ca/tregor.crl")
    return Pole(ca=ca,
                chair=pki.issue_person(ca, "Alice Martin", "alice@example.org", PASSPHRASES["chair"]),
                secretary=pki.issue_person(ca, "Bruno Petit", "bruno@example.org", PASSPHRASES["secretary"]),
                tsa=pki.demo_tsa(ca))
