"""The minutes signed in the browser with a real timestamp authority (issue 25): `COLLEGIA_TSA_URL` names the
certomancer TSA on its loopback port and `COLLEGIA_TSA_CA_FILE` its root. The signature is dated by it (asked over
HTTP, its revocation data fetched and embedded), not by the demo authority, and the page gives no demo warning."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from infrastructure.minutes_signing import MinutesSigning
from infrastructure.pki import certificate_pem
from tests.web.conftest import SECRETARY_EMAIL, app, demo_system, demo_template, login, pole_id  # noqa: F401


def token(client: Any, path: str, prefix: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_a_signature_made_in_the_browser_is_dated_by_the_configured_authority(app, pole_id, test_pki, tmp_path):
    built = app.extensions["collegia"]
    (tmp_path / "tsa-root.pem").write_bytes(certificate_pem(test_pki.root))
    built.settings = dataclasses.replace(built.settings, tsa_url=test_pki.tsa_url,
                                         tsa_ca_file=str(tmp_path / "tsa-root.pem"))
    assembly = next(a["id"] for a in app.extensions["collegia.queries"].assemblies(pole_id) if a["status"] == "closed")
    minutes = f"/poles/{pole_id}/minutes/{assembly}"
    secretary = app.test_client()
    assert login(secretary, SECRETARY_EMAIL).status_code == 302
    page = secretary.get(minutes).get_data(as_text=True)
    assert "NON FIABLE" not in page  # a real authority is configured
    signing_page = f"/poles/{pole_id}/signing"
    assert secretary.post(signing_page, data={"key-csrf_token": token(secretary, signing_page, "key"),
                                              "key-passphrase": "une phrase assez longue",
                                              "key-confirm": "une phrase assez longue"}).status_code == 302
    asked = test_pki.requests.get("tsa", 0)
    response = secretary.post(f"{minutes}/sign-pdf", data={
        "pdf-csrf_token": token(secretary, minutes, "pdf"), "pdf-capacity": "secretary", "pdf-method": "pole-ca",
        "pdf-passphrase": "une phrase assez longue"}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert test_pki.requests["tsa"] > asked
    report = MinutesSigning(built.settings, built.engine).verify(secretary.get(f"{minutes}.pdf").data)
    assert report.valid, report.problems
    (signature,) = report.signatures
    assert signature["timestamp"]["tsa"] == "Test Time Stamping Authority" and not signature["timestamp"]["demo_tsa"]
