"""Serve the app with gunicorn and load it with wrk: history of random sites, plain and
conditional, against a hello-world route of the same app, in one run.

    .venv/bin/python -m bench.served --db /tmp/bench.db [--duration 15] [--repeat 3]

Needs gunicorn (`pip install -e '.[bench]'`) and wrk (`apt-get install wrk`) on PATH.
gunicorn serves bench.wsgi (api.app.create_app plus GET /bench/hello) with --workers sync
workers on a free port of 127.0.0.1; wrk (--threads threads, --connections connections,
--duration seconds per measurement) requests (a) the hello route, (b) the history of a
site drawn at random for each request from --sites random live sites, (c) the same with
If-None-Match carrying the ETag each site's history had in one plain pass made before
timing. Each measurement runs --repeat times, interleaved (a, b, c, a, b, c…); the medians
are compared with the issue's targets: (b) ≥ 0.5 of (a)'s requests/s with p99 ≤ 25 ms,
(c) ≥ 0.8 of (a)'s requests/s. A Lua `done` function prints the requests, percentiles,
socket errors and every status seen: (a) and (b) must answer 200 and (c) 304 only, or the
run says so loudly and exits with status 1.

Each worker keeps the histories it built (api.document_cache, --document-cache-mb, as
HERITAGE_DOCUMENT_CACHE_MB in production): the plain pass and the warm-up fill it, so (b)
measures a server warmed on its working set of --sites histories, and a history built on
the request only where a worker meets a site for the first time. `--document-cache-mb 0`
builds every one on its request.

(d), the mixed workload, is (b) while an editor writes once a second through the API
(a reviewer's token made for the run): alternately a new draft event at one of the
--sites sites and a new description for a published event at one (back to review, which
the public sees). bench.wsgi marks each response that asked the document cache
(`X-Bench-Cache: hit|miss`) and the Lua script counts them: the hit rate says how much of
the cache a write leaves standing. After a round's writes, (c)'s ETags are read again.

On a shared machine the rates move with everyone else's load, so two steadier figures
come beside them: each round's ratio to the hello run just before it ("paired"), and the
CPU the gunicorn workers spent per request (from /proc, Linux only; a PostgreSQL server's
own CPU is not in it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.common import engine_for
from bench.wsgi import HELLO_PATH
from heritage.auth import SYSTEM
from heritage.db import make_session_factory
from heritage.services import accounts

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("hello", "history", "conditional", "mixed")
EXPECTED_STATUS = {"hello": 200, "history": 200, "conditional": 304, "mixed": 200}
# The mixed workload's editor: a reviewer, who may change published events (they go back
# to review, which the public sees) as well as create drafts.
EDITOR_NAME = "bench-editor"
# (kind, minimum share of hello's requests/s, maximum p99 in ms or None)
TARGETS = {"history": (0.5, 25.0), "conditional": (0.8, None)}

# One script for every measurement, so wrk's own cost is the same in each: `paths` (and
# for conditional requests `tags`) are filled in; each request draws one at random.
LUA = r"""
local paths = {%(paths)s}
local tags = %(tags)s
local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(%(seed)d * 1000 + id)
  statuses = {}
  caches = {hit = 0, miss = 0}
end

function request()
  local i = math.random(#paths)
  if tags then
    return wrk.format("GET", paths[i], {["If-None-Match"] = tags[i]})
  end
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local cache = headers["X-Bench-Cache"]
  if cache then
    caches[cache] = (caches[cache] or 0) + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%%d duration_us=%%d p50_us=%%d p90_us=%%d p99_us=%%d max_us=%%d" ..
    " connect=%%d read=%%d write=%%d timeout=%%d non2xx3xx=%%d",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout, e.status))
  local seen = {}
  local hits, misses = 0, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      seen[status] = (seen[status] or 0) + n
    end
    local cache = thread:get("caches")
    hits, misses = hits + cache.hit, misses + cache.miss
  end
  io.write(string.format(" cache_hit=%%d cache_miss=%%d", hits, misses))
  for status, n in pairs(seen) do
    io.write(string.format(" http%%d=%%d", status, n))
  end
  io.write("\n")
