"""bench/RESULTS.md: each command rewrites its own section, headed by machine, versions and date."""
from __future__ import annotations

import platform
import re
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
PACKAGES = ("flask", "flask-smorest", "marshmallow", "peewee", "gunicorn", "orjson", "psycopg2-binary",
            "datasette", "spacy", "trafilatura")
TITLE = "# Benchmark results\n\nWritten by `python -m bench ...`; each command rewrites its own section.\n"


def machine() -> str:
    """One paragraph: CPU, cores, memory, OS, Python, SQLite, wrk and package versions, date."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{mem_kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, AttributeError):
        memory = "unknown RAM"
    import os

    try:
        wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0].strip()
    except OSError:
        wrk = "wrk missing"
    packages = []
    for name in PACKAGES:
        try:
            packages.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "unknown"
    return (f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; load average when written {load} "
            "(other jobs on the machine show here)\n"
            f"- machine: {cpu}, {os.cpu_count()} cores, {memory}, {platform.platform()}\n"
            f"- Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, {wrk}\n"
            f"- packages: {', '.join(packages)}\n")


def table(header: list[str], rows: list[list]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_section(name: str, title: str, body: str) -> Path:
    """Replace (or append) section `name` of RESULTS.md with the machine paragraph and body."""
    text = RESULTS.read_text() if RESULTS.exists() else TITLE
    block = f"<!-- begin {name} -->\n## {title}\n\n{machine()}\n{body}<!-- end {name} -->\n"
    pattern = re.compile(rf"<!-- begin {re.escape(name)} -->.*?<!-- end {re.escape(name)} -->\n", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(text)
    return RESULTS
