"""Idle timeout, and every session of a deactivated user or a changed password ended at once."""

from importlib import import_module

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.models import UserSession
from organisations.tests.factories import PASSWORD


def login(client, user):
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_an_idle_session_is_logged_out_with_a_message(client, province):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        login(client, province.liangzhou_clerk)
        assert client.get("/").status_code == 200
        traveller.shift(29 * 60)
        assert client.get("/").status_code == 200  # activity resets the clock
        traveller.shift(29 * 60)
        assert client.get("/petitions/").status_code == 200
        traveller.shift(31 * 60)
        response = client.get("/petitions/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=/petitions/")
        page = client.get(response["Location"]).content.decode()
        assert "超过 30 分钟没有操作" in page
        assert "_auth_user_id" not in client.session


def test_the_idle_limit_is_configurable(settings, client, province):
    settings.XINFANG_IDLE_TIMEOUT_MINUTES = 5
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        login(client, province.liangzhou_clerk)
        client.get("/")
        traveller.shift(6 * 60)
        assert client.get("/").status_code == 302


def test_an_idle_api_session_gets_a_structured_401(client, province):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        login(client, province.liangzhou_clerk)
        assert client.get("/api/v1/petitions/").status_code == 200
        traveller.shift(31 * 60)
        response = client.get("/api/v1/petitions/")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "session_idle"


def test_the_idle_limit_applies_after_the_setting_is_read(client, province):
    """An idle htmx request is redirected by header, not swapped into the page."""
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False) as traveller:
        login(client, province.liangzhou_clerk)
        client.get("/")
        traveller.shift(31 * 60)
        response = client.get("/petitions/", HTTP_HX_REQUEST="true")
        assert response.status_code == 204 and response["HX-Redirect"].startswith("/login/")


def _two_sessions(province):
    user = province.liangzhou_clerk
    first, second = login(Client(), user), login(Client(), user)
    assert first.get("/").status_code == 200 and second.get("/").status_code == 200
    assert UserSession.objects.filter(user=user).count() == 2
    return user, first, second


def test_deactivating_a_user_in_the_admin_ends_every_session(client, province, django_user_model):
    user, first, second = _two_sessions(province)
    keys = [first.session.session_key, second.session.session_key]
    admin = django_user_model.objects.create_superuser("root", password="Xf-root-pass-2026")
    client.force_login(admin)
    page = client.get(f"/admin/organisations/user/{user.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if v is not None and k not in ("groups", "user_permissions")
    }
    data.update(
        {
            "is_active": "",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    data.pop("is_active")
    data.pop("password", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = client.post(f"/admin/organisations/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    user.refresh_from_db()
    assert not user.is_active
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=user).exists()
    assert first.get("/").status_code == 302 and second.get("/").status_code == 302


def test_a_password_change_ends_every_other_session(province):
    user, first, second = _two_sessions(province)
    keys = [first.session.session_key, second.session.session_key]
    user.set_password("a-new-long-password-2026")
    user.save()
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert first.get("/").status_code == 302 and second.get("/").status_code == 302


def test_saving_a_user_without_credential_changes_keeps_the_sessions(province):
    user, first, _second = _two_sessions(province)
    user.title = "科长"
    user.save()
    assert first.get("/").status_code == 200


def test_logout_forgets_the_session(province):
    user, first, _second = _two_sessions(province)
    first.post("/logout/")
    assert UserSession.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    "engine", ["django.contrib.sessions.backends.cache", "django.contrib.sessions.backends.cached_db"]
)
def test_revocation_works_with_cache_sessions(settings, province, engine):
    settings.SESSION_ENGINE = engine
    user, first, second = _two_sessions(province)
    keys = [first.session.session_key, second.session.session_key]
    user.is_active = False
    user.save()
    store = import_module(engine).SessionStore
    assert all(not store(session_key=k).exists(k) for k in keys)
    user.is_active = True
    user.save()
    # the sessions are gone for good, not merely refused while the user is inactive
    assert first.get("/").status_code == 302 and second.get("/").status_code == 302


def test_changing_ones_own_password_keeps_this_session_and_ends_the_others(province):
    user, first, second = _two_sessions(province)
    weak = first.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "abc12345", "new_password2": "abc12345"},
    )
    assert weak.status_code == 200
    assert "密码太短，至少需要 12 个字符" in weak.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert second.get("/").status_code == 200  # nothing changed

    done = first.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "黄河远上-白云间-0931",
            "new_password2": "黄河远上-白云间-0931",
        },
    )
    assert done.status_code == 302
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302
    # the session that stayed is still known, so a later deactivation ends it too
    user.refresh_from_db()
    user.is_active = False
    user.save()
    assert not Session.objects.filter(session_key=first.session.session_key).exists()
