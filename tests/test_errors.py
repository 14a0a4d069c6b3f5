"""Every error, whatever raised it, has the one JSON shape {code, status, message, errors?}."""
import pytest


@pytest.mark.parametrize("url, parameter", [
    ("/api/v1/articles?limit=0", "limit"),
    ("/api/v1/articles?limit=10000", "limit"),
    ("/api/v1/articles?limit=abc", "limit"),
    ("/api/v1/articles?cursor=not-a-cursor", "cursor"),
    ("/api/v1/articles?sortt=title", "sortt"),
    ("/api/v1/entities?type=planet", "type"),
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
