"""API keys: `Authorization: Bearer nk_<id>_<secret>`; only a hash of the secret is stored.

Writes always need a key with the `write` scope; reads need one with `read` only when READ_REQUIRES_KEY=1.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from flask import current_app, g, request
from flask_smorest import abort

from api.models import ApiKey

SCOPES = ("read", "write")
PREFIX = "nk"


def hash_secret(secret: str) -> str:
    # Keys are random 256-bit secrets, so a plain SHA-256 is enough (no password stretching needed).
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(name: str, scopes: list[str]) -> str:
    """Store a new key and return its full token (shown once, never stored)."""
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    ApiKey.create(id=key_id, name=name, secret_hash=hash_secret(secret), scopes=",".join(scopes),
                  created_at=datetime.now(UTC).replace(tzinfo=None))
    return f"{PREFIX}_{key_id}_{secret}"


def revoke_key(key_id: str) -> bool:
    """Revoke a key by its id; False when there is no such active key."""
    return bool(ApiKey.update(revoked_at=datetime.now(UTC).replace(tzinfo=None))
                .where(ApiKey.id == key_id, ApiKey.revoked_at.is_null()).execute())


def parse_token(header: str) -> tuple[str, str] | None:
    """(key id, secret) from an `Authorization: Bearer nk_<id>_<secret>` header, None for any other value."""
    scheme, _, token = header.partition(" ")
    parts = token.strip().split("_", 2)
    if scheme.lower() != "bearer" or len(parts) != 3 or parts[0] != PREFIX:
        return None
    return parts[1], parts[2]


def key_from_request() -> ApiKey | None:
    """The active key the request presents, None without one; 401 for a malformed, unknown or revoked key."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    parsed = parse_token(header)
    if parsed is None:
        _unauthorized("malformed Authorization header; expected 'Bearer nk_<id>_<secret>'")
    key_id, secret = parsed
    key = ApiKey.get_or_none(ApiKey.id == key_id, ApiKey.revoked_at.is_null())
    # Compare in constant time even for an unknown id, so timing does not reveal which ids exist.
    expected = key.secret_hash if key else hash_secret("")
    if not hmac.compare_digest(expected, hash_secret(secret)) or key is None:
        _unauthorized("invalid or revoked API key")
    return key


def require_scope(scope: str) -> ApiKey:
    """The request's key if it has `scope`: 401 without a valid key, 403 with a key lacking the scope."""
    key = getattr(g, "api_key", None) or key_from_request()
    if key is None:
        _unauthorized(f"this request needs an API key with the '{scope}' scope")
    if not key.has_scope(scope):
        abort(403, message=f"this API key lacks the '{scope}' scope")
    g.api_key = key
    return key


def check_read_access() -> None:
    """Before each API request: enforce READ_REQUIRES_KEY for reads."""
    if request.path.startswith("/api/v1") and request.method in ("GET", "HEAD"):
        if current_app.config["READ_REQUIRES_KEY"]:
            require_scope("read")


def _unauthorized(message: str) -> None:
    abort(401, message=message, headers={"WWW-Authenticate": 'Bearer realm="api"'})
