"""Container start: upgrade the schema, load seeds into an empty database, then exec the command (gunicorn).

MIGRATE_ON_START (1) and LOAD_SEEDS (0 here, 1 in the image) switch the steps; SEEDS_DIR (seeds) names the
folder. Messages are JSON lines, like the server's. exec hands PID 1 to gunicorn, so SIGTERM reaches it.
"""
from __future__ import annotations

import logging
import os
import sys


def main(command: list[str]) -> None:
    """Prepare the database as the environment asks, then become `command`."""
    if not command:
        sys.exit("usage: entrypoint.py COMMAND [ARG...]")
    sys.path.insert(0, os.getcwd())  # the app lives in the working directory (/app), not beside this file
    from api import bootstrap, create_app
    from api.observability.logs import JsonFormatter

    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    log = logging.getLogger("api.start")
    migrate, seed = os.environ.get("MIGRATE_ON_START", "1") == "1", os.environ.get("LOAD_SEEDS", "0") == "1"
    if migrate or seed:
        create_app()
    if migrate:
        for line in bootstrap.upgrade_schema():
            log.info(line)
    if seed:
        folder = os.environ.get("SEEDS_DIR") or "seeds"
        summary = bootstrap.seed_if_empty(folder)
        if summary is None:
            log.info("database not empty: seeds not loaded")
        else:
            for origin, reason in summary.warnings:
                log.warning("seed warning: %s: %s", origin, reason)
            for origin, reason in summary.failures:
                log.error("seed failed: %s: %s", origin, reason)
            log.info("seeds: %s", summary.line())
            if summary.failures:
                sys.exit(1)
    sys.stdout.flush()
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
