"""The application factory's Flask: views and hooks run whether they are plain or async functions."""
from flask.views import MethodView


def test_async_and_plain_views_both_answer_every_time(app):
    class Plain(MethodView):
        def get(self):
            return {"kind": "plain"}

    async def coroutine_view():
        return {"kind": "async"}

    app.add_url_rule("/plain", view_func=Plain.as_view("plain"))
    app.add_url_rule("/async", view_func=coroutine_view)
    client = app.test_client()
    for _ in range(3):  # the answer to "is it a coroutine function?" is remembered after the first call
        assert client.get("/plain").get_json() == {"kind": "plain"}
        assert client.get("/async").get_json() == {"kind": "async"}
