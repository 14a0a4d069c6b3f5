"""Liveness: the process answers."""
from __future__ import annotations

from flask import Blueprint

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz():
    """The process is up (it does not touch the database)."""
    return {"status": "ok"}
