"""gunicorn settings, read from the environment (the container's CMD runs `gunicorn -c gunicorn.conf.py`).

PORT (8000), BIND (0.0.0.0:$PORT), WEB_CONCURRENCY (2 workers), GUNICORN_THREADS (1),
GUNICORN_TIMEOUT (30 s: a worker silent that long is killed), GUNICORN_GRACEFUL_TIMEOUT (25 s: on SIGTERM
workers finish their requests within this, then exit), GUNICORN_KEEPALIVE (5 s), GUNICORN_MAX_REQUESTS
(0: never recycle workers), LOG_LEVEL (info), FORWARDED_ALLOW_IPS (127.0.0.1: proxies trusted for
X-Forwarded-*), PROMETHEUS_MULTIPROC_DIR (a fresh directory under /tmp: the workers' shared metrics).
"""
import os
import shutil
import tempfile


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw else default
    except ValueError:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from None


port = _int("PORT", 8000)
bind = os.environ.get("BIND") or f"0.0.0.0:{port}"
workers = _int("WEB_CONCURRENCY", 2)
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
# Below the 30 s a container runtime waits between SIGTERM and SIGKILL, so requests in flight complete.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 25)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket: it would be written under $HOME, which the container's user does not have.
control_socket_disable = True
# Heartbeat files in memory: a slow or full disk must not get healthy workers killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# The workers' metric files; set here, before any worker imports prometheus_client.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", os.path.join(tempfile.gettempdir(), "news-api-metrics"))

# JSON lines on stdout for gunicorn's own messages, like the app's; the app writes the access lines.
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "api.observability.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
    "root": {"level": loglevel.upper(), "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
    },
}


def on_starting(server) -> None:
    """Start every run with empty metric files (a restart must not count the previous run's requests twice)."""
    path = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path, exist_ok=True)


def child_exit(server, worker) -> None:
    """Fold a finished worker's gauges away (its counters stay counted)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
