"""Starting and stopping the servers under test: ours and the ceiling under gunicorn, and Datasette."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running server process and the base URL it answers on."""

    name: str
    process: subprocess.Popen
    base_url: str
    log: Path
    env: dict = field(default_factory=dict)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker process (the children of the gunicorn master), in MB."""
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        sizes = []
        for child in children:
            try:
                status = Path(f"/proc/{child}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes


def _start(name: str, argv: list[str], health: str, env: dict | None, logdir: Path) -> Server:
    port = free_port()
    argv = [a.replace("{port}", str(port)) for a in argv]
    log = logdir / f"{name.replace(' ', '-')}.log"
    full_env = dict(os.environ, **(env or {}))
    process = subprocess.Popen(argv, cwd=ROOT, env=full_env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    server = Server(name, process, f"http://127.0.0.1:{port}", log, env or {})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited at start-up; see {log}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(server.base_url + health, timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"{name} did not answer {health} within 60 s; see {log}")


def gunicorn(name: str, app: str, workers: int, logdir: Path, env: dict | None = None) -> Server:
    """`gunicorn -w workers app` on a free port (sync workers, the project's default)."""
    return _start(name, [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", "127.0.0.1:{port}",
                         "--log-level", "warning", app],
                  "/healthz", env, logdir)


def datasette(sqlite_path: Path, logdir: Path) -> Server:
    """Datasette serving the SQLite file read-only (immutable: no change checks, as for published data)."""
    return _start("datasette", [sys.executable, "-m", "datasette", "serve", "-i", str(sqlite_path),
                                "--host", "127.0.0.1", "--port", "{port}",
                                "--setting", "sql_time_limit_ms", "30000",
                                "--setting", "default_cache_ttl", "0"],
                  "/-/versions.json", None, logdir)


def get(url: str) -> tuple[int, bytes]:
    """Status and body of one GET (errors included)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
