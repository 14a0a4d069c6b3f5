"""Driving a server with wrk: a Lua script cycling through paths, and its summary parsed."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass
class Run:
    """One wrk run: throughput, latency percentiles (ms) and failed responses."""

    rps: float
    p50: float
    p99: float
    requests: int
    errors: int


def ensure_wrk() -> str:
    """The wrk binary, installed from the Debian package when missing."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk not found: apt-get install -y wrk", flush=True)
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk") or "wrk"


def _script(paths: list[str]) -> str:
    quoted = ",\n".join('  "' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    return ("paths = {\n" + quoted + "\n}\n"
            "counter = 0\n"
            "request = function()\n"
            "  counter = counter % #paths + 1\n"
            "  return wrk.format(\"GET\", paths[counter])\n"
            "end\n")


def run(base_url: str, paths: list[str], duration: int, connections: int, threads: int = 2) -> Run:
    """Load base_url with the paths in turn for `duration` seconds; raises if wrk fails."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(_script(paths))
    try:
        out = subprocess.run(
            [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s",
             "-s", handle.name, base_url],
            check=True, capture_output=True, text=True).stdout
    finally:
        Path(handle.name).unlink()
    return parse(out)


def parse(out: str) -> Run:
    """The figures in wrk's --latency report."""
    def latency(pct: str) -> float:
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    if socket:
        errors += sum(int(g) for g in socket.groups())
    return Run(rps=float(rps.group(1)) if rps else 0.0, p50=latency("50"), p99=latency("99"),
               requests=int(total.group(1)) if total else 0, errors=errors)
