"""Crash safety and concurrency of the loader, with real `flask load` processes."""
import json
import os
import signal
import subprocess
import sys
import time

from api.db import db
from api.loader.pipeline import extract_item
from api.loader.read import read_path
from api.models import Article, Mention, Quote
from tests.helpers import ROOT

BODY = ("Mayor Anna Berg said on Monday that the town of Riverton would open {i} new schools next year. "
        "\u201cWe will deliver on this promise,\u201d Berg told reporters in Riverton.\n\n"
        "The plan number {i} was approved by the council of Greenfield after a debate about its cost.")


def _write_records(path, count):
    path.write_text("".join(json.dumps({
        "url": f"https://example.com/schools/{i}", "headline": f"Riverton plans {i} schools",
        "articleBody": BODY.format(i=i), "datePublished": f"2024-01-{i % 28 + 1:02d}",
    }) + "\n" for i in range(count)), encoding="utf-8")


def _start_load(database_url, path, workers=1):
    env = dict(os.environ, DATABASE_URL=database_url)
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "load", "--workers", str(workers),
                             str(path)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _expected(path):
    """What each article must hold when complete: (mentions, quotes) by article id."""
    expected = {}
    for item in read_path(str(path)):
        _, record, _ = extract_item(item)
        expected[record["id"]] = (len(record["entities"]), len(record["quotes"]))
    return expected


def _stored():
    with db.connection_context():
        mentions = {a: 0 for (a,) in Article.select(Article.id).tuples()}
        for (article_id,) in Mention.select(Mention.article).tuples():
            mentions[article_id] += 1
        quotes = dict.fromkeys(mentions, 0)
        for (article_id,) in Quote.select(Quote.article).tuples():
            quotes[article_id] += 1
    return {a: (mentions[a], quotes[a]) for a in mentions}


def _count():
    with db.connection_context():
        return Article.select().count()


def test_load_killed_part_way_leaves_no_partial_article_and_resumes(app, database_url, tmp_path):
    path = tmp_path / "records.jsonl"
    # Enough records that the load spans several of its one-second commits.
    _write_records(path, 1000)
    expected = _expected(path)
    process = _start_load(database_url, path, workers=2)
    deadline = time.monotonic() + 120
    while _count() < 5:
        assert process.poll() is None, process.stdout.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    partial = _stored()
    assert 0 < len(partial) < len(expected)
    assert all(partial[a] == expected[a] for a in partial), "an article was stored without all its rows"
    again = _start_load(database_url, path, workers=2)
    output = again.communicate(timeout=300)[0].decode()
    assert again.returncode == 0, output
    assert f"{len(partial)} unchanged" in output
    assert _stored() == expected


def test_two_loads_of_the_same_files_at_once_leave_no_duplicate(app, database_url, tmp_path):
    path = tmp_path / "records.jsonl"
    _write_records(path, 40)
    first, second = _start_load(database_url, path), _start_load(database_url, path)
    outputs = [p.communicate(timeout=300)[0].decode() for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert _stored() == _expected(path)


def test_reads_are_answered_during_a_load(client, database_url, tmp_path):
    path = tmp_path / "records.jsonl"
    _write_records(path, 120)
    process = _start_load(database_url, path)
    counts = []
    while process.poll() is None:
        response = client.get("/api/v1/articles?limit=1")
        assert response.status_code == 200
        counts.append(_count())
        time.sleep(0.02)
    process.stdout.close()
    assert process.returncode == 0
    assert len(counts) > 3 and counts == sorted(counts)
    assert _count() == 120


