"""What one round of the projection worker costs, by how many votes it applies (issue 27).

    .venv/bin/python -m bench.worker_rounds [--backend sqlite|postgresql] [--rounds 10]

Builds a pole of 1,000 members with an open proposal in worker mode (bench/generate.py), then, for 1, 5, 20 and
100 votes per round, casts them and times the CPU of the dispatcher's round (`infrastructure.worker.Dispatcher`,
every projection) that applies them. A round has a fixed cost (the read of the log, the transaction, the positions)
and a cost per event: the worker's CPU per vote in `make bench` depends on how many votes each round finds, so on how
often it wakes up (PostgreSQL's notifications, the SQLite log's head watched every 50 ms) and on the voting rate.
"""

from __future__ import annotations

import argparse
import time

from bench.generate import generate_network
from bench.stores import throwaway_system
from infrastructure.worker import Dispatcher
from projections.handlers import ALL_PROJECTIONS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with throwaway_system(args.backend) as system:
        (pole,) = generate_network([system.app], 2026, 1, 0, 1000, 6000)
        dispatcher = Dispatcher(system, ALL_PROJECTIONS, 5.0, None)  # type: ignore[arg-type]
        dispatcher.round()
        proposal = pole.proposals[-1]
        electors = [m for m in pole.admitted if m in system.app.get_proposal(proposal).electorate]
        cast = 0
        for votes in (1, 5, 20, 100):
            cpu = 0.0
            for _ in range(args.rounds):
                for _ in range(votes):
                    system.app.cast_ballot(proposal, electors[cast % len(electors)],
                                           ("for", "against", "abstain")[cast % 3], actor="bench")
                    cast += 1
                began = time.process_time()
                dispatcher.round()
                cpu += time.process_time() - began
            per_round = cpu / args.rounds
            print(f"{args.backend}: {votes:3d} vote(s) per round: {per_round * 1000:5.2f} ms of CPU per round, "
                  f"{per_round / votes * 1000:5.3f} ms per vote")
        dispatcher.close()


if __name__ == "__main__":
    main()
