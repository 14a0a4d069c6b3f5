"""Every setting, read once from the environment, cast and defaulted; a bad value fails at start-up."""
from __future__ import annotations

import os
from collections.abc import Mapping

DEFAULT_DATABASE_URL = "sqlite:///data/news.db"


class ConfigError(ValueError):
    """A setting in the environment has a value the service cannot use."""


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be >= {minimum}, got {value}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = (env.get(name) or "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1/0, true/false, yes/no or on/off, got {raw!r}")


def _database_url(env: Mapping[str, str]) -> str:
    url = env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigError(f"DATABASE_URL must be sqlite:///PATH or postgresql://..., got {url!r}")
    return url


def _origins(env: Mapping[str, str]) -> str | list[str]:
    raw = (env.get("CORS_ORIGINS") or "*").strip()
    if raw == "*":
        return "*"
    origins = [o.strip() for o in raw.split(",") if o.strip()]
    for origin in origins:
        if not origin.startswith(("http://", "https://")):
            raise ConfigError(f"CORS_ORIGINS must be * or comma-separated http(s) origins, got {origin!r}")
    return origins


def from_env(env: Mapping[str, str] | None = None) -> dict:
    """The service's settings. Each is documented in docs/configuration.md."""
    env = os.environ if env is None else env
    return {
        "DATABASE_URL": _database_url(env),
        "PAGE_SIZE_DEFAULT": _int(env, "PAGE_SIZE_DEFAULT", 20, minimum=1),
        "PAGE_SIZE_MAX": _int(env, "PAGE_SIZE_MAX", 100, minimum=1),
        "CACHE_MAX_AGE": _int(env, "CACHE_MAX_AGE", 60),
        "CORS_ORIGINS": _origins(env),
        "READ_REQUIRES_KEY": _bool(env, "READ_REQUIRES_KEY", False),
        # Flask answers 413 above this many bytes of request body.
        "MAX_CONTENT_LENGTH": _int(env, "MAX_REQUEST_BYTES", 10 * 1024 * 1024, minimum=1024),
        "MAX_BATCH_RECORDS": _int(env, "MAX_BATCH_RECORDS", 500, minimum=1),
        "QUERY_TIMEOUT_MS": _int(env, "QUERY_TIMEOUT_MS", 5000, minimum=0),
        "RATE_LIMIT": env.get("RATE_LIMIT") or "1200 per minute",
        "RATE_LIMIT_WRITES": env.get("RATE_LIMIT_WRITES") or "120 per minute",
        "RATE_LIMIT_STORAGE_URL": env.get("RATE_LIMIT_STORAGE_URL") or "memory://",
        # flask-smorest / OpenAPI
        "API_TITLE": "News metadata API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        # Interactive docs from the installed swagger-ui-bundle (api/http.py serves its files): no CDN,
        # and no call to the online validator.
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": "/api/v1/docs/assets/",
        "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
        "JSON_SORT_KEYS": False,
    }
