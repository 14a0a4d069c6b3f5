"""API keys: writes need a key with the write scope; reads are public unless READ_REQUIRES_KEY=1."""
import pytest

from api import create_app
from api.auth import create_key, revoke_key
from api.db import db
from api.models import ApiKey

RECORD = {"url": "https://example.com/a", "headline": "A", "articleBody": "Some text for the article."}


def _key(*scopes):
    with db.connection_context():
        return create_key("test", list(scopes))


@pytest.mark.parametrize("header", [None, "Bearer nk_000000000000_wrong", "Basic abc", "Bearer garbage"])
def test_write_without_a_valid_key_is_401(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.post("/api/v1/articles", json=RECORD, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["code"] == 401


def test_write_with_a_read_only_key_is_403(client):
    response = client.post("/api/v1/articles", json=RECORD, headers={"Authorization": "Bearer " + _key("read")})
    assert response.status_code == 403


def test_revoked_key_is_refused(client):
    token = _key("read", "write")
    with db.connection_context():
        assert revoke_key(token.split("_")[1])
    response = client.post("/api/v1/articles", json=RECORD, headers={"Authorization": "Bearer " + token})
    assert response.status_code == 401


def test_only_a_hash_of_the_secret_is_stored(app):
    token = _key("write")
    with db.connection_context():
        stored = ApiKey.get()
    secret = token.split("_", 2)[2]
    assert secret not in (stored.secret_hash, stored.id, stored.name)


def test_reads_need_a_key_when_configured(database_url):
    app = create_app({"DATABASE_URL": database_url, "READ_REQUIRES_KEY": True})
    from api.models import create_tables

    create_tables()
    client = app.test_client()
    assert client.get("/api/v1/articles").status_code == 401
    assert client.get("/api/v1/articles", headers={"Authorization": "Bearer " + _key("read")}).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_keys_cli_creates_lists_and_revokes(runner):
    created = runner.invoke(args=["keys", "create", "crawler", "--scope", "write"])
    assert created.exit_code == 0
    token = created.output.strip()
    key_id = token.split("_")[1]
    listed = runner.invoke(args=["keys", "list"]).output
    assert key_id in listed and "crawler" in listed and token.split("_", 2)[2] not in listed
    assert runner.invoke(args=["keys", "revoke", key_id]).exit_code == 0
    assert runner.invoke(args=["keys", "revoke", key_id]).exit_code != 0
