"""The benchmark harness: scenario table, parameter picks, wrk parsing and the ceiling body."""
from __future__ import annotations

import json
import re

import pytest

from api.db import db, is_sqlite
from bench import params
from bench.ceiling import body
from bench.generate import generate
from bench.scenarios import SCENARIOS
from bench.wrk import parse

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.01ms    3.20ms  80.00ms   90.00%
    Req/Sec   600.00     50.00   700.00     70.00%
  Latency Distribution
     50%  850.00us
     75%   12.00ms
     90%   15.00ms
     99%    1.20s
  6000 requests in 5.00s, 90.00MB read
  Non-2xx or 3xx responses: 12
Requests/sec:   1199.50
Transfer/sec:     18.00MB
"""


def test_wrk_parse_reads_rate_percentiles_and_errors():
    run = parse(WRK_OUTPUT)
    assert (run.rps, run.p50, run.p99, run.requests, run.errors) == (1199.5, 0.85, 1200.0, 6000, 12)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_scenario_url_and_sql_use_the_declared_parameters(scenario):
    assert set(re.findall(r"{(\w+)}", scenario.path)) == set(scenario.params)
    for sql in filter(None, (scenario.sql, scenario.tuned_sql)):
        assert set(re.findall(r"(?<![\w:]):(\w+)", sql)) == set(scenario.params)


def test_report_notes_name_the_backend_not_a_server_object():
    from pathlib import Path

    from bench.api import _report
    from bench.wrk import Run

    plan = [{"name": "newest articles", "note": "", "paths": {}, "skip": {}, "size": 100}]
    results = {("newest articles", "ours"): [Run(100.0, 1.0, 2.0, 500, 0)]}
    markdown = _report(plan, results, [50.0], [29.0], "SQLite", 10000, 2, 16, 5, 1, True, Path("c.db"))
    assert "\n- SQLite, 10,000 articles; gunicorn" in markdown
    assert "Server(" not in markdown and "Popen" not in markdown


def test_ceiling_body_is_json_of_the_requested_size():
    for size in (2000, 15000):
        data = body(size)
        assert json.loads(data)["meta"]["count"] >= 1
        assert len(data) == size


def test_params_pick_stored_values_and_scenario_sql_runs(app, database_url):
    generate(60, database_url, seed=2, quiet=True)
    with db.connection_context():
        picks = params.pick(variants=4)
        assert {k: len(v) for k, v in picks.items()} == dict.fromkeys(picks, 4)
        assert all(after < before for after, before in zip(picks["after"], picks["before"], strict=True))
        for name, table, column in (("entity", "entity", "id"), ("speaker", "quote", "speaker_id"),
                                    ("article", "article", "id")):
            for value in picks[name]:
                found = db.execute_sql(f"SELECT 1 FROM {table} WHERE {column} = %s".replace(
                    "%s", "?" if is_sqlite() else "%s"), (value,)).fetchone()
                assert found, (name, value)
        if is_sqlite():  # Datasette serves SQLite: its SQL must run on our schema
            for scenario in SCENARIOS:
                for variant in params.variants_for(scenario.params, picks):
                    plain = db.execute_sql(scenario.sql, variant).fetchall()
                    # Datasette's two queries give one answer, so their rates compare like for like.
                    if scenario.tuned_sql:
                        assert db.execute_sql(scenario.tuned_sql, variant).fetchall() == plain, scenario.name
            detail = next(s for s in SCENARIOS if s.name == "article detail")
            row = db.execute_sql(detail.sql, {"article": picks["article"][0]}).fetchone()
            assert len(json.loads(row[-2])) >= 5  # its entities
