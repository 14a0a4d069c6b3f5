"""Flask commands: init-db, load, extract and the `db` group (upgrade, current, seed)."""
from __future__ import annotations

import json
import sys

import click
from flask import Flask

from api import bootstrap, migrations
from api.db import db
from api.models import create_tables


def register(app: Flask) -> None:
    """Add the service's commands to `flask --app wsgi`."""
    app.cli.add_command(init_db_command)
    app.cli.add_command(load_command)
    app.cli.add_command(extract_command)
    app.cli.add_command(keys_group)
    app.cli.add_command(db_group)


@click.command("init-db")
def init_db_command() -> None:
    """Create the database schema (safe to run again)."""
    create_tables()
    click.echo("schema ready")


@click.command("load")
@click.argument("paths", nargs=-1, required=True)
@click.option("--workers", type=click.IntRange(min=1), default=None, help="extraction processes (default: all cores)")
@click.option("--strict", is_flag=True, help="stop at the first failure")
def load_command(paths: tuple[str, ...], workers: int | None, strict: bool) -> None:
    """Load articles from files, folders (recursively) or '-' (standard input)."""
    from tqdm import tqdm

    from api.loader.pipeline import load
    from api.loader.read import count_pages

    create_tables()
    # A bar only for a person watching: logs and pipes get the one-line summary alone.
    with tqdm(total=count_pages(paths), unit=" records", file=sys.stderr, disable=not _stderr_is_terminal(),
              dynamic_ncols=True) as bar:
        summary = load(paths, workers=workers, strict=strict, on_result=lambda origin, status: bar.update())
    _report(summary)
    click.echo(summary.line())
    if summary.failures:
        sys.exit(1)


def _report(summary) -> None:
    """A load's warnings and failures on standard error, one line each with the record's origin."""
    for origin, reason in summary.warnings:
        click.echo(f"warning: {origin}: {reason}", err=True)
    for origin, reason in summary.failures:
        click.echo(f"failed: {origin}: {reason}", err=True)


def _stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@click.command("extract")
@click.argument("path")
def extract_command(path: str) -> None:
    """Print the normalised JSON of a file's records without storing anything."""
    from api.loader.pipeline import extract_item
    from api.loader.read import read_path

    failed = False
    for item in read_path(path):
        origin, record, error = extract_item(item)
        if error:
            failed = True
            click.echo(f"failed: {origin}: {error}", err=True)
            continue
        for warning in record.pop("warnings", ()):
            click.echo(f"warning: {origin}: {warning}", err=True)
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(1)


@click.group("keys")
def keys_group() -> None:
    """Create, list and revoke API keys."""


@keys_group.command("create")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, type=click.Choice(["read", "write"]),
              help="repeatable; default: read and write")
def keys_create(name: str, scopes: tuple[str, ...]) -> None:
    """Create a key and print its token once (only a hash is stored)."""
    from api.auth import create_key

    create_tables()
    click.echo(create_key(name, list(scopes) or ["read", "write"]))


@keys_group.command("list")
def keys_list() -> None:
    """List keys: id, name, scopes, created, revoked (never the secret)."""
    from api.models import ApiKey

    create_tables()
    for key in ApiKey.select().order_by(ApiKey.created_at):
        revoked = key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else "active"
        click.echo(f"{key.id}\t{key.name}\t{key.scopes}\t{key.created_at.isoformat(timespec='seconds')}\t{revoked}")


@keys_group.command("revoke")
@click.argument("key_id")
def keys_revoke(key_id: str) -> None:
    """Revoke a key by its id (the part after 'nk_' in the token)."""
    from api.auth import revoke_key

    if not revoke_key(key_id):
        raise click.ClickException(f"no active key with id {key_id}")
    click.echo(f"revoked {key_id}")
@click.group("db")
def db_group() -> None:
    """Schema migrations and seed data."""


@db_group.command("upgrade")
@click.option("--to", "target", type=click.IntRange(min=1), default=None, help="stop at this version (default: newest)")
def db_upgrade_command(target: int | None) -> None:
    """Apply the pending schema migrations (safe to run again, and from several replicas at once)."""
    for line in bootstrap.upgrade_schema(target):
        click.echo(line)


@db_group.command("current")
def db_current_command() -> None:
    """Print the schema version of the database and of the code; exit 1 when migrations are pending."""
    with db.connection_context():
        current = migrations.current_version(db.obj)
    click.echo(f"database at version {current}, code expects {migrations.head()}")
    if current < migrations.head():
        sys.exit(1)


@db_group.command("seed")
@click.argument("folder", default="seeds")
def db_seed_command(folder: str) -> None:
    """Load FOLDER (default: seeds) when the database holds no article yet; otherwise do nothing."""
    summary = bootstrap.seed_if_empty(folder)
    if summary is None:
        click.echo("database not empty: seeds not loaded")
        return
    _report(summary)
    click.echo(f"seeds: {summary.line()}")
    if summary.failures:
        sys.exit(1)
