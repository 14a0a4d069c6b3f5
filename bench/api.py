"""`python -m bench api`: our API vs the bare-Flask ceiling vs Datasette, scenario by scenario, under wrk.

Per round every scenario is driven on each server in turn (the starting server rotates each round), so
machine noise shows as the spread between rounds instead of hiding in one server's figures.
"""
from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

from api.db import db, init_db, is_sqlite
from api.models import Article
from bench import params as picks_module
from bench import servers, wrk
from bench.results import table, write_section
from bench.scenarios import SCENARIOS, Scenario

MISSING = (400, 404, 405)
# One client drives thousands of requests a second: the limiter still runs (its cost is measured), but
# with a limit no run reaches, so no answer is a 429.
UNLIMITED = "100000000 per minute"
# Datasette answers both forms of a scenario's SQL (plain and tuned) from one server.
SERVER_OF = {"datasette tuned": "datasette"}


def _sqlite_path(url: str) -> Path | None:
    return Path(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else None


def _our_paths(scenario: Scenario, variants: list[dict]) -> list[str]:
    return [scenario.path.format(**{k: quote(str(v), safe="") for k, v in p.items()}) for p in variants]


def _datasette_paths(sql: str, variants: list[dict], db_name: str) -> list[str]:
    return [f"/{db_name}.json?" + urlencode({"sql": sql, "_shape": "array", **p}) for p in variants]


def _probe(server: servers.Server, paths: list[str]) -> tuple[int, float, str]:
    """(worst status, mean body size, message of the first failure) over every path: warms caches too."""
    sizes, worst, message = [], 200, ""
    for path in paths:
        status, body = servers.get(server.base_url + path)
        sizes.append(len(body))
        if status != 200 and worst == 200:
            worst, message = status, body[:200].decode(errors="replace")
    return worst, statistics.mean(sizes), message


def run(database_url: str, duration: int = 10, connections: int = 16, rounds: int = 2,
        datasette_sqlite: str | None = None, variants: int = 32, only: list[str] | None = None) -> str:
    """Run every scenario, print and record the table; return the Markdown written."""
    wrk.ensure_wrk()
    workers = os.cpu_count() or 1
    init_db(database_url)
    with db.connection_context():
        articles = Article.select().count()
        picks = picks_module.pick(variants)
        server_version = "" if is_sqlite() else db.execute_sql("SHOW server_version").fetchone()[0]
        if is_sqlite():
            # Datasette opens the file immutable, which ignores the WAL: move everything into the main file.
            db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    backend = "SQLite" if is_sqlite() else "PostgreSQL"
    backend_label = f"{backend} {server_version}".strip()
    sqlite_file = _sqlite_path(database_url) or (Path(datasette_sqlite) if datasette_sqlite else None)
    logdir = Path(tempfile.mkdtemp(prefix="bench-api-"))
    scenarios = [s for s in SCENARIOS if not only or any(o in s.name for o in only)]
    print(f"{backend}, {articles} articles, {workers} gunicorn workers, wrk -c{connections} -d{duration}s, "
          f"{rounds} rounds; logs in {logdir}", flush=True)

    running: dict[str, servers.Server] = {}
    try:
        running["ours"] = servers.gunicorn("ours", "wsgi:app", workers, logdir,
                                           {"DATABASE_URL": database_url, "RATE_LIMIT": UNLIMITED})
        running["ceiling"] = servers.gunicorn("ceiling", "bench.ceiling:app", workers, logdir)
        if sqlite_file:
            running["datasette"] = servers.datasette(sqlite_file, logdir)
        plan = _plan(scenarios, picks, running, sqlite_file)
        results: dict[tuple[str, str], list[wrk.Run]] = {}
        for round_no in range(rounds):
            for item in plan:
                names = [n for n in ("ours", "ceiling", "datasette", "datasette tuned") if item["paths"].get(n)]
                shift = round_no % len(names) if names else 0
                for name in names[shift:] + names[:shift]:
                    server = running[SERVER_OF.get(name, name)]
                    result = wrk.run(server.base_url, item["paths"][name], duration, connections)
                    results.setdefault((item["name"], name), []).append(result)
                    print(f"round {round_no + 1} {item['name']:<36} {name:<15} {result.rps:9.1f} req/s "
                          f"p50 {result.p50:7.2f} ms p99 {result.p99:7.2f} ms"
                          + (f" errors {result.errors}" if result.errors else ""), flush=True)
        rss = running["ours"].worker_rss_mb()
        ceiling_rss = running["ceiling"].worker_rss_mb()
    finally:
        for process in running.values():
            process.stop()
    markdown = _report(plan, results, rss, ceiling_rss, backend_label, articles, workers, connections, duration,
                       rounds, "datasette" in running, sqlite_file)
    print(markdown)
    write_section(f"api-{backend.lower()}-{articles}", f"API, {backend}, {articles:,} articles", markdown)
    return markdown


def _plan(scenarios, picks, running, sqlite_file) -> list[dict]:
    """Per scenario: the paths each server gets, or why a server is left out."""
    plan = []
    for scenario in scenarios:
        variants = picks_module.variants_for(scenario.params, picks)
        item = {"name": scenario.name, "note": scenario.note, "paths": {}, "skip": {}, "size": None}
        ours = _our_paths(scenario, variants)
        status, size, message = _probe(running["ours"], ours)
        if status in MISSING:
            item["skip"]["ours"] = f"endpoint missing ({status})"
            print(f"{scenario.name}: endpoint missing: {status} {message}", flush=True)
        elif status != 200:
            item["skip"]["ours"] = f"error {status}"
            print(f"{scenario.name}: our server answered {status}: {message}", flush=True)
        else:
            item["paths"]["ours"], item["size"] = ours, round(size)
            item["paths"]["ceiling"] = [f"/ceiling/{round(size)}"]
        if "datasette" in running:
            for name, sql in (("datasette", scenario.sql), ("datasette tuned", scenario.tuned_sql)):
                if not sql:
                    continue
                paths = _datasette_paths(sql, variants, sqlite_file.stem)
                status, _, message = _probe(running["datasette"], paths)
                if status == 200:
                    item["paths"][name] = paths
                else:
                    item["skip"][name] = f"error {status}"
                    print(f"{scenario.name}: {name} answered {status}: {message}", flush=True)
        plan.append(item)
    return plan


def _median(runs: list[wrk.Run], attr: str) -> float:
    return statistics.median(getattr(r, attr) for r in runs)


def _cell(runs: list[wrk.Run] | None, attr: str, fmt: str = "{:.1f}") -> str:
    return fmt.format(_median(runs, attr)) if runs else "-"


def _ratio(ours: list[wrk.Run] | None, other: list[wrk.Run] | None) -> str:
    return f"{_median(ours, 'rps') / _median(other, 'rps'):.2f}x" if ours and other else "-"


def _report(plan, results, rss, ceiling_rss, backend, articles, workers, connections, duration, rounds,
            with_datasette, sqlite_file) -> str:
    header = ["scenario", "ours req/s", "p50 ms", "p99 ms", "ceiling req/s", "ours/ceiling", "Datasette req/s",
              "Datasette p99 ms", "ours/Datasette", "Datasette tuned SQL req/s", "ours/Datasette tuned",
              "body bytes", "req/s by round (ours; ceiling; Datasette; Datasette tuned)"]
    rows = []
    for item in plan:
        name = item["name"]
        ours, ceil, dset, tuned = (results.get((name, n)) for n in ("ours", "ceiling", "datasette", "datasette tuned"))
        every = (ours, ceil, dset, tuned)
        by_round = "; ".join(" / ".join(f"{r.rps:.0f}" for r in runs) if runs else "-" for runs in every)
        errors = sum(r.errors for runs in every if runs for r in runs)
        rows.append([
            name + (f" ({item['note']})" if item["note"] else ""),
            _cell(ours, "rps") if ours else item["skip"].get("ours", "-"),
            _cell(ours, "p50", "{:.2f}"), _cell(ours, "p99", "{:.2f}"),
            _cell(ceil, "rps"), _ratio(ours, ceil),
            _cell(dset, "rps") if dset else item["skip"].get("datasette", "-"), _cell(dset, "p99", "{:.2f}"),
            _ratio(ours, dset),
            _cell(tuned, "rps") if tuned else item["skip"].get("datasette tuned", "same SQL"), _ratio(ours, tuned),
            item["size"] or "-", by_round + (f"; {errors} failed responses" if errors else ""),
        ])
    notes = [f"{backend}, {articles:,} articles; gunicorn sync workers = cores = {workers}; "
             f"wrk -t2 -c{connections} -d{duration}s per run, {rounds} rounds (medians shown); "
             "each run cycles through 32 parameter sets picked from the corpus (seeded)."]
    notes.append(f"Our server runs with RATE_LIMIT={UNLIMITED!r} (the limiter still counts every request).")
    notes.append("Ceiling: a bare Flask app under the same gunicorn settings returning a fixed JSON body "
                 "of the same size as our mean response for the scenario (it does not touch the database).")
    if with_datasette:
        notes.append(f"Datasette: one process (its own server, `-i` immutable) on the SQLite file {sqlite_file.name}, "
                     "running the scenario's SQL from bench/scenarios.py via `/db.json?sql=...&_shape=array`: "
                     "'Datasette' runs it written plainly on the normalised tables (article, mention, quote), "
                     "the query a Datasette user writes and the issue's baseline; 'Datasette tuned SQL' runs "
                     "the same answer on the copies our schema keeps for speed (mention.published_ts, "
                     "quote.published_ts, the cooccurrence table), where the two differ.")
    else:
        notes.append("Datasette: skipped (it serves SQLite only; give --datasette-sqlite FILE to compare "
                     "with a SQLite copy of the corpus).")
    memory = (f"Worker RSS after the run: ours {', '.join(f'{m:.0f}' for m in rss)} MB; "
              f"ceiling {', '.join(f'{m:.0f}' for m in ceiling_rss)} MB.")
    return table(header, rows) + "\n" + "\n".join(f"- {n}" for n in notes) + f"\n- {memory}\n"
