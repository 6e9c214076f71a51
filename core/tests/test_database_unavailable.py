"""While the database is down every page answers 503 "服务暂时不可用，请稍后重试" and the API a structured 503,
rendered without the database, the session or the user; never a stack trace."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, ProgrammingError, connection
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db

MESSAGE = "服务暂时不可用，请稍后重试"


@pytest.fixture
def database_down(monkeypatch):
    """Every statement fails as it does while PostgreSQL restarts."""

    def arm(error=OperationalError):
        def fail(*args, **kwargs):
            raise error("server closed the connection unexpectedly")

        monkeypatch.setattr(CursorWrapper, "execute", fail)
        monkeypatch.setattr(CursorWrapper, "executemany", fail)

    return arm


def _assert_page(response):
    assert response.status_code == 503
    body = response.content.decode()
    assert MESSAGE in body
    assert "css/xinfang.css" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert response["Retry-After"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("debug", [False, True])
def test_pages_answer_503_while_the_database_is_down(client, province, database_down, settings, debug):
    settings.DEBUG = debug
    client.force_login(province.liangzhou_clerk)
    client.raise_request_exception = False
    database_down()
    for url in ("/", "/petitions/", "/petitions/1/", "/analytics/", "/login/"):
        _assert_page(client.get(url))


def test_login_post_and_anonymous_pages_answer_503(client, database_down):
    client.raise_request_exception = False
    database_down(InterfaceError)
    _assert_page(client.post("/login/", {"username": "lz_clerk", "password": "x"}))
    # a page that needs no database still answers as usual
    assert client.get("/petitions/").status_code == 302


def test_api_answers_a_structured_503(client, province, database_down):
    client.force_login(province.liangzhou_clerk)
    client.raise_request_exception = False
    database_down()
    response = client.get("/api/v1/petitions/")
    assert response.status_code == 503
    assert response.json() == {"error": {"code": "service_unavailable", "message": MESSAGE, "fields": {}}}


def test_session_middleware_failure_is_caught_too(client, province, monkeypatch):
    """The session is loaded by middleware (through the lazy user) before any view runs."""
    client.force_login(province.liangzhou_clerk)
    client.raise_request_exception = False

    def load(self):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(SessionStore, "load", load)
    _assert_page(client.get("/petitions/"))


def test_other_database_errors_are_not_disguised_as_an_outage(client, province, monkeypatch):
    client.force_login(province.liangzhou_clerk)
    client.raise_request_exception = False

    def fail(*args, **kwargs):
        raise ProgrammingError("relation does not exist")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    response = client.get("/petitions/")
    assert response.status_code == 500
    assert MESSAGE not in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real refused connection needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_refused_connection_answers_503_and_the_next_request_recovers(client, province):
    client.force_login(province.liangzhou_clerk)
    client.raise_request_exception = False
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = 1  # nothing listens there: connection refused
    try:
        _assert_page(client.get("/petitions/"))
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert client.get("/petitions/").status_code == 200
