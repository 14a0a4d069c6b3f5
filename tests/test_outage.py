"""With PostgreSQL cut off, requests get 503 in the error shape; once it is back, the service recovers
without a restart."""
from urllib.parse import urlsplit, urlunsplit

import pytest

from api import create_app
from api.models import create_tables
from tests.tcpproxy import TcpProxy


@pytest.fixture
def proxied_app(postgres_schema_url):
    parts = urlsplit(postgres_schema_url)
    proxy = TcpProxy(parts.hostname, parts.port or 5432)
    url = urlunsplit(parts._replace(netloc=f"{parts.username}@127.0.0.1:{proxy.port}"))
    app = create_app({"DATABASE_URL": url})
    create_tables()
    yield app, proxy
    proxy.close()


def test_database_outage_is_503_then_recovers(proxied_app):
    app, proxy = proxied_app
    client = app.test_client()
    assert client.get("/api/v1/articles").status_code == 200
    proxy.cut()
    for _ in range(3):  # the broken pooled connection, then refused new ones
        response = client.get("/api/v1/articles")
        assert response.status_code == 503
        assert response.get_json() == {"code": 503, "status": "Service Unavailable",
                                       "message": "the database is unavailable; try again shortly"}
        assert response.headers["Retry-After"] == "5"
    assert client.get("/healthz").status_code == 200  # the process itself is alive
    proxy.restore()
    assert client.get("/api/v1/articles").status_code == 200
