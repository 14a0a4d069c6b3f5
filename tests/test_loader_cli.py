"""The load and extract commands end to end, on SQLite and PostgreSQL: idempotence, updates in place,
duplicates, malformed input, --strict, standard input, compressed pages and charsets."""
from __future__ import annotations

import gzip
import json

from tests.helpers import load

PAGE = """<!doctype html><html lang="en"><head><meta charset="{charset}">
<title>{title} | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2023-05-04T10:30:00+02:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1><p class="byline">By Jane Doe</p>
<p>{body}</p>
<p>The committee met for three hours on Thursday and heard from residents of every district.</p>
<p>A final decision is expected next month, after a second round of public consultation.</p>
</article><footer>Copyright The Daily Example</footer></body></html>"""


def page(title: str, body: str, charset: str = "utf-8") -> str:
    return PAGE.format(title=title, body=body, charset=charset)


def record(url: str, body: str, title: str = "Harbour plan approved") -> dict:
    return {"url": url, "headline": title, "articleBody": body, "datePublished": "2023-05-04"}


def article_at(client, url: str) -> dict | None:
    data = client.get("/api/v1/articles", query_string={"url": url}).get_json()["data"]
    return client.get(f"/api/v1/articles/{data[0]['id']}").get_json() if data else None


def test_load_folder_reports_broken_file_wrong_charset_and_duplicate_and_loads_the_rest(runner, client, tmp_path):
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "broken.json").write_text('{"url": "https://example.com/a", "headline": ', encoding="utf-8")
    # Declares UTF-8 but is windows-1252, as some servers send it.
    (folder / "sub" / "cafe.html").write_bytes(
        page("Café owners welcome the new rules", "Owners of the café on the square said the rules were fair.",
             ).encode("cp1252"))
    (folder / "one.jsonl").write_text(
        json.dumps(record("https://example.com/harbour", "The harbour plan was approved by the council.")) + "\n"
        + json.dumps(record("https://mirror.example.org/harbour-copy",
                            "The harbour plan was approved by the council.")) + "\n",
        encoding="utf-8")

    result = load(runner, folder)

    assert result.exit_code == 1
    assert "2 loaded, 0 updated, 0 unchanged, 1 duplicate, 1 failed" in result.output
    assert f"failed: {folder / 'broken.json'}: invalid JSON" in result.output
    harbour = article_at(client, "https://example.com/harbour")
    assert harbour["title"] == "Harbour plan approved"
    # The duplicate is not stored twice but is found under its own URL.
    assert article_at(client, "https://mirror.example.org/harbour-copy")["id"] == harbour["id"]
    titles = sorted(a["title"] for a in client.get("/api/v1/articles").get_json()["data"])
    assert titles == ["Café owners welcome the new rules", "Harbour plan approved"]


def test_load_same_file_twice_reports_unchanged(runner, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(record("https://example.com/a", "Text of the article.")), encoding="utf-8")
    assert "1 loaded" in load(runner, path).output
    again = load(runner, path)
    assert again.exit_code == 0
    assert "0 loaded, 0 updated, 1 unchanged, 0 duplicate, 0 failed" in again.output


def test_load_changed_article_updates_in_place_keeping_its_id(runner, client, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(record("https://example.com/a", "First version.")), encoding="utf-8")
    load(runner, path)
    first = article_at(client, "https://example.com/a")
    path.write_text(json.dumps(record("https://example.com/a", "Second version, corrected.")), encoding="utf-8")
    result = load(runner, path)
    assert "0 loaded, 1 updated" in result.output
    second = article_at(client, "https://example.com/a")
    assert second["id"] == first["id"]
    assert second["body"] == "Second version, corrected."


def test_load_same_body_under_another_title_is_not_a_duplicate(runner, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record("https://example.com/a", "Please accept cookies.", "One")) + "\n"
                    + json.dumps(record("https://example.com/b", "Please accept cookies.", "Two")) + "\n",
                    encoding="utf-8")
    assert "2 loaded, 0 updated, 0 unchanged, 0 duplicate" in load(runner, path).output


