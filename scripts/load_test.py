#!/usr/bin/env python3
"""Load the Alexa endpoint under gunicorn on loopback and report its speed.

Not a test: a measurement. It

1. makes a throw-away CA and signing certificate (tests/web_pki.py) and writes
   the root (the trust store) and the chain to a temporary folder;
2. starts gunicorn with the repo's gunicorn.conf.py on 127.0.0.1 and a free
   port, serving ``bench_app()`` below: the real app with the real verifier,
   whose chain *transport* reads the temporary chain file instead of S3;
3. signs a few thousand real request envelopes, then sends them from several
   concurrent keep-alive clients and reports requests/s, p50/p90/p99 latency and
   errors;
4. does the same with verification off (``BSC_DEV_INSECURE=1``), so the cost of
   verification is visible.

Bounded: at most 20,000 requests per phase, 64 clients, 5 rounds, 120 s per
phase; traffic goes
only to 127.0.0.1. The fake chain exists only in this script: ``skill.web``
reads no setting that could point production at another chain or transport
(only code calling ``create_app`` can), and the URL rules still apply here.

    python scripts/load_test.py [--requests 3000] [--clients 8] [--workers N]
                                [--threads 1] [--storage none] [--rounds 3]
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = "127.0.0.1"  # never anything else
BENCH_CHAIN_URL = "https://s3.amazonaws.com/echo.api/bench-chain.pem"
BENCH_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-00000000bench"
MAX_REQUESTS = 20000
MAX_CLIENTS = 64
PHASE_DEADLINE = 120.0


# --- server side: what gunicorn imports (``load_test:bench_app()``) -------------

def bench_app():
    """The production app, but its chain transport serves one local file.

    Only this function, named explicitly on gunicorn's command line by this
    script, knows about ``BSC_BENCH_CHAIN_FILE``. Like the production door, it reads
    the settings once and builds the skill once.
    """
    from skill import build_skill
    from skill.settings import Settings
    from skill.web import create_app

    settings = Settings.from_env().checked_for_web()
    if settings.dev_insecure:
        return create_app(build_skill(settings), settings)
    with open(os.environ["BSC_BENCH_CHAIN_FILE"], "rb") as handle:
        chain = handle.read()

    def local_transport(url, timeout, max_bytes):
        if url != BENCH_CHAIN_URL:
            raise OSError("the bench transport serves only its own chain")
        return chain

    return create_app(build_skill(settings), settings, cert_transport=local_transport)


# --- client side ----------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(port: int, env_extra: dict, workers: int, threads: int):
    env = {k: v for k, v in os.environ.items() if not k.startswith("BSC_")}
    env.update(env_extra)
    env["BSC_THREADS"] = str(threads)
    env["BSC_LOG_LEVEL"] = "WARNING"  # not one line per request
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
               "--bind", f"{HOST}:{port}", "--workers", str(workers),
               "--pythonpath", os.path.join(ROOT, "scripts"),
               "--access-logfile", os.devnull, "--log-level", "warning",
               "load_test:bench_app()"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return process
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise SystemExit("gunicorn did not become ready in 20 s")


def stop_server(process) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def build_requests(count: int, pki) -> list:
    """Signed (body, headers) pairs: launches, help and session ends, many users."""
    from alexa_simulator.envelopes import (
        envelope,
        intent_request,
        launch_request,
        session_ended_request,
    )

    kinds = [launch_request, lambda: intent_request("AMAZON.HelpIntent"),
             session_ended_request]
    prepared = []
    for index in range(count):
        body = envelope(kinds[index % len(kinds)](),
                        user_id=f"amzn1.ask.account.BENCH{index % 200:04d}")
        for part in ("context", "session"):
            if part == "context":
                body["context"]["System"]["application"]["applicationId"] = BENCH_SKILL_ID
            else:
                body["session"]["application"]["applicationId"] = BENCH_SKILL_ID
        body["request"]["requestId"] = "amzn1.echo-api.request." + uuid.uuid4().hex
        raw = json.dumps(body).encode("utf-8")
        prepared.append((raw, {
            "Content-Type": "application/json; charset=utf-8",
            "SignatureCertChainUrl": BENCH_CHAIN_URL,
            "Signature-256": pki.sign(raw),
        }))
    return prepared


def run_phase(port: int, prepared: list, clients: int) -> dict:
    latencies, errors, statuses = [], [], {}
    lock = threading.Lock()
    next_index = [0]
    deadline = time.monotonic() + PHASE_DEADLINE

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        while time.monotonic() < deadline:
            with lock:
                index = next_index[0]
                next_index[0] += 1
            if index >= len(prepared):
                break
            body, headers = prepared[index]
            started = time.perf_counter()
            try:
                conn.request("POST", "/", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
                status = type(exc).__name__
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                if status != 200:
                    errors.append(status)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started

    ordered = sorted(latencies)

    def percentile(p):
        if not ordered:
            return float("nan")
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] * 1000

    return {"sent": len(latencies), "errors": len(errors), "statuses": statuses,
            "seconds": wall, "rps": len(latencies) / wall if wall else 0.0,
            "p50": percentile(50), "p90": percentile(90), "p99": percentile(99),
            "max": ordered[-1] * 1000 if ordered else float("nan")}


def write_trust_files(folder: str, pki) -> tuple:
    """The test CA's root (the trust store) and signing chain as PEM files: (roots, chain)."""
    roots, chain = os.path.join(folder, "roots.pem"), os.path.join(folder, "chain.pem")
    with open(roots, "wb") as handle:
        handle.write(pki.root_pem)
    with open(chain, "wb") as handle:
        handle.write(pki.chain_pem)
    return roots, chain


