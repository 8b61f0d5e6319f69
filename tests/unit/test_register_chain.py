"""The register chain's pure verification (infrastructure/register_chain.py), on entries built in memory."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from infrastructure.register_chain import (ALTERED, CHAIN_ALTERED, GENESIS, REMOVED, REORDERED, REWRITTEN, TRUNCATED,
                                        UNCHAINED, Anchor, Entry, Event, Link, entry_hash, state_digest, verify)

POLE, OTHER = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"


def _log(n: int = 30, seed: int = 3, recorded: bool = True) -> list[Entry]:
    """n events over two poles, chained as the recorder does (recorded=False: as in an export)."""
    rng = random.Random(seed)
    heads = {POLE: (0, GENESIS), OTHER: (0, GENESIS)}
    entries = []
    for position in range(1, n + 1):
        pole = rng.choice([POLE, OTHER])
        aggregate = pole if rng.random() < 0.5 else f"{pole[:-1]}{position % 3}"
        version = 1 + sum(1 for e in entries if e.event.originator_id == aggregate)
        topic, state = f"T{position % 4}", f'{{"n":{position}}}'.encode()
        seq, previous = heads[pole]
        value = entry_hash(previous, pole, seq + 1, aggregate, version, topic, state_digest(state))
        heads[pole] = (seq + 1, value)
        link = Link(pole, seq + 1, aggregate, version, value, topic if recorded else None,
                    state_digest(state) if recorded else None, position if recorded else None)
        entries.append(Entry(Event(position, aggregate, version, topic, state_digest(state)), link))
    return entries


def _first(report):
    first = report.first_failure
    return None if first is None else (first.kind, first.pole_id, first.seq)


@pytest.mark.parametrize("recorded", [True, False])
def test_an_intact_log_verifies_with_its_heads(recorded):
    entries = _log(recorded=recorded)
    report = verify(entries)
    assert report.ok and report.entries == report.events == 30
    heads = report.heads()
    assert heads == verify(_log(recorded=not recorded)).heads()  # store and export agree
    assert verify([]).ok and verify([], pole=POLE).poles[POLE].entries == 0


@pytest.mark.parametrize("recorded", [True, False])
def test_every_single_alteration_deletion_and_swap_is_named(recorded):
    entries = _log(recorded=recorded)
    for i, entry in enumerate(entries):
        link = entry.link
        altered = list(entries)
        altered[i] = Entry(replace(entry.event, state_sha256=state_digest(b"forged")), link)
        assert _first(verify(altered)) == (ALTERED, link.pole_id, link.seq)
        retitled = list(entries)
        retitled[i] = Entry(replace(entry.event, topic="Other"), link)
        assert _first(verify(retitled)) == (ALTERED, link.pole_id, link.seq)
        removed = list(entries)
        removed[i] = Entry(None, link) if recorded else None
        later = [j for j in range(i + 1, len(entries)) if entries[j].link.pole_id == link.pole_id]
        if recorded or later:
            assert _first(verify([e for e in removed if e])) == (REMOVED, link.pole_id, link.seq)
        else:  # a file cut after a pole's last line is consistent: only an anchor shows it (see below)
            assert verify([e for e in removed if e]).ok
        if later:
            swapped = list(entries)
            j = later[-1]
            swapped[i], swapped[j] = entries[j], entries[i]
            assert _first(verify(swapped)) == (REORDERED, link.pole_id, link.seq)


def test_swapped_contents_a_forged_link_and_an_unchained_event():
    entries = _log()
    a, b = [i for i, e in enumerate(entries) if e.link.pole_id == POLE][2:4]
    swapped = list(entries)
    swapped[a] = Entry(replace(entries[b].event, position=entries[a].event.position,
                               originator_id=entries[a].event.originator_id,
                               originator_version=entries[a].event.originator_version), entries[a].link)
    report = verify(swapped)
    assert _first(report) == (REORDERED, POLE, entries[a].link.seq)
    assert "holds the content recorded for entry" in report.first_failure.message

    forged = list(entries)
    forged[a] = Entry(entries[a].event, replace(entries[a].link, entry_hash="0" * 64))
    assert _first(verify(forged)) == (CHAIN_ALTERED, POLE, entries[a].link.seq)

    extra = Event(99, POLE, 99, "T", state_digest(b"x"))
    report = verify([*entries[:5], Entry(extra, None), *entries[5:]])
    assert _first(report) == (UNCHAINED, POLE, None)
    assert "log position 99" in report.first_failure.message


def test_a_gap_in_the_chain_is_a_removal():
    entries = [e for e in _log() if not (e.link.pole_id == OTHER and e.link.seq == 4)]
    report = verify(entries)
    assert _first(report) == (REMOVED, OTHER, 4)
    assert "between entry 3 and entry 5" in report.first_failure.message
    assert verify(entries, pole=POLE).ok


def _rechain(entries, pole, start_seq, new_state):
    """What an intruder with write access does: change an entry and recompute every later hash."""
    out, previous = [], None
    for e in entries:
        link = e.link
        if link.pole_id != pole or link.seq < start_seq:
            out.append(e)
            if link.pole_id == pole:
                previous = link.entry_hash
            continue
        event = e.event if link.seq != start_seq else replace(e.event, state_sha256=new_state)
        value = entry_hash(previous, pole, link.seq, link.originator_id, link.originator_version, event.topic,
                           event.state_sha256)
        previous = value
        out.append(Entry(event, replace(link, entry_hash=value, state_sha256=event.state_sha256)))
    return out


def test_anchors_reveal_a_rewritten_chain_and_a_cut_end():
    entries = _log()
    head_seq, head = verify(entries).heads()[POLE]
    anchor = Anchor.parse(f"{POLE}:{head_seq}:{head}")
    assert verify(entries, anchors=[anchor]).ok
    rewritten = _rechain(entries, POLE, 2, state_digest(b"forged"))
    assert verify(rewritten).ok  # consistent on its own: the limit of any unkeyed chain
    report = verify(rewritten, anchors=[anchor])
    assert _first(report) == (REWRITTEN, POLE, head_seq)
    cut = [e for e in entries if not (e.link.pole_id == POLE and e.link.seq == head_seq)]
    assert verify(cut).ok
    report = verify(cut, anchors=[anchor])
    assert _first(report) == (TRUNCATED, POLE, head_seq)
    assert f"ends at entry {head_seq - 1}" in report.first_failure.message
    with pytest.raises(ValueError):
        Anchor.parse(f"{POLE}:3:not-a-hash")


def test_messages_are_templates_with_named_params():
    entries = _log()
    entries[4] = Entry(replace(entries[4].event, state_sha256="x"), entries[4].link)
    failure = verify(entries).first_failure
    assert failure.template.format(**failure.params) == failure.message
    assert "{" not in failure.message and set(failure.params) <= {"pole", "seq", "aggregate", "version", "position"}
