"""Signed minutes print the register's head each signature recorded (docs/register.md): a reader holding the
PDF can later check that the register was not cut short behind it."""

from __future__ import annotations

import io

from pypdf import PdfReader

from projections.queries import Queries


def test_the_minutes_show_the_register_head_of_each_signature(app, as_role, pole_id):
    system = app.extensions["collegia"]
    assembly = Queries(system.engine).assemblies(pole_id)[0]["id"]
    # The demo's September minutes await their signatures (issue 25): signed here in the register, as the demo
    # signed them before.
    system.app.sign_minutes(assembly, signer="Élise Morel", capacity="chair", actor="test")
    system.app.sign_minutes(assembly, signer="Claire Martin", capacity="secretary", actor="test")
    signatures = system.app.minutes(assembly)["signatures"]
    heads = [s["register_head"] for s in signatures]
    assert len(heads) == 2 and all(heads)
    secretary = as_role("secretary")
    page = secretary.get(f"/poles/{pole_id}/minutes/{assembly}").get_data(as_text=True)
    pdf = secretary.get(f"/poles/{pole_id}/minutes/{assembly}.pdf")
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    for head in heads:
        assert f"Tête du registre à la signature : entrée n° {head['seq']}, empreinte {head['hash']}" in page
        assert f"entrée n° {head['seq']}" in text and head["hash"][:16] in text.replace(" ", "")
