"""`collegia verify` on the demo store and on exported files, before and after tampering."""

from __future__ import annotations

import json

from click.testing import CliRunner

from demo.pole import load_demo
from infrastructure.eventlog import export_events
from tests.integration.chain_helpers import SECOND_POLE, Tamperer, chained_bootstrap
from web.audit.cli import verify


def _env(settings):
    return {"COLLEGIA_DATABASE_URL": settings.database_url, "COLLEGIA_INSTANCE_DIR": str(settings.instance_dir),
            "COLLEGIA_DB_SCHEMA": settings.schema or ""}


def test_verify_passes_on_the_demo_store_and_fails_precisely_after_tampering(make_settings, backend, tmp_path):
    settings = make_settings(backend)
    system = chained_bootstrap(settings)
    pole = str(load_demo(system.app))
    other = str(system.app.found_pole(**SECOND_POLE))
    export_file = tmp_path / "log.jsonl"
    with export_file.open("w", encoding="utf-8") as out:
        export_events(system.app, out)
    system.close()
    runner = CliRunner()

    intact = runner.invoke(verify, [], env=_env(settings))
    assert intact.exit_code == 0, intact.output
    assert intact.output.startswith("Register intact (store): ")
    assert f"pole {pole}: " in intact.output and "— intact" in intact.output
    as_json = json.loads(runner.invoke(verify, ["--json"], env=_env(settings)).output)
    assert as_json["ok"] and as_json["entries"] == as_json["events"] > 100
    only = runner.invoke(verify, ["--pole", other], env=_env(settings))
    assert only.exit_code == 0 and pole not in only.output and other in only.output

    offline = runner.invoke(verify, ["--file", str(export_file)], env={"COLLEGIA_DATABASE_URL": "sqlite:////nonexistent/x.db"})
    assert offline.exit_code == 0, offline.output
    assert offline.output.startswith(f"Register intact (file {export_file}): ")
    assert offline.output.splitlines()[1:] == intact.output.splitlines()[1:]  # same heads, store or file

    tamper = Tamperer(settings)
    rows, links = tamper.rows(), tamper.links()
    target = rows[41]
    tamper.set_state(target[0], target[4].replace(b'"', b' "', 1))
    broken = runner.invoke(verify, [], env=_env(settings))
    assert broken.exit_code == 1
    seq = links[target[0]][1]
    assert broken.output.splitlines()[:3] == [
        "Register NOT intact (store): 1 problem(s) found. The first:",
        f"  [altered] pole {pole}, entry {seq}, log position {target[0]}",
        f"  Entry {seq} of the register of pole {pole} ({target[1] if backend == 'postgres' else _dashed(target[1])} "
        f"version {target[2]}, log position {target[0]}) was altered: its content no longer matches the hash "
        "recorded in the chain."]
    # The other pole's register is untouched.
    assert runner.invoke(verify, ["--pole", other], env=_env(settings)).exit_code == 0

    lines = export_file.read_text(encoding="utf-8").splitlines()
    lines[10], lines[11] = lines[11], lines[10]
    export_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    swapped = runner.invoke(verify, ["--file", str(export_file)])
    assert swapped.exit_code == 1
    assert f"  [reordered] pole {pole}, entry 11, log position 11" in swapped.output

    export_file.write_text("not json\n", encoding="utf-8")
    garbage = runner.invoke(verify, ["--file", str(export_file)])
    assert garbage.exit_code == 1 and "line 1 is not an exported event" in garbage.output


def _dashed(hex_id: str) -> str:
    from uuid import UUID
    return str(UUID(hex_id))


def test_a_store_from_before_the_chain_is_sealed_once_then_verifies(make_settings, backend):
    from infrastructure.system import bootstrap
    from web.audit.cli import seal_register
    from governance.application import Collegia
    settings = make_settings(backend)
    bootstrap(settings).close()  # the read models, as an older release made them
    before_the_chain = {k: v for k, v in settings.event_store_env().items() if k != "APPLICATION_RECORDER_TOPIC"}
    plain = Collegia(env=before_the_chain)
    pole = str(load_demo(plain))
    plain.close()
    runner = CliRunner()
    unsealed = runner.invoke(verify, [], env=_env(settings))
    assert unsealed.exit_code == 1 and "[unchained]" in unsealed.output
    sealed = runner.invoke(seal_register, [], env=_env(settings))
    assert sealed.exit_code == 0, sealed.output
    events = int(sealed.output.split()[1])
    assert events > 100
    intact = runner.invoke(verify, [], env=_env(settings))
    assert intact.exit_code == 0 and f"{events} entries checked in 1 register(s)" in intact.output
    again = runner.invoke(seal_register, [], env=_env(settings))
    assert again.exit_code == 1 and "already has links" in again.output
    # From now on the application chains what it writes.
    system = chained_bootstrap(settings)
    system.app.draft_proposal(pole, title="Après", text="Texte", actor="sec")
    system.close()
    after = runner.invoke(verify, [], env=_env(settings))
    assert after.exit_code == 0 and f"{events + 1} entries checked" in after.output


def test_an_anchor_noted_in_the_minutes_reveals_a_cut_end(make_settings, backend):
    settings = make_settings(backend)
    system = chained_bootstrap(settings)
    pole = str(load_demo(system.app))
    system.close()
    runner = CliRunner()
    intact = runner.invoke(verify, [], env=_env(settings))
    hint = intact.output.strip().splitlines()[-1]
    anchor = hint.split("--anchor ")[1].split("'")[0]
    assert anchor.startswith(f"{pole}:")
    assert runner.invoke(verify, ["--anchor", anchor], env=_env(settings)).exit_code == 0

    # An intruder deletes the last event and its link: the chain alone stays consistent...
    tamper = Tamperer(settings)
    last = tamper.rows()[-1]
    seq = tamper.links()[last[0]][1]
    tamper.delete(last[0])
    tamper.delete_link(pole, seq)
    assert runner.invoke(verify, [], env=_env(settings)).exit_code == 0
    # ...but not against the head noted before.
    cut = runner.invoke(verify, ["--anchor", anchor], env=_env(settings))
    assert cut.exit_code == 1
    assert f"  [truncated] pole {pole}, entry {seq}" in cut.output
    assert f"ends at entry {seq - 1}, but entry {seq} was noted" in cut.output
    bad = runner.invoke(verify, ["--anchor", "nonsense"], env=_env(settings))
    assert bad.exit_code == 2 and "POLE:SEQ:HASH" in bad.output
