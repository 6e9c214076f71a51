"""Security headers on every answer: a strict CSP, Permissions-Policy, no caching of personal data, and no
inline script or style left in any template for the CSP to block."""

import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from core.middleware import SecurityHeadersMiddleware
from organisations.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client, province):
    client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    return client


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parts = [p.strip().split() for p in policy.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize(
    "name", ["login", "home", "petitions:list", "petitions:register", "deadlines:calculator"]
)
def test_pages_carry_a_strict_content_security_policy(clerk_client, name):
    response = clerk_client.get(reverse(name))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "unsafe-hashes" not in policy
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    # everything from the site itself: no other host in any directive
    assert all(source.startswith("'") for sources in csp.values() for source in sources)


def test_every_answer_carries_the_other_security_headers(client):
    response = client.get(reverse("login"))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid"):
        assert f"{feature}=()" in policy


@pytest.mark.parametrize("name", ["home", "petitions:list", "notifications:list", "ledger:template"])
def test_pages_and_downloads_for_a_signed_in_user_are_never_cached(clerk_client, name):
    response = clerk_client.get(reverse(name))
    assert response.status_code == 200
    cache_control = response.headers["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control and "public" not in cache_control


def test_ledger_export_with_personal_data_is_never_cached(clerk_client, province, register):
    register(province.liangzhou_clerk, province.liangzhou_center)
    response = clerk_client.get(reverse("ledger:export"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in response.headers["Cache-Control"]


def test_api_answers_for_a_signed_in_user_are_never_cached(clerk_client):
    response = clerk_client.get("/api/v1/petitions/")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_a_public_cache_control_set_by_a_view_is_overridden_for_a_signed_in_user(province):
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("x")
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    request = RequestFactory().get("/")
    request.user = province.liangzhou_clerk
    response = SecurityHeadersMiddleware(view)(request)
    assert (
        "no-store" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]
    )

    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert SecurityHeadersMiddleware(view)(request).headers["Cache-Control"] == "public, max-age=3600"


def test_the_api_schema_requires_sign_in(clerk_client):
    response = Client().get(reverse("api-schema"))
    assert response.status_code in (401, 403)
    assert "not_authenticated" in response.content.decode()
    assert "paths" not in response.content.decode()
    response = clerk_client.get(reverse("api-schema"))
    assert response.status_code == 200
    assert response.content.decode().startswith("openapi: 3.")


def test_the_api_answers_json_even_to_a_browser(clerk_client):
    """The browsable API's pages need inline scripts and styles; the API speaks JSON only."""
    response = clerk_client.get("/api/v1/petitions/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


INLINE = re.compile(
    r"<style|\sstyle\s*=|\son[a-z]+\s*=|javascript:|hx-on|js:|<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")",
    re.IGNORECASE,
)


def test_no_template_has_inline_script_style_or_event_handler():
    found = []
    skip = {".venv", "node_modules", "staticfiles", "var", ".git"}
    for path in settings.BASE_DIR.rglob("*.html"):
        if skip.intersection(path.relative_to(settings.BASE_DIR).parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE.search(line):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_a_refused_csrf_check_explains_in_chinese_without_inline_style(province):
    """Django's built-in CSRF failure page carries a <style> block the CSP would refuse; ours is a plain page."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "请求无法验证" in page and "操作没有执行" in page
    assert "<style" not in page and "style=" not in page

    client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    response = client.post(reverse("notifications:read_all"))
    assert response.status_code == 403
    assert "请求无法验证" in response.content.decode() and "退出" in response.content.decode()
