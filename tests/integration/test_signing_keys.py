"""The poles' signing authorities and their members' certificates, kept by the instance (issue 25), on SQLite and
PostgreSQL: an authority made once per pole and read back under the instance's secret, a person's key kept under
their passphrase only, a new certificate revoking the one before, revocations in the authority's CRL."""

from __future__ import annotations

import pytest
from cryptography import x509

from infrastructure.pki import WrongPassphrase, unlock
from infrastructure.signing_keys import SigningKeys

POLE, OTHER = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
PASSPHRASE = "une phrase que seule Claire connaît"


def test_authorities_and_certificates_are_kept(system):
    from web.accounts.store import Accounts
    accounts = Accounts(system.engine)
    claire = accounts.create_user("claire@pole.example", "Claire Martin", "Mot-de-passe-2026")
    keys = SigningKeys(system.engine, "le secret de l'instance")
    ca = keys.authority(POLE, "Drôme Coopère")
    assert keys.authority(POLE, "another name").certificate == ca.certificate  # made once, read back
    assert [a.certificate for a in keys.authorities()] == [ca.certificate]
    with pytest.raises(Exception):
        SigningKeys(system.engine, "another secret").authority(POLE, "Drôme Coopère")  # the key needs the secret

    first = keys.issue(claire, POLE, "Drôme Coopère", name="Claire Martin", email="claire@pole.example",
                       passphrase=PASSPHRASE)
    certificate = x509.load_pem_x509_certificate(first["certificate"].encode())
    assert certificate.issuer == ca.certificate.subject and first["revoked_at"] is None
    assert PASSPHRASE.encode() not in first["encrypted_key"]  # the passphrase is never stored
    unlock(first["encrypted_key"], PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        unlock(first["encrypted_key"], "pas la bonne phrase du tout")
    assert keys.certificate(claire, OTHER) is None  # one pole's certificate signs for that pole only

    # A forgotten passphrase: a new certificate; the one before is revoked (superseded), in the authority's CRL.
    second = keys.issue(claire, POLE, "Drôme Coopère", name="Claire Martin", email="claire@pole.example",
                        passphrase="une autre phrase, nouvelle")
    assert keys.certificate(claire, POLE)["serial"] == second["serial"] != first["serial"]
    assert [c["revoked_at"] is not None for c in keys.certificates(POLE)] == [True, False]
    crl = x509.load_der_x509_crl(keys.authority(POLE, "Drôme Coopère").crl())
    assert crl.get_revoked_certificate_by_serial_number(int(first["serial"])) is not None
    assert crl.get_revoked_certificate_by_serial_number(int(second["serial"])) is None
    assert keys.revoke(claire, POLE, "Drôme Coopère", reason="key_compromise") is True
    assert keys.certificate(claire, POLE) is None and keys.revoke(claire, POLE, "Drôme Coopère") is False
    crl = x509.load_der_x509_crl(keys.authority(POLE, "Drôme Coopère").crl())
    assert crl.get_revoked_certificate_by_serial_number(int(second["serial"])) is not None
