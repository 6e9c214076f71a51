"""Process and readiness probes, the worker heartbeat and the structured request log."""

import json
import logging

import pytest
from django.db import OperationalError
from django.test import Client

from core import health
from core.tasks import heartbeat_task

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_readyz_reports_every_check_ok():
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}


def test_readyz_is_503_naming_the_database_when_it_does_not_answer(monkeypatch):
    class BrokenCursor:
        def __enter__(self):
            raise OperationalError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"].startswith("数据库不可用")
    assert body["checks"]["cache"] == "ok"


def test_readyz_is_503_when_migrations_are_pending(monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("pending", False)])
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("未执行全部数据库迁移")


def test_readyz_is_503_naming_the_broker_when_it_refuses(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    from xinfang.celery import app

    before = app.conf.broker_url
    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        response = Client().get("/readyz")
    finally:
        app.conf.broker_url = before
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("消息队列不可用")


def test_readyz_names_an_unusable_cache(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("refused")

    monkeypatch.setattr(health.cache, "set", refuse)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("缓存不可用")


def test_heartbeat_task_leaves_its_nonce_in_the_cache():
    assert not health.heartbeat_seen("n-123")
    heartbeat_task.delay("n-123")  # eager in the embedded default
    assert health.heartbeat_seen("n-123")


def test_each_request_is_logged_once_without_its_query_string(caplog, province):
    client = Client()
    client.force_login(province.liangzhou_clerk)
    with caplog.at_level(logging.INFO, logger="xinfang.request"):
        client.get("/petitions/", {"q": "620621198001010013"})
    records = [r for r in caplog.records if r.name == "xinfang.request"]
    assert len(records) == 1
    record = records[0]
    assert (record.method, record.path, record.status) == ("GET", "/petitions/", 200)
    assert record.user_id == province.liangzhou_clerk.pk and record.duration_ms >= 0
    assert "620621198001010013" not in record.getMessage()


def test_json_log_lines_carry_the_request_fields(settings):
    from pythonjsonlogger.json import JsonFormatter

    from core.logging import RequestContextFilter, _request

    config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(
        config["fmt"], rename_fields=config["rename_fields"], timestamp=config["timestamp"]
    )
    record = logging.LogRecord("petitions", logging.WARNING, __file__, 1, "slow page %s", ("x",), None)
    token = _request.set({"method": "GET", "path": "/petitions/"})
    try:
        RequestContextFilter().filter(record)
    finally:
        _request.reset(token)
    line = json.loads(formatter.format(record))
    assert line["level"] == "WARNING" and line["logger"] == "petitions" and line["message"] == "slow page x"
    assert line["path"] == "/petitions/" and line["method"] == "GET" and "time" in line
