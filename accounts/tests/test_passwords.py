import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from demo import structure
from organisations.models import User


@pytest.mark.parametrize(
    "password",
    ["short-pass1", "password1234", "123456789012345", "lz_clerk_2026a"],
)
def test_weak_passwords_are_refused(db, password):
    user = User(username="lz_clerk_2026", full_name="王建国")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_password_is_accepted(db):
    validate_password("铁马冰河-入梦来-1192", User(username="lz_clerk"))


def test_the_demo_password_meets_the_rules_but_cannot_be_chosen(db):
    messages = []
    for account in structure.demo_accounts():
        user = User(username=account["username"], full_name=account["full_name"])
        try:
            validate_password(structure.DEMO_PASSWORD, user)
        except ValidationError as error:
            messages.append([e.code for e in error.error_list])
    # every refusal is the demo-password rule alone: length, common and numeric rules are met
    assert messages == [["password_is_demo"]] * len(structure.DEMO_ACCOUNTS)
    assert len(structure.DEMO_PASSWORD) >= 12


def test_the_admin_password_form_shows_the_rules_in_chinese(db, client):
    admin = User.objects.create_superuser("root", password="Xf-root-pass-2026")
    client.force_login(admin)
    response = client.post(
        f"/admin/organisations/user/{admin.pk}/password/",
        {"password1": "abc12345", "password2": "abc12345", "usable_password": "true"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "密码太短，至少需要 12 个字符" in text
    admin.refresh_from_db()
    assert admin.check_password("Xf-root-pass-2026")