def test_load_jsonl_bad_line_is_reported_with_line_number_and_the_rest_loads(runner, tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(record("https://example.com/a", "Body A.")) + "\n{not json\n"
                    + json.dumps({"url": "https://example.com/empty", "articleBody": ""}) + "\n"
                    + json.dumps(record("https://example.com/b", "Body B.")) + "\n", encoding="utf-8")
    result = load(runner, path)
    assert result.exit_code == 1
    assert f"failed: {path}:2: invalid JSON" in result.output
    assert f"failed: {path}:3: no article text found" in result.output
    assert "2 loaded, 0 updated, 0 unchanged, 0 duplicate, 2 failed" in result.output
    assert "Traceback" not in result.output


def test_load_strict_stops_at_the_first_failure(runner, tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(record("https://example.com/a", "Body A.")) + "\n[1]\n"
                    + json.dumps(record("https://example.com/b", "Body B.")) + "\n", encoding="utf-8")
    result = load(runner, path, args=("--workers", "1", "--strict"))
    assert result.exit_code == 1
    assert "1 loaded, 0 updated, 0 unchanged, 0 duplicate, 1 failed" in result.output


def test_load_missing_file_fails_with_its_path(runner, tmp_path):
    result = load(runner, tmp_path / "nope.html")
    assert result.exit_code == 1
    assert f"failed: {tmp_path / 'nope.html'}: no such file" in result.output


def test_load_reads_standard_input(runner, client):
    result = runner.invoke(args=["load", "--workers", "1", "-"],
                           input=json.dumps(record("https://example.com/stdin", "From a pipe.")) + "\n")
    assert result.exit_code == 0, result.output
    assert article_at(client, "https://example.com/stdin")["body"] == "From a pipe."


def test_load_gzipped_page_in_parallel(runner, client, tmp_path):
    for n in range(3):
        (tmp_path / f"p{n}.html.gz").write_bytes(gzip.compress(
            page(f"Harbour story number {n} is here", f"Paragraph {n} about the harbour and its new quay.")
            .encode("utf-8")))
    result = load(runner, tmp_path, args=("--workers", "2"))
    assert result.exit_code == 0, result.output
    assert "3 loaded" in result.output
    titles = sorted(a["title"] for a in client.get("/api/v1/articles").get_json()["data"])
    assert titles == [f"Harbour story number {n} is here" for n in range(3)]


def test_load_summary_is_one_line_without_progress_when_not_a_terminal(runner, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(record("https://example.com/a", "Body.")), encoding="utf-8")
    result = load(runner, path)
    assert result.output == "1 loaded, 0 updated, 0 unchanged, 0 duplicate, 0 failed\n"


def test_load_shows_a_progress_bar_over_the_pages_when_stderr_is_a_terminal(runner, tmp_path, monkeypatch):
    monkeypatch.setattr("api.cli._stderr_is_terminal", lambda: True)
    for n in range(2):
        html = page(f"Harbour story number {n}", f"Body text number {n}.")
        (tmp_path / f"{n}.html").write_text(html, encoding="utf-8")
    result = load(runner, tmp_path, args=("--workers", "1"))
    assert "2/2" in result.stderr and "100%" in result.stderr
    assert result.stdout == "2 loaded, 0 updated, 0 unchanged, 0 duplicate, 0 failed\n"


def test_load_progress_bar_has_no_total_for_a_stream_of_records(runner, tmp_path, monkeypatch):
    monkeypatch.setattr("api.cli._stderr_is_terminal", lambda: True)
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record("https://example.com/a", "Body.")) + "\n", encoding="utf-8")
    result = load(runner, path, args=("--workers", "1"))
    assert "1 records" in result.stderr and "%" not in result.stderr


