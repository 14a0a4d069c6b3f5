"""`python -m bench loader`: articles/s of `flask load` for JSON records and for HTML pages.

Each load runs as its own process on a fresh SQLite file, with 1 extraction worker and with all
cores; a sampler adds up the resident memory of the process tree to find the peak.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.pages import write_jsonl, write_pages
from bench.results import table, write_section
from bench.servers import ROOT


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """(total, largest) resident kB over a process and its descendants."""
    total = largest = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            stack.extend(int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split())
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+)", status)
        if match:
            rss = int(match.group(1))
            total += rss
            largest = max(largest, rss)
    return total, largest


def measure(argv: list[str], env: dict) -> dict:
    """Run a command; its wall time, peak total and largest-process RSS (MB), and its last output line."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"total": 0, "largest": 0}

    def sample() -> None:
        while process.poll() is None:
            total, largest = _tree_rss_kb(process.pid)
            peak["total"], peak["largest"] = max(peak["total"], total), max(peak["largest"], largest)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({process.returncode}):\n{err[-2000:]}")
    return {"seconds": seconds, "total_mb": peak["total"] / 1024, "largest_mb": peak["largest"] / 1024,
            "summary": out.strip().splitlines()[-1] if out.strip() else ""}


def _load(path: Path, workers: int, workdir: Path) -> dict:
    database = workdir / f"load-{path.stem}-{workers}.db"
    for leftover in workdir.glob(database.name + "*"):
        leftover.unlink()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}")
    argv = [sys.executable, "-m", "flask", "--app", "wsgi", "load", str(path), "--workers", str(workers)]
    return measure(argv, env)


def run(records: int = 2000, pages: int = 200, seed: int = 1) -> str:
    """Load the corpus as JSON records and as HTML pages with 1 worker and all cores; record the table."""
    cores = os.cpu_count() or 1
    workdir = Path(tempfile.mkdtemp(prefix="bench-loader-"))
    inputs = [("JSON Lines records (schema.org keys, pre-extracted entities and quotes)",
               write_jsonl(workdir / "records.jsonl", records, seed),
               write_jsonl(workdir / "one.jsonl", 1, seed), records),
              ("HTML pages (full extraction and NLP)", write_pages(workdir / "pages", pages, seed),
               write_pages(workdir / "one", 1, seed), pages)]
    rows = []
    for label, path, one, n in inputs:
        for workers in dict.fromkeys((1, cores)):
            # One article alone is mostly start-up (imports, model, pool): the steady rate leaves it out.
            startup = _load(one, workers, workdir)["seconds"]
            result = _load(path, workers, workdir)
            rate = n / result["seconds"]
            steady = (n - 1) / max(result["seconds"] - startup, 1e-9)
            print(f"{label}: {n} in {result['seconds']:.1f}s with {workers} worker(s): {rate:.1f} articles/s, "
                  f"{steady:.1f}/s after {startup:.1f}s start-up; peak RSS {result['total_mb']:.0f} MB total, "
                  f"{result['largest_mb']:.0f} MB largest process; {result['summary']}", flush=True)
            rows.append([label, n, workers, f"{result['seconds']:.1f}", f"{rate:.1f}", f"{startup:.1f}",
                         f"{steady:.1f}", f"{result['total_mb']:.0f}", f"{result['largest_mb']:.0f}",
                         result["summary"]])
    markdown = table(["input", "articles", "workers", "seconds", "articles/s", "start-up s (1 article)",
                      "articles/s after start-up", "peak RSS total MB", "peak RSS largest process MB",
                      "flask load says"], rows)
    markdown += ("\n- `flask --app wsgi load FILE|DIR --workers W` on a fresh SQLite file, timed from process start "
                 "(model loading included); RSS sampled every 0.1 s over the process tree. 'After start-up' "
                 "subtracts the time of the same command on a single article.\n"
                 "- The JSON records carry `entities` and `quotes`, so the loader stores them as given without "
                 "the NLP model (pre-extracted records); the HTML rows include full extraction and NLP.\n")
    print(markdown)
    write_section("loader", "Loader", markdown)
    return markdown
