"""HTTP throughput of the web app: search and dossier endpoints under concurrent load.

    python benchmarks/bench_api.py DB [--seconds 20] [--concurrency 16] [--workers 1]

Starts ``rasid serve`` (uvicorn) on a free localhost port in a subprocess, then for each
endpoint runs ``--concurrency`` client tasks (httpx, asyncio, keep-alive) for ``--seconds``
seconds and prints requests/s and p50/p99 latency. Endpoints: ``/api/search`` over a list of
news queries, ``/api/stories/{id}`` (dossier JSON) and ``/story/{id}`` (the rendered dossier
page) over the stored stories. The load generator runs on the same machine and takes its share
of the CPU: the numbers are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx

QUERIES = [
    "ترامب", "الرئيس الأمريكي", "الاتفاق النووي", '"الاتفاق النووي" إيران', "سوريا",
    "الحوثيين اليمن", "السعودية", "ولي العهد", "أردوغان", "روسيا بوتين", "كوريا الشمالية",
    "أسعار النفط", "البنك المركزي الفائدة", "كأس العالم", "محمد صلاح",
    "ريال مدريد OR برشلونة", "ميسي -رونالدو", "الاتحاد الأوروبي", "ماكرون", "العراق",
    "غزة", "القدس", "نتنياهو", "البنتاجون", "فيسبوك", "الذكاء الاصطناعي", "الأمم المتحدة",
    "مجلس الأمن", "الانتخابات", "الدولار",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(db: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    if workers == 1:
        cmd = [sys.executable, "-m", "rasid.web.serve", "--db", db, "--port", str(port),
               "--log-level", "warning"]
    else:
        # several processes: uvicorn's factory mode builds one app per worker
        os.environ["RASID_BENCH_DB"] = db
        cmd = [sys.executable, "-m", "uvicorn", "--factory", "bench_api:app_factory",
               "--app-dir", str(Path(__file__).parent), "--port", str(port),
               "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(cmd)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1").status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.terminate()
    sys.exit("the server did not start in 60 s")


def app_factory() -> object:
    from rasid.web import create_app
    return create_app(os.environ["RASID_BENCH_DB"])


async def _load(base: str, paths: Callable[[int], str], seconds: float,
                concurrency: int) -> tuple[list[float], int, int]:
    latencies: list[float] = []
    errors = 0
    counter = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        stop = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors, counter
            while time.perf_counter() < stop:
                counter += 1
                path = paths(counter)
                t0 = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    errors += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, counter


def _report(name: str, latencies: list[float], errors: int, seconds: float) -> None:
    if not latencies:
        print(f"{name}: no requests completed")
        return
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    print(f"{name:<24} {len(latencies) / seconds:8.1f} req/s   p50 {p50:7.1f} ms   "
          f"p99 {p99:7.1f} ms   {len(latencies)} requests, {errors} non-200", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ns = ap.parse_args(argv)
    if not Path(ns.db).is_file():
        sys.exit(f"{ns.db} does not exist")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _start(ns.db, port, ns.workers)
    try:
        info = httpx.get(f"{base}/api/articles?limit=1").json()
        stories = [s["id"] for s in httpx.get(f"{base}/api/stories?limit=100").json()["items"]]
        print(f"db {ns.db}: {info['total']} articles, {len(stories)} stories (first 100); "
              f"{ns.concurrency} concurrent clients, {ns.seconds:.0f} s per endpoint, "
              f"{ns.workers} server process(es), {os.cpu_count()} CPUs", flush=True)
        runs: list[tuple[str, Callable[[int], str]]] = [
            ("GET /api/search", lambda i: "/api/search?q=" + quote(QUERIES[i % len(QUERIES)])),
        ]
        if stories:
            runs.append(("GET /api/stories/{id}",
                         lambda i: "/api/stories/" + quote(stories[i % len(stories)])))
            runs.append(("GET /story/{id} (HTML)",
                         lambda i: "/story/" + quote(stories[i % len(stories)])))
        else:
            print("no stories stored: the dossier endpoints are skipped")
        for name, paths in runs:
            asyncio.run(_load(base, paths, 2.0, ns.concurrency))  # warm caches and pools
            latencies, errors, _ = asyncio.run(_load(base, paths, ns.seconds, ns.concurrency))
            _report(name, latencies, errors, ns.seconds)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