def test_extract_prints_normalised_json_without_storing(runner, client, tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes(page("Harbour plan approved after long debate", "The plan was approved.").encode())
    result = runner.invoke(args=["extract", str(path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["title"] == "Harbour plan approved after long debate"
    assert out["authors"] == ["Jane Doe"]
    assert out["published_at"] == "2023-05-04T10:30+02:00"
    assert out["provenance"]["fields"]["published_at"] == "meta"
    assert out["provenance"]["origin"] == str(path)
    assert client.get("/api/v1/articles").get_json()["data"] == []


def test_load_database_error_rolls_back_the_whole_article_and_keeps_the_rest(runner, client, tmp_path, monkeypatch):
    from peewee import IntegrityError

    from api.loader import store

    original = store._write

    def write_then_fail(records, existing=None):
        original(records, existing)  # the article rows are written, then their later rows fail
        if any(r.url.endswith("/bad") for r in records):
            raise IntegrityError("simulated failure after the article row")

    monkeypatch.setattr(store, "_write", write_then_fail)
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(record(f"https://example.com/{name}", f"Body of {name}.", name)) + "\n"
                            for name in ("good", "bad", "also-good")), encoding="utf-8")
    result = load(runner, path)
    assert result.exit_code == 1
    assert f"failed: {path}:2: database error: simulated failure" in result.output
    assert article_at(client, "https://example.com/bad") is None
    assert article_at(client, "https://example.com/good")["body"] == "Body of good."
    assert article_at(client, "https://example.com/also-good")["body"] == "Body of also-good."


def test_load_former_duplicate_url_with_new_text_becomes_its_own_article(runner, client, tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(record("https://example.com/a", "Same text.")) + "\n"
                    + json.dumps(record("https://example.org/copy", "Same text.")) + "\n", encoding="utf-8")
    assert "1 loaded, 0 updated, 0 unchanged, 1 duplicate" in load(runner, path).output
    path.write_text(json.dumps(record("https://example.org/copy", "Now a different story.")) + "\n",
                    encoding="utf-8")
    assert "1 loaded" in load(runner, path).output
    data = client.get("/api/v1/articles", query_string={"url": "https://example.org/copy"}).get_json()["data"]
    assert [a["url"] for a in data] == ["https://example.org/copy"]


def test_load_url_with_tracking_parameters_is_found_as_given(runner, client, tmp_path):
    path = tmp_path / "a.json"
    given = "https://www.Example.com/a?id=3&utm_source=rss#comments"
    path.write_text(json.dumps(record(given, "Body.")), encoding="utf-8")
    load(runner, path)
    assert article_at(client, given)["url"] == "https://www.example.com/a?id=3"


def test_load_keeps_a_record_whose_date_cannot_be_used_and_warns_with_its_origin(runner, client, tmp_path):
    path = tmp_path / "feed.jsonl"
    bad = dict(record("https://example.com/a", "Body A."), datePublished="2024-05-01T10:00:00+25:00")
    extracted = {"url": "https://example.com/b", "title": "B", "body": "Body B.",
                 "published_at": "0001-01-01T00:00+01:00", "entities": [], "quotes": []}
    path.write_text(json.dumps(bad) + "\n" + json.dumps(extracted) + "\n", encoding="utf-8")
    result = load(runner, path)
    assert result.exit_code == 0, result.output
    assert "2 loaded, 0 updated, 0 unchanged, 0 duplicate, 0 failed" in result.output
    assert (f"warning: {path}:1: published_at: dropped datePublished '2024-05-01T10:00:00+25:00': "
            "UTC offset +25:00 is out of range (under 24 hours)") in result.output
    assert (f"warning: {path}:2: published_at: dropped published_at '0001-01-01T00:00+01:00': "
            "year 1 is outside 1900-2100") in result.output
    assert article_at(client, "https://example.com/a")["published_at"] is None
    assert article_at(client, "https://example.com/b")["published_at"] is None


def test_extract_prints_a_dropped_dates_warning_on_stderr_not_in_the_json(runner, tmp_path):
    path = tmp_path / "a.json"
    given = dict(record("https://example.com/a", "Body A."), datePublished="2024-05-01T10:00+25:00")
    path.write_text(json.dumps(given), encoding="utf-8")
    result = runner.invoke(args=["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert f"warning: {path}: published_at: dropped datePublished" in result.stderr
    assert json.loads(result.stdout)["published_at"] is None
    assert "warnings" not in json.loads(result.stdout)


def test_load_warns_of_a_page_whose_time_element_cannot_be_used(runner, client, tmp_path):
    path = tmp_path / "pages.jsonl"
    html = ("<!doctype html><html><head><title>Harbour plan</title></head><body>"
            '<time datetime="2022-12-12T12:22+25:00">12/12</time><article><p>The harbour plan was approved '
            "after a long debate in the council, and work starts next spring.</p></article></body></html>")
    path.write_text(json.dumps({"url": "https://example.com/harbour", "html": html}) + "\n", encoding="utf-8")
    result = load(runner, path)
    assert result.exit_code == 0, result.output
    assert (f"warning: {path}:1: published_at: dropped <time datetime> '2022-12-12T12:22+25:00': "
            "UTC offset +25:00 is out of range (under 24 hours)") in result.output
