"""Where a ballot post's CPU goes, against the floor route, in one process (issue 27).

    .venv/bin/python -m bench.profile_vote [--members 10600] [--votes 2000] [--backend sqlite|postgresql] [--top 40]

Builds a pole of `--members` members whose open proposal holds a ballot per elector (bench/generate.py), in
worker mode as in production (the read models are not projected by the web process), logs a member
representative in through the login form, then posts `--votes` ballots and as many posts to the floor route
(bench/floor.py: the same post doing everything around the command) with Flask's test client, each with the
page's CSRF token and session cookie like the bench's clients. Prints the CPU per post of each and a cProfile of
the ballot posts (cumulative time, the project's functions and the libraries they call).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import time

from bench.floor import add_floor_routes
from bench.generate import generate_network
from bench.stores import throwaway_system
from bench.web import FLOOR_BALLOT, PASSWORD, make_accounts
from web.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=10_600)
    parser.add_argument("--votes", type=int, default=2000)
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--dump", help="also write the profile to this file (pstats, e.g. for snakeviz)")
    args = parser.parse_args()
    with throwaway_system(args.backend) as system:
        (pole,) = generate_network([system.app], 2026, 1, 0, args.members, args.members * 4 + 2000)
        system.projector.catch_up()
        proposal = str(pole.proposals[-1])
        aggregate = system.app.get_proposal(proposal)
        voter = next(m for m in pole.admitted if m in aggregate.electorate)
        (email,) = make_accounts(system, str(pole.pole_id), [voter])
        app = add_floor_routes(create_app(system, {"TESTING": False}))
        client = app.test_client()
        login = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
        assert client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
                           ).status_code == 302
        page = client.get(f"/poles/{pole.pole_id}/proposals/{proposal}").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        cookie = client.get_cookie("session").value
        ballot = f"/poles/{pole.pole_id}/proposals/{proposal}/ballot"
        floor = FLOOR_BALLOT.replace("<pole_id>", str(pole.pole_id)).replace("<proposal_id>", proposal)

        def post(path: str, n: int) -> None:
            # Each post with the logged-in page's cookie, as the bench's clients send it.
            client.set_cookie("session", cookie)
            answer = client.post(path, data={"choice": ("for", "against", "abstain")[n % 3],
                                             "csrf_token": token}, headers={"Referer": page and ballot})
            assert answer.status_code == 302, (path, answer.status_code)

        for path in (ballot, floor):  # warm-up
            for n in range(50):
                post(path, n)
        cpu = {}
        import gc
        collected = {"time": 0.0, "count": [0, 0, 0], "began": 0.0}

        def watch(phase: str, info: dict) -> None:
            if phase == "start":
                collected["began"] = time.process_time()
            else:
                collected["time"] += time.process_time() - collected["began"]
                collected["count"][info["generation"]] += 1
        gc.callbacks.append(watch)
        for name, path in (("floor route", floor), ("ballot post", ballot)):
            began = time.process_time()
            for n in range(args.votes):
                post(path, n)
            cpu[name] = (time.process_time() - began) / args.votes
        gc.callbacks.remove(watch)
        print(f"garbage collection during the timed posts: {collected['time'] * 1000 / (2 * args.votes):.3f} ms "
              f"per post, collections by generation {collected['count']}")
        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(args.votes):
            post(ballot, n)
        profiler.disable()
    if args.dump:
        profiler.dump_stats(args.dump)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    for name, seconds in cpu.items():
        print(f"{name}: {seconds * 1000:.2f} ms of CPU per post (test client, one thread)")
    print(f"the governance work of a ballot: {(cpu['ballot post'] - cpu['floor route']) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
