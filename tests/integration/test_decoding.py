"""The projector's plain events: the same fields as the domain events, without building them."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import replace

import pytest

from demo.pole import load_demo
from projections.decoding import EventDecoder, audit_details, hidden_fields, plain, plain_event
from projections.projector import read_notifications
from infrastructure.system import bootstrap


def _expected(app, notification):
    event = app.mapper.to_domain_event(notification)
    return event, {k: plain(v) for k, v in vars(event).items()}


def _check_every_event(app) -> int:
    decode = EventDecoder(app.mapper).decode
    count = 0
    for n in read_notifications(app):
        event, fields = _expected(app, n)
        plain_ = decode(n)
        assert type(plain_).__qualname__ == type(event).__qualname__
        assert plain_.stored_json is not None, "decoded without the mapper"
        assert vars(plain_) == fields, n.topic
        details = {k: v for k, v in fields.items() if k not in hidden_fields(plain_)}
        assert json.loads(audit_details(plain_)) == details, n.topic
        assert json.loads(audit_details(plain_event(event))) == details, n.topic
        count += 1
    return count


def test_plain_events_match_the_domain_events(system):
    demo = load_demo(system.app)
    # An actor that the stored JSON escapes, and one it does not: both give the same details.
    member = system.app.request_membership(demo, name='Le "Tiers-lieu" ☕', kind="ess_enterprise",
                                           category="partner", representative="Inès \\ Roussel",
                                           actor='rep "quoted" é')
    system.app.admit_member(demo, member, decision="CA du 1er décembre", actor="secrétaire ☕")
    assert _check_every_event(system.app) > 50


def test_secret_ballots_keep_their_seal_out_of_the_audit_trail(system):
    load_demo(system.app)
    secret = [n for n in read_notifications(system.app) if n.topic.endswith("SecretBallotCast")]
    assert secret, "the demo has secret ballots"
    decode = EventDecoder(system.app.mapper).decode
    for n in secret:
        details = json.loads(audit_details(decode(n)))
        assert "sealed" not in details and "choice" not in details


@pytest.mark.parametrize("backend", ["sqlite"])
def test_encrypted_store_decodes_the_same(make_settings, backend):
    settings = replace(make_settings(backend), event_cipher_key=base64.b64encode(os.urandom(32)).decode())
    system = bootstrap(settings)
    try:
        load_demo(system.app)
        assert system.app.mapper.cipher is not None
        assert _check_every_event(system.app) > 50
    finally:
        system.close()