end
"""
BENCH_LINE = re.compile(r"^BENCH (.*)$", re.MULTILINE)


@dataclass
class Measurement:
    kind: str
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    socket_errors: dict[str, int]
    statuses: dict[int, int]
    cache_hits: int = 0  # responses bench.wsgi marked as served from the document cache
    cache_misses: int = 0  # ... and as built on the request
    writes: int = 0  # the editor's, during the run (mixed workload)
    problems: list[str] = field(default_factory=list)
    server_cpu: float = 0.0  # seconds of CPU the gunicorn workers used during the run

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def hit_rate(self) -> float:
        looked_up = self.cache_hits + self.cache_misses
        return self.cache_hits / looked_up if looked_up else float("nan")

    @property
    def cpu_us(self) -> float:
        """Server CPU per request: what the request costs the workers, whatever else the
        machine runs (wall-clock rates move with the load of a shared machine)."""
        return self.server_cpu / self.requests * 1e6 if self.requests else float("nan")

    def check(self) -> None:
        expected = EXPECTED_STATUS[self.kind]
        wrong = {status: n for status, n in self.statuses.items() if status != expected}
        if wrong:
            self.problems.append(f"statuses other than {expected}: {wrong}")
        errors = {name: n for name, n in self.socket_errors.items() if n}
        if errors:
            self.problems.append(f"socket errors: {errors}")
        if not self.requests:
            self.problems.append("no request completed")


def parse(kind: str, output: str) -> Measurement:
    match = BENCH_LINE.search(output)
    if match is None:
        raise SystemExit(f"wrk printed no BENCH line for {kind}:\n{output}")
    values = dict(part.split("=") for part in match[1].split())
    statuses = {int(k[4:]): int(v) for k, v in values.items() if k.startswith("http")}
    measurement = Measurement(
        kind=kind,
        requests=int(values["requests"]),
        seconds=int(values["duration_us"]) / 1e6,
        p50_ms=int(values["p50_us"]) / 1000,
        p90_ms=int(values["p90_us"]) / 1000,
        p99_ms=int(values["p99_us"]) / 1000,
        max_ms=int(values["max_us"]) / 1000,
        socket_errors={
            name: int(values[name]) for name in ("connect", "read", "write", "timeout", "non2xx3xx")
        },
        statuses=statuses,
        cache_hits=int(values["cache_hit"]),
        cache_misses=int(values["cache_miss"]),
    )
    measurement.check()
    return measurement


def database_url(target: str) -> str:
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).resolve()}"


def live_sites(url: str, count: int, seed: int) -> tuple[list[int], int]:
    """`count` random ids of sites anyone may read (not deleted), and how many there are."""
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            ids = list(
                connection.execute(
                    text("SELECT id FROM sites WHERE deleted_at IS NULL ORDER BY id")
                ).scalars()
            )
    finally:
        engine.dispose()
    if not ids:
        raise SystemExit("The database has no live sites: load a dataset first.")
    return random.Random(seed).sample(ids, min(count, len(ids))), len(ids)


def published_events(url: str, site_ids: list[int]) -> list[int]:
    """Ids of the published events at `site_ids`: what the editor changes."""
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            ids = connection.execute(
                text(
                    "SELECT DISTINCT e.id FROM events e JOIN event_sites s ON s.event_id = e.id"
                    " WHERE e.status = 'published' AND e.deleted_at IS NULL"
                    f" AND s.site_id IN ({', '.join(str(int(i)) for i in site_ids)})"
                    " ORDER BY e.id"
                )
            ).scalars()
            return list(ids)
    finally:
        engine.dispose()


def editor_token(url: str) -> str:
    """A token of a reviewer made for this run (a new user each run: the database may be
    reused)."""
    engine = engine_for(url)
    try:
        with make_session_factory(engine)() as session:
            username = f"{EDITOR_NAME}-{os.getpid()}-{int(time.time())}"
            user = accounts.create_user(session, SYSTEM, {"username": username, "role": "reviewer"})
            secret, _token = accounts.create_token(session, SYSTEM, user.id, name="bench")
            session.commit()
            return secret
    finally:
        engine.dispose()


class Editor:
    """The mixed workload's writer: one write a second through the API while wrk reads,
    alternately a new draft event at a random site of the bench's (seen by editors only)
    and a new description for a published event at one (a reviewer's change, which sends
    it back to review: the public sees it leave). Any answer but the expected one is a
    problem the run reports."""

    def __init__(
        self, base: str, token: str, site_ids: list[int], event_ids: list[int], seed: int
    ) -> None:
        self.base = base
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.site_ids = site_ids
        self.random = random.Random(seed)
        self.event_ids = self.random.sample(event_ids, len(event_ids))  # each changed once
        self.writes = 0
        self.problems: list[str] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="editor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        due = time.monotonic()
        while not self._stop.wait(max(0.0, due - time.monotonic())):
            due += 1.0
            try:
                self._write()
            except (OSError, ValueError) as error:
                self.problems.append(f"editor's write {self.writes + 1}: {error}")
            else:
                self.writes += 1

    def _write(self) -> None:
        if self.writes % 2 == 0 or not self.event_ids:
            body = {
                "type": self.random.choice(["looted", "vandalised", "severely_damaged"]),
                "date": "2016-04-01",
                "site_ids": [self.random.choice(self.site_ids)],
                "description": f"bench draft {self.writes}",
            }
            self._call("POST", "/api/v1/events", body, expected=201)
            return
        path = f"/api/v1/events/{self.event_ids.pop()}"
        _, tag = self._call("GET", path, None, expected=200)
        self._call("PATCH", path, {"description": f"bench edit {self.writes}"}, 200, tag)

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        expected: int,
        if_match: str | None = None,
    ) -> tuple[Any, str]:
        headers = dict(self.headers)
        if if_match is not None:
            headers["If-Match"] = if_match
        data = json.dumps(body).encode() if body is not None else None
        call = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(call, timeout=60) as response:
                status, tag, answer = response.status, response.headers.get("ETag"), response.read()
        except urllib.error.HTTPError as error:
            raise ValueError(f"{method} {path}: {error.code} {error.read()[:300]!r}") from error
        if status != expected:
            raise ValueError(f"{method} {path}: {status}, not {expected}")
        return json.loads(answer), str(tag)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_gunicorn(
    url: str, port: int, workers: int, cache_mb: float, log: Path
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(ROOT),
        "--error-logfile",
        str(log),
        "--log-level",
        "warning",
        "bench.wsgi:app",
    ]
    env = {**os.environ, "HERITAGE_DATABASE_URL": url, "HERITAGE_DOCUMENT_CACHE_MB": str(cache_mb)}
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{HELLO_PATH}", timeout=5) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def fetch_etags(base: str, paths: list[str]) -> list[str]:
    """One plain GET of each history: its ETag, after checking it answered 200."""

    def fetch(path: str) -> str:
        try:
            with urllib.request.urlopen(base + path, timeout=120) as response:
                if response.status != 200:
                    raise SystemExit(f"{path}: {response.status}")
                tag = response.headers.get("ETag")
                response.read()
        except urllib.error.HTTPError as error:
            body = error.read()[:300]
            raise SystemExit(f"ERROR: {path} answered {error.code}: {body!r}") from error
        if not tag:
            raise SystemExit(f"ERROR: {path} answered without an ETag")
        return str(tag)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(fetch, paths))


def drain(base: str, workers: int) -> None:
    """Wait until the requests wrk left behind are done: a sync worker accepts a connection
    only when idle, so wrk's last requests still queue in the listen backlog after it
    exits, and a fresh request joins the end of that queue."""
    for _ in range(2 * workers):
        with urllib.request.urlopen(base + HELLO_PATH, timeout=300) as response:
            response.read()
    time.sleep(1)


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string of ASCII is a valid Lua string literal


def write_script(
    directory: Path, kind: str, paths: list[str], tags: list[str] | None, seed: int
) -> Path:
    script = directory / f"{kind}.lua"
    script.write_text(
        LUA
        % {
            "paths": ", ".join(lua_string(p) for p in paths),
            "tags": "{" + ", ".join(lua_string(t) for t in tags) + "}" if tags else "nil",
            "seed": seed,
        }
    )
    return script


def worker_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn workers of `master`."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended meanwhile
            continue
        if int(fields[1]) == master:  # ppid; utime and stime follow at 11 and 12
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def run_wrk(
    kind: str,
    script: Path,
    base: str,
    seconds: int,
    args: argparse.Namespace,
    master: int,
    editor: Editor | None = None,
) -> tuple[Measurement, str]:
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={seconds}s",
        f"--timeout={args.timeout}s",
        "--latency",
        f"--script={script}",
        base,
    ]
    cpu_before = worker_cpu(master)
    if editor is not None:
        writes_before, problems_before = editor.writes, len(editor.problems)
        editor.start()
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if editor is not None:
        editor.stop()
    if finished.returncode != 0:
        raise SystemExit(f"wrk failed ({finished.returncode}):\n{finished.stderr}")
    drain(base, args.workers)  # the requests wrk left queued are part of its run's cost
    measured = parse(kind, finished.stdout)
    measured.server_cpu = worker_cpu(master) - cpu_before
    if editor is not None:
        measured.writes = editor.writes - writes_before
        measured.problems.extend(editor.problems[problems_before:])
        if not measured.writes:
            measured.problems.append("the editor wrote nothing")
    return measured, finished.stdout


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLite file or database URL")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    parser.add_argument("--repeat", type=int, default=3, help="rounds, interleaved")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of each, not counted")
    parser.add_argument("--sites", type=int, default=1000, help="random sites to draw from")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout, s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--document-cache-mb",
        type=float,
        default=64,
        help="each worker's cache of built histories (HERITAGE_DOCUMENT_CACHE_MB; 0: none)",
    )
    parser.add_argument("--verbose", action="store_true", help="print wrk's own output too")
    args = parser.parse_args()
    for tool in ("wrk",):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not on PATH (apt-get install wrk)")

    url = database_url(args.db)
    site_ids, live = live_sites(url, args.sites, args.seed)
    token = editor_token(url)
    event_ids = published_events(url, site_ids)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    history_paths = [f"/api/v1/sites/{site_id}/history" for site_id in site_ids]
    with tempfile.TemporaryDirectory(prefix="heritage-served-") as scratch:
        directory = Path(scratch)
        log = directory / "gunicorn.log"
        server = start_gunicorn(url, port, args.workers, args.document_cache_mb, log)
        try:
            started = time.perf_counter()
            tags = fetch_etags(base, history_paths)
            drain(base, args.workers)
            print(
                f"ETags of {len(tags)} histories fetched (all 200) in"
                f" {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            scripts = {
                "hello": write_script(directory, "hello", [HELLO_PATH], None, args.seed),
                "history": write_script(directory, "history", history_paths, None, args.seed),
                "conditional": write_script(
                    directory, "conditional", history_paths, tags, args.seed
                ),
            }
            editor = Editor(base, token, site_ids, event_ids, args.seed)
            writes_tagged = 0  # the editor's writes when the conditional run's ETags were read
            results: dict[str, list[Measurement]] = {kind: [] for kind in KINDS}
            warm_ups: list[Measurement] = []
            print(
                f"\ngunicorn {args.workers} sync workers on {base}; wrk {args.threads} threads,"
                f" {args.connections} connections, {args.duration} s each, {args.repeat} rounds"
                f" interleaved after a {args.warmup} s warm-up of each (not counted);"
                f" {len(site_ids)} random sites of {live}; {url};"
                f" document cache {args.document_cache_mb:g} MB per worker;"
                f" mixed: the history with one write a second by an editor"
            )
            print(
                f"{'round':>5}  {'what':<12}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
                f"{'vs hello':>10}{'cpu µs':>9}{'hits':>7}{'writes':>7}  statuses"
            )
            for round_number in range(args.repeat + 1):
                label = str(round_number) if round_number else "warm"
                seconds = args.duration if round_number else args.warmup
                hello_rate = None
                for kind in KINDS:
                    if kind == "conditional" and editor.writes != writes_tagged:
                        # The last round's writes changed ETags: a 304 needs the new ones.
                        tags = fetch_etags(base, history_paths)
                        drain(base, args.workers)
                        scripts[kind] = write_script(
                            directory, kind, history_paths, tags, args.seed
                        )
                        writes_tagged = editor.writes
                    measured, output = run_wrk(
                        kind,
                        scripts["history" if kind == "mixed" else kind],
                        base,
                        seconds,
                        args,
                        server.pid,
                        editor if kind == "mixed" else None,
                    )
                    (results[kind] if round_number else warm_ups).append(measured)
                    hello_rate = hello_rate or measured.rate
                    statuses = ", ".join(f"{s}: {n}" for s, n in sorted(measured.statuses.items()))
                    print(
                        f"{label:>5}  {kind:<12}{measured.rate:>10.1f}"
                        f"{measured.p50_ms:>9.1f}{measured.p99_ms:>9.1f}"
                        f"{measured.rate / hello_rate:>10.3f}{measured.cpu_us:>9.0f}"
                        f"{measured.hit_rate:>7.3f}{measured.writes:>7}  {statuses}",
                        flush=True,
                    )
                    for problem in measured.problems:
                        print(f"       !!! ERROR in {kind}: {problem}", flush=True)
                    if args.verbose:
                        print(output)
        finally:
            stop(server)
            server_log = log.read_text() if log.exists() else ""
    report(results, args)
    everything = warm_ups + [m for measured in results.values() for m in measured]
    errors = [m for m in everything if m.problems]
    if server_log.strip():
        print("\ngunicorn's error log:\n" + server_log[-3000:])
    if errors:
        print(
            f"\n!!! THE RUN HAD ERRORS in {len(errors)} measurement(s) (see above):"
            " its figures do not measure what they claim."
        )
        sys.exit(1)


def report(results: dict[str, list[Measurement]], args: argparse.Namespace) -> None:
    rate = {kind: median([m.rate for m in results[kind]]) for kind in KINDS}
    p50 = {kind: median([m.p50_ms for m in results[kind]]) for kind in KINDS}
    p99 = {kind: median([m.p99_ms for m in results[kind]]) for kind in KINDS}
    cpu = {kind: median([m.cpu_us for m in results[kind]]) for kind in KINDS}
    hits = {  # over all rounds: hits of all lookups
        kind: sum(m.cache_hits for m in results[kind])
        / max(1, sum(m.cache_hits + m.cache_misses for m in results[kind]))
        for kind in KINDS
    }
    paired = {  # each round against the hello measured just before it
        kind: median(
            [m.rate / h.rate for m, h in zip(results[kind], results["hello"], strict=True)]
        )
        for kind in KINDS
    }
    print(f"\nmedians of {args.repeat}")
    print(
        f"{'what':<12}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'vs hello':>10}"
        f"{'paired':>8}{'cpu µs':>9}{'by cpu':>8}{'hits':>7}  target (on 'vs hello')"
    )
    for kind in KINDS:
        line = (
            f"{kind:<12}{rate[kind]:>10.1f}{p50[kind]:>9.1f}{p99[kind]:>9.1f}"
            f"{rate[kind] / rate['hello']:>10.3f}{paired[kind]:>8.3f}"
            f"{cpu[kind]:>9.0f}{cpu['hello'] / cpu[kind]:>8.3f}{hits[kind]:>7.3f}"
        )
        if kind not in TARGETS:
            print(f"{line}  {'baseline' if kind == 'hello' else 'no target'}")
            continue
        share, p99_limit = TARGETS[kind]
        ratio = rate[kind] / rate["hello"]
        verdicts = [f"≥ {share} of hello: {'met' if ratio >= share else 'MISSED'}"]
        if p99_limit is not None:
            met = p99[kind] <= p99_limit
            verdicts.append(f"p99 ≤ {p99_limit:g} ms: {'met' if met else 'MISSED'}")
        print(f"{line}  {'; '.join(verdicts)}")
    print(
        "vs hello: ratio of the median req/s; paired: median of each round's ratio to the"
        " hello run just before it; cpu µs: the gunicorn workers' CPU per request (the"
        " database server's, for PostgreSQL, not counted); by cpu: hello's CPU per request"
        " over this one's, the share of hello's rate a machine with nothing else to run"
        " would give, bar the client's and the database's share of it; hits: the share of"
        " the document cache's lookups it answered (all rounds), 0 where none was made."
    )


if __name__ == "__main__":
    main()
