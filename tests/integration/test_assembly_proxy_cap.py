"""The statutory cap on assembly proxies holds when two processes act at once, on SQLite and PostgreSQL:
proxies given to one holder from both, and an attendance correction bringing back a set-aside proxy
racing a new one (issue #16)."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta

from governance.errors import ProxyRuleBroken
from infrastructure.config import Settings
from infrastructure.system import bootstrap

ACTOR = "test"
STATUTES = {"model": "scic", "max_proxies_per_holder": 2, "participation_change_allowed": True,
            "colleges": [{"code": "salaries", "name": "Salariés", "share": "50%"},
                         {"code": "usagers", "name": "Usagers", "share": "30%"},
                         {"code": "partenaires", "name": "Partenaires", "share": "20%"}]}


def _act(settings: Settings, assembly_id: str, commands: list[tuple], start, done) -> None:
    """Another process of the same store: wait for the start, run the commands, count the refusals."""
    system = bootstrap(settings, project_inline=False, create_tables=False)
    refused = 0
    try:
        start.wait(60)
        for command, *args in commands:
            try:
                if command == "proxy":
                    system.app.give_assembly_proxy(assembly_id, args[0], args[1], actor=ACTOR)
                else:
                    system.app.record_attendance(assembly_id, args[0], args[1], actor=ACTOR)
            except ProxyRuleBroken:
                refused += 1
        done.put(refused)
    finally:
        system.close()


def _assembly(system, members: int) -> tuple[str, list[str]]:
    app = system.app
    pole = app.found_pole(name="Pôle Rhizome", territory="Morlaix", legal_form="SCIC SAS", statutes=STATUTES,
                          actor=ACTOR)
    ids = []
    for n in range(members):
        member = app.request_membership(pole, name=f"Membre {n}", kind="person", category="salarié", actor=ACTOR)
        app.admit_member(pole, member, decision="CA", actor=ACTOR)
        app.assign_college(pole, member, college="salaries", reason="statuts", actor=ACTOR)
        ids.append(str(member))
    draft = app.draft_proposal(pole, title="Comptes", text="Approuver.", actor=ACTOR)
    assembly = app.convene_assembly(pole, kind="ordinary", held_at=datetime.now(UTC) + timedelta(days=20),
                                    place="Morlaix", mode="hybrid", convocation="first", agenda=[draft], actor=ACTOR)
    return str(assembly), ids


def _race(system, assembly: str, *command_lists: list[tuple]) -> int:
    context = multiprocessing.get_context("spawn")
    start, done = context.Event(), context.Queue()
    workers = [context.Process(target=_act, args=(system.settings, assembly, commands, start, done))
               for commands in command_lists]
    for worker in workers:
        worker.start()
    start.set()
    refused = sum(done.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(30)
    return refused


def _active(system, assembly: str, holder: str) -> list[str]:
    return system.app.get_assembly(assembly).proxies_held_by(holder)


def test_proxies_given_from_two_processes_stop_at_the_cap(system):
    assembly, (holder, *principals) = _assembly(system, 7)
    refused = _race(system, assembly, [("proxy", p, holder) for p in principals[:3]],
                    [("proxy", p, holder) for p in principals[3:]])
    assert len(_active(system, assembly, holder)) == 2
    assert refused == 4


def test_an_attendance_correction_racing_a_new_proxy_never_passes_the_cap(system):
    assembly, (holder, first, second, third, fourth) = _assembly(system, 5)
    app = system.app
    app.give_assembly_proxy(assembly, first, holder, actor=ACTOR)
    app.give_assembly_proxy(assembly, second, holder, actor=ACTOR)
    app.open_session(assembly, actor=ACTOR)
    app.record_attendance(assembly, first, "present", actor=ACTOR)  # its proxy is set aside: one place free
    refused = _race(system, assembly, [("attendance", first, "absent")],
                    [("proxy", third, holder), ("proxy", fourth, holder)])
    active = _active(system, assembly, holder)
    assert len(active) == 2, active
    assert refused == 2  # one of the two new proxies, and either the correction or the other new proxy
