"""The web figures: votes over HTTP through gunicorn on the production configuration, and page times.

Starts the production processes on the benchmark's store (gunicorn with `gunicorn.conf.py`
in worker mode, and the `collegia project` worker), logs each client in through the real
login form (CSRF token included), then lets 16 clients vote at once on loopback.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode, urlsplit

import requests

from infrastructure.system import System
from web.accounts.store import Accounts

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Bench-password-2026"
CHOICES = ("for", "against", "abstain")
# The routes of bench/floor.py.
FLOOR_BALLOT = "/bench/floor/<pole_id>/<proposal_id>/ballot"
FLOOR_NOTHING = "/bench/floor/nothing"


def floor_ballot_path(pole_id: str, proposal_id: str) -> str:
    return FLOOR_BALLOT.replace("<pole_id>", pole_id).replace("<proposal_id>", proposal_id)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident set size of a process, in MB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far, in seconds (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@dataclass
class Server:
    """gunicorn (production configuration) and the projection worker, on one store."""

    system: System
    workdir: Path
    web_workers: int = 2
    wsgi_app: str = "bench.floor:app"  # web.wsgi's app plus the floor routes (see bench/floor.py)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    base: str = ""
    peak_rss: float = 0.0
    _sampling: threading.Event = field(default_factory=threading.Event)

    def env(self) -> dict[str, str]:
        s = self.system.settings
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "COLLEGIA_DATABASE_URL": s.database_url, "COLLEGIA_PROJECTIONS": "worker",
               "COLLEGIA_INSTANCE_DIR": str(self.workdir), "COLLEGIA_BIND": f"127.0.0.1:{port}",
               "COLLEGIA_WEB_WORKERS": str(self.web_workers), "COLLEGIA_LOG_LEVEL": "warning",
               "COLLEGIA_BALLOT_KEY": base64.b64encode(s.load_ballot_key()).decode(),
               "COLLEGIA_SECRET_KEY": "bench-secret-key", "COLLEGIA_POLL_INTERVAL": "1"}
        if s.schema:
            env["COLLEGIA_DB_SCHEMA"] = s.schema
        return env

    def start(self) -> None:
        env = self.env()
        logs = self.workdir / "logs"
        logs.mkdir(exist_ok=True)
        for name, command in (
                ("web", [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), self.wsgi_app]),
                ("worker", [sys.executable, "-m", "web.cli", "project", "--no-closer"])):
            with open(logs / f"{name}.log", "wb") as log:
                self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.base}/login", timeout=5).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            if self.processes["web"].poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + self.log_tail())
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not answer:\n" + self.log_tail())
        for _ in range(self.web_workers * 4):  # let every worker boot (each builds its system on first use)
            requests.get(f"{self.base}/login", timeout=30)
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        master = self.processes["web"].pid
        while not self._sampling.is_set():
            for pid in children(master):
                self.peak_rss = max(self.peak_rss, rss_mb(pid))
            self._sampling.wait(0.25)

    def cpu(self) -> tuple[float, float]:
        """CPU seconds used so far by the web workers (together) and by the projection worker."""
        return (sum(cpu_seconds(pid) for pid in children(self.processes["web"].pid)),
                cpu_seconds(self.processes["worker"].pid))

    def log_tail(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                         for p in sorted((self.workdir / "logs").glob("*.log")))

    def stop(self) -> None:
        self._sampling.set()
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)


def make_accounts(system: System, pole_id: str, members: list[str], secretary: bool = False) -> list[str]:
    """One member-representative account per member (the first also secretary); returns their e-mails."""
    accounts = Accounts(system.engine)
    emails = []
    for i, member in enumerate(members):
        email = f"bench{i}-{member[:8]}@bench.example"
        user = accounts.create_user(email, f"Bench {i}", PASSWORD)
        accounts.grant(user, pole_id, "member", member)
        if secretary and i == 0:
            accounts.grant(user, pole_id, "secretary")
        emails.append(email)
    return emails


def log_in(base: str, email: str) -> requests.Session:
    browser = requests.Session()
    form = browser.get(f"{base}/login", timeout=30).text
    answer = browser.post(f"{base}/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf(form)},
                          timeout=30, allow_redirects=False)
    if answer.status_code != 302:
        raise RuntimeError(f"login of {email} refused ({answer.status_code})")
    return browser


def vote_over_http(base: str, pole_id: str, proposal_id: str, emails: list[str], seconds: float,
                   phase: Callable[[str], None] = lambda _: None,
                   post_to: str | None = None) -> tuple[int, float, list[float], int]:
    """Each e-mail is one client voting again and again for `seconds`: (votes, elapsed, latencies, errors).

    `phase("start")` and `phase("stop")` are called when the voting itself starts and stops (after
    the logins), e.g. to read the processes' CPU time. `post_to` sends the same posts to another
    path (the floor routes of bench/floor.py) instead of the proposal's ballot form."""
    url = f"{base}/poles/{pole_id}/proposals/{proposal_id}"
    sessions = []
    for email in emails:
        browser = log_in(base, email)
        page = browser.get(url, timeout=60)
        page.raise_for_status()
        sessions.append((browser, csrf(page.text)))
    latencies: list[list[float]] = [[] for _ in sessions]
    errors = [0]
    start = threading.Barrier(len(sessions) + 1)
    stop_at = [0.0]

    def client(index: int) -> None:
        browser, token = sessions[index]
        # Every vote is sent with the session cookie of the logged-in page, as if from another tab:
        # the cookie a vote returns marks it for read-your-writes, and the *next* request of that
        # session would wait for the projection worker first (that wait is the page's, not the vote's).
        cookie = browser.cookies.get("session")
        # The load generator shares the machine's two cores with the server: it speaks HTTP/1.1 with
        # http.client over one keep-alive connection (requests costs ~4 ms of CPU per post here).
        target = urlsplit(url)
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"session={cookie}",
                   "Referer": url}
        start.wait()
        n = index
        while time.perf_counter() < stop_at[0]:
            body = urlencode({"choice": CHOICES[n % 3], "csrf_token": token})
            began = time.perf_counter()
            try:
                connection.request("POST", post_to or f"{target.path}/ballot", body=body, headers=headers)
                answer = connection.getresponse()
                answer.read()
            except (http.client.HTTPException, OSError):  # a keep-alive connection closed by the server
                errors[0] += 1
                connection.close()
                continue
            if answer.status == 302:
                latencies[index].append(time.perf_counter() - began)
            else:
                errors[0] += 1
            n += 1
        connection.close()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(len(sessions))]
    for thread in threads:
        thread.start()
    phase("start")
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    phase("stop")
    flat = [x for per in latencies for x in per]
    return len(flat), elapsed, flat, errors[0]


def page_times(base: str, email: str, paths: dict[str, str], repeat: int) -> dict[str, float]:
    """Median time (s) of each page, sequentially, after one warm-up request."""
    browser = log_in(base, email)
    result = {}
    for name, path in paths.items():
        answer = browser.get(f"{base}{path}", timeout=120)
        if answer.status_code != 200:
            raise RuntimeError(f"{path}: {answer.status_code}")
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            answer = browser.get(f"{base}{path}", timeout=120)
            times.append(time.perf_counter() - began)
            answer.raise_for_status()
        result[name] = percentile(times, 50)
    return result


def wait_projected(system: System, timeout: float = 120) -> None:
    head = system.app.recorder.max_notification_id() or 0
    deadline = time.monotonic() + timeout
    while system.projector.lowest_position() < head and time.monotonic() < deadline:
        time.sleep(0.2)
