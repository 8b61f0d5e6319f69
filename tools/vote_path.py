"""Which of the project's files one browser vote runs through, from the route to the read-model row.

    .venv/bin/python -m tools.vote_path

Builds a throwaway demo store (embedded SQLite, read models projected inline), logs the demo member
representative in, then records every project file whose code runs while the ballot is posted
(the request, the command, the save and the projection), and how many times the proposal is loaded.
Issue 17 measures the architecture with it: a vote should cross few files and load the proposal once.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from demo.pole import load_demo
from infrastructure.config import Settings
from infrastructure.system import bootstrap
from projections.queries import Queries
from web.accounts.store import Accounts
from web.app import create_app
from web.accounts.demo import DEMO_PASSWORD, create_demo_accounts

ROOT = Path(__file__).resolve().parent.parent
MEMBER = "nadia.benali@regie-fontbarlettes.example"
PACKAGES = ("governance", "projections", "infrastructure", "web", "demo")


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        settings = Settings(database_url=f"sqlite:///{directory}/collegia.db", instance_dir=Path(directory))
        system = bootstrap(settings, create_key=True)
        pole_id = str(load_demo(system.app))
        queries = Queries(system.engine)
        create_demo_accounts(Accounts(system.engine), queries, pole_id)
        app = create_app(system, {"TESTING": True})
        client = app.test_client()
        login = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
        client.post("/login", data={"email": MEMBER, "password": DEMO_PASSWORD, "csrf_token": token})
        proposal = queries.register(pole_id, status="open")[0]["id"]
        page = client.get(f"/poles/{pole_id}/proposals/{proposal}").get_data(as_text=True)
        form = page.split('id="ballot-form"')[1].split("</form>")[0]
        data = {"csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1),
                "member": re.search(r'name="member" value="([^"]+)"', form).group(1), "choice": "for"}
        files: Counter[str] = Counter()
        loads = Counter()
        application = type(system.app)

        def profile(frame, event, _arg):  # type: ignore[no-untyped-def]
            if event != "call":
                return
            path = Path(frame.f_code.co_filename)
            if ROOT in path.parents and path.relative_to(ROOT).parts[0] in PACKAGES:
                files[str(path.relative_to(ROOT))] += 1
            if frame.f_code.co_name == "_load" and frame.f_code.co_filename == sys.modules[
                    application.__mro__[1].__module__].__file__:
                loads[str(frame.f_locals.get("aggregate_id"))] += 1

        sys.setprofile(profile)
        try:
            response = client.post(f"/poles/{pole_id}/proposals/{proposal}/ballot", data=data)
        finally:
            sys.setprofile(None)
        system.close()
    assert response.status_code == 302, response.status_code
    print(f"{len(files)} project files run by one browser vote (POST …/ballot, embedded mode):")
    for name in sorted(files):
        print(f"  {name}")
    print(f"the proposal loaded {loads[proposal]} time(s); aggregates loaded: {sum(loads.values())}")


if __name__ == "__main__":
    main()
