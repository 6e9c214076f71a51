import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.masking import mask_address, mask_id_number, mask_name, mask_phone
from core.validators import id_number_check_char, validate_id_number, validate_phone


def test_valid_id_number_passes_and_normalises():
    assert validate_id_number(" 62060219850315001 7") == "620602198503150017"
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("620602198503150018", "id_checksum"),
        ("62060219850315001", "id_format"),
        ("6206021985031500AA", "id_format"),
        ("620602198502300015", "id_birth"),
    ],
)
def test_invalid_id_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(value)
    assert exc.value.code == code
    assert "身份证号" in exc.value.messages[0]


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_exactly_one_check_character_is_valid(first17):
    chars = "0123456789X"
    valid = [c for c in chars if id_number_check_char(first17) == c]
    assert len(valid) == 1


@pytest.mark.parametrize("value", ["13893512345", "+86 138 9351 2345", "0935-2212345", "09352212345"])
def test_valid_phones(value):
    assert validate_phone(value)


@pytest.mark.parametrize("value", ["12345", "23893512345", "1389351234", "phone"])
def test_invalid_phones(value):
    with pytest.raises(ValidationError) as exc:
        validate_phone(value)
    assert "电话号码格式不正确" in exc.value.messages[0]


def test_masks():
    assert mask_id_number("620602198503151234") == "620***********1234"
    assert mask_phone("13893512345") == "138****2345"
    assert mask_address("甘肃省武威市凉州区东大街1号") == "甘肃省武威市****"
    assert mask_name("王建国") == "王*国"
    assert mask_id_number("") == ""