def report(name: str, result: dict) -> None:
    print(f"{name:<22} {result['sent']:>6} req  {result['rps']:8.1f} req/s  "
          f"p50 {result['p50']:6.1f} ms  p90 {result['p90']:6.1f} ms  "
          f"p99 {result['p99']:6.1f} ms  max {result['max']:6.1f} ms  "
          f"errors {result['errors']}  statuses {result['statuses']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per worker (>1 switches gunicorn to gthread)")
    parser.add_argument("--storage", default="none", help="BSC_STORAGE for the skill")
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternate verification on/off this many times (1..5)")
    args = parser.parse_args(argv)
    if (not 1 <= args.requests <= MAX_REQUESTS or not 1 <= args.clients <= MAX_CLIENTS
            or not 1 <= args.rounds <= 5):
        parser.error(f"--requests must be 1..{MAX_REQUESTS}, --clients 1..{MAX_CLIENTS}, "
                     "--rounds 1..5")

    from web_pki import test_pki  # beside this script

    pki = test_pki()
    print(f"gunicorn on {HOST}, {args.workers} workers x {args.threads} threads, "
          f"{args.clients} clients, {args.requests} requests per phase and round, "
          f"{os.cpu_count()} CPUs shared by server and clients")
    with tempfile.TemporaryDirectory(prefix="bsc-load-") as folder:
        roots, chain = write_trust_files(folder, pki)
        storage = {"BSC_STORAGE": args.storage,
                   "BSC_SQLITE_PATH": os.path.join(folder, "memory.sqlite3")}
        phases = [
            ("verification on", {"BSC_SKILL_ID": BENCH_SKILL_ID, "BSC_TRUST_STORE": roots,
                                 "BSC_BENCH_CHAIN_FILE": chain, **storage}),
            ("verification off", {"BSC_SKILL_ID": BENCH_SKILL_ID, "BSC_DEV_INSECURE": "1",
                                  **storage}),
        ]
        # The phases alternate for a few rounds: on a shared machine, noise
        # from other processes then falls on both sides, and medians are fair.
        results = {name: [] for name, _ in phases}
        for round_number in range(1, args.rounds + 1):
            for name, env in phases:
                prepared = build_requests(args.requests, pki)  # fresh timestamps
                port = free_port()
                process = start_server(port, env, args.workers, args.threads)
                try:
                    run_phase(port, prepared[: min(50, len(prepared))], args.clients)  # warm-up
                    result = run_phase(port, prepared, args.clients)
                finally:
                    stop_server(process)
                results[name].append(result)
                report(f"{name} #{round_number}", result)
    summary = {}
    for name, rounds in results.items():
        summary[name] = {
            key: statistics.median(r[key] for r in rounds)
            for key in ("rps", "p50", "p90", "p99", "max")}
        summary[name].update(sent=sum(r["sent"] for r in rounds),
                             errors=sum(r["errors"] for r in rounds), statuses={})
        for r in rounds:
            for status, count in r["statuses"].items():
                summary[name]["statuses"][status] = summary[name]["statuses"].get(status, 0) + count
    print(f"median of {args.rounds} rounds:")
    for name in summary:
        report(name, summary[name])
    on, off = summary["verification on"], summary["verification off"]
    print(f"verification cost: {on['p50'] - off['p50']:+.1f} ms at p50, "
          f"{on['p99'] - off['p99']:+.1f} ms at p99")
    return 1 if on["errors"] or off["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
