"""`profile`: CPU microseconds per request of each scenario, in process, with an optional cProfile top-N.

The app's WSGI callable is called directly (no server, no socket, no test client): each scenario's URLs
(one per parameter set, as `bench api` cycles through them) get their WSGI environ built once, and the
requests are served round-robin over them. CPU time (`time.process_time`) resists the noise of a shared
machine far better than wall-clock rates, so a change to the request path can be judged in seconds.
The app is configured as `bench api` runs it under gunicorn (which reads ./gunicorn.conf.py): the limiter
counting every request, metrics in a multiprocess directory, and JSON access lines (written to /dev/null).
"""
from __future__ import annotations

import cProfile
import io
import logging.config
import os
import pstats
import runpy
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.scenarios import SCENARIOS

# As bench/api.py runs our server (not imported from there: that would import the app before the
# environment below is set, and prometheus-client picks its mode when first imported).
UNLIMITED = "100000000 per minute"


def _as_under_gunicorn() -> None:
    # Before the app is imported: prometheus-client picks its mode when it is first imported.
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="bench-profile-metrics-")
    settings = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    config = settings["logconfig_dict"]
    config["handlers"]["stdout"]["stream"] = open(os.devnull, "w")  # noqa: SIM115 - for the process's life
    logging.config.dictConfig(config)


def _environs(app, paths: list[str]) -> list[dict]:
    from werkzeug.test import EnvironBuilder

    out = []
    for path in paths:
        parts = urlsplit(path)
        builder = EnvironBuilder(path=parts.path, query_string=parts.query, base_url="http://127.0.0.1:8000",
                                 environ_base={"REMOTE_ADDR": "127.0.0.1"})
        out.append(builder.get_environ())
        builder.close()
    return out


def _serve(app, environ: dict) -> int:
    """One request through the WSGI callable; its status code (the body is read to the end)."""
    status = []
    environ = dict(environ, **{"wsgi.input": io.BytesIO(b"")})
    body = app(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        for _ in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return int(status[0].split(" ", 1)[0])


def run(database_url: str, requests: int = 2000, only: list[str] | None = None, top: int = 0,
        variants: int = 32, rounds: int = 1) -> None:
    """Print CPU µs/request (and wall µs/request) for each scenario, the best of `rounds` (the least disturbed
    by other processes); with `top`, a cProfile of each too."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["RATE_LIMIT"] = UNLIMITED
    _as_under_gunicorn()
    from api import create_app
    from api.db import db
    from bench import params as picks_module

    app = create_app()
    with db.connection_context():
        picks = picks_module.pick(variants)
        articles = db.execute_sql("SELECT COUNT(*) FROM article").fetchone()[0]
    print(f"{articles} articles, {requests} requests a scenario over {variants} parameter sets", flush=True)
    for scenario in SCENARIOS:
        if only and not any(o in scenario.name for o in only):
            continue
        sets = picks_module.variants_for(scenario.params, picks)
        environs = _environs(app, [scenario.path.format(**p) for p in sets])
        for environ in environs:  # warm: compiled queries, caches, the page cache
            status = _serve(app, environ)
            if status != 200:
                print(f"{scenario.name:<36} answers {status}: skipped", flush=True)
                break
        else:
            _measure(app, scenario.name, environs, requests, top, rounds)


def _measure(app, name: str, environs: list[dict], requests: int, top: int, rounds: int) -> None:
    n = len(environs)
    profiler = cProfile.Profile() if top else None
    best_cpu = best_wall = float("inf")
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for i in range(requests):
            _serve(app, environs[i % n])
        if profiler:
            profiler.disable()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    print(f"{name:<36} {best_cpu / requests * 1e6:8.0f} µs CPU/request  {best_wall / requests * 1e6:8.0f} µs wall"
          + (f"  (best of {rounds})" if rounds > 1 else "") + ("  (under cProfile)" if profiler else ""), flush=True)
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(top)
        print(_by_package(stats))
        print(out.getvalue())


def _by_package(stats: pstats.Stats) -> str:
    """Own time summed by the package a function lives in (ours by top-level folder), largest first."""
    totals: dict[str, float] = {}
    for (filename, _, function), (_, _, tottime, _, _) in stats.stats.items():
        if "site-packages/" in filename:
            package = filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
        elif filename == "~":
            # "<method 'fetchone' of 'sqlite3.Cursor' objects>", "<built-in method builtins.isinstance>"
            owner = function.split(" of '")[1] if " of '" in function else function.split("method ")[-1]
            package = "C " + owner.split(".")[0].split("'")[0].strip("<>")
        elif "/lib/python3" in filename:
            package = "stdlib"
        else:
            package = Path(filename).parent.name or filename
        totals[package] = totals.get(package, 0.0) + tottime
    whole = sum(totals.values()) or 1.0
    return "own time by package: " + ", ".join(
        f"{name} {t / whole:.0%}" for name, t in sorted(totals.items(), key=lambda kv: -kv[1]) if t / whole >= 0.01)
