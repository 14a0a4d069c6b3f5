"""Every error, whatever raised it, has the one JSON shape {code, status, message, errors?}."""
import pytest


@pytest.mark.parametrize("url, parameter", [
    ("/api/v1/articles?limit=0", "limit"),
    ("/api/v1/articles?limit=10000", "limit"),
    ("/api/v1/articles?limit=abc", "limit"),
    ("/api/v1/articles?cursor=not-a-cursor", "cursor"),
    ("/api/v1/articles?sortt=title", "sortt"),
    ("/api/v1/entities?type=planet", "type"),
    ("/api/v1/articles?sort=-popularity", "sort"),
    ("/api/v1/articles?sort=title,title", "sort"),
    ("/api/v1/articles?sort=relevance", "sort"),
    ("/api/v1/articles?published_after=2024-02-30", "published_after"),
    ("/api/v1/articles?published_before=yesterday", "published_before"),
    ("/api/v1/articles?updated_after=2024-01-01T25:00", "updated_after"),
    ("/api/v1/articles?fields=id,colour", "fields"),
    ("/api/v1/articles?include=comments", "include"),
    ("/api/v1/articles?facet=weather", "facet"),
    ("/api/v1/articles?facet_size=0", "facet_size"),
    ("/api/v1/articles?count=roughly", "count"),
    ("/api/v1/articles?format=xml", "format"),
    ("/api/v1/articles?entity_type=planet", "entity_type"),
    ("/api/v1/articles?q=%22%22", "q"),
    ("/api/v1/articles?q=(unclosed", "q"),
    ("/api/v1/articles?q=a%20OR", "q"),
    ("/api/v1/articles?entity=", "entity"),
    ("/api/v1/articles?cursor=WyJlbnRpdGllczppZCIsImEiXQ", "cursor"),  # an entity-list cursor
    ("/api/v1/articles?cursor=WyJhcnRpY2xlczotcHVibGlzaGVkX2F0Iiw1LCJ4Il0", "cursor"),  # a number for a date
    ("/api/v1/entities?sort=-name", "sort"),
    ("/api/v1/entities?q=---", "q"),
    ("/api/v1/quotes?published_after=soon", "published_after"),
    ("/api/v1/quotes?q=NOT%20x", "q"),
    ("/api/v1/sources?limit=101", "limit"),
    ("/api/v1/stats/timeline?interval=hour", "interval"),
    ("/api/v1/stats/timeline?limit=5", "limit"),
    ("/api/v1/stats/top-entities?limit=0", "limit"),
    ("/api/v1/stats/top-entities?type=planet", "type"),
])
def test_bad_parameter_is_400_naming_it(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    body = response.get_json()
    assert body["code"] == 400 and body["status"] == "Bad Request"
    assert parameter in body["errors"]["query"]
    assert parameter in body["message"]


@pytest.mark.parametrize("url", [
    "/api/v1/articles/unknown", "/api/v1/sources/unknown", "/api/v1/entities/unknown",
    "/api/v1/quotes/unknown", "/no/such/route",
])
def test_unknown_id_or_route_is_404_in_the_error_shape(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.is_json
    assert set(response.get_json()) == {"code", "status", "message"}


def test_wrong_method_is_405_in_the_error_shape(client):
    response = client.delete("/api/v1/sources")
    assert response.status_code == 405
    assert response.get_json()["code"] == 405


def test_unexpected_failure_is_500_without_a_stack_trace(app, client, monkeypatch):
    from api import models

    def boom(*args, **kwargs):
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(models, "article_rows", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/api/v1/articles")
    assert response.status_code == 500
    assert response.get_json() == {
        "code": 500, "status": "Internal Server Error",
        "message": response.get_json()["message"],
    }
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_cursor_of_another_sort_is_400_naming_cursor(client, app):
    from tests.factories import make_article

    for n in range(3):
        make_article(f"T{n}")
    next_url = client.get("/api/v1/articles?limit=1&sort=title").get_json()["links"]["next"]
    cursor = next_url.split("cursor=")[1]
    response = client.get(f"/api/v1/articles?limit=1&sort=-published_at&cursor={cursor}")
    assert response.status_code == 400
    assert response.get_json()["errors"] == {"query": {"cursor": ["this cursor belongs to another sort or list"]}}


def test_read_api_never_imports_spacy(tmp_path):
    import subprocess
    import sys

    from tests.helpers import ROOT

    code = (
        "import sys\n"
        "from api import create_app\n"
        "from api.models import create_tables\n"
        f"app = create_app({{'DATABASE_URL': 'sqlite:///{tmp_path}/x.db'}})\n"
        "create_tables()\n"
        "c = app.test_client()\n"
        "for url in ('/api/v1/articles?q=a', '/api/v1/entities', '/api/v1/stats/timeline', '/api/v1/docs'):\n"
        "    assert c.get(url).status_code == 200, url\n"
        "print('spacy' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
