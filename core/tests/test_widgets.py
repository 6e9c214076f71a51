"""Pickers by name: the region cascade stores the code, units come grouped by region and system."""

import pytest
from lxml import html as lxml_html

from core.forms import RegionCodeField
from core.widgets import CompactMultiSelect, RegionCascadeWidget, grouped_unit_choices
from organisations.models import Role, Unit, UnitType
from organisations.tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db


def options(html: str, select_id: str) -> list[str]:
    tree = lxml_html.fromstring(html)
    return [o.text_content() for o in tree.xpath(f'//select[@id="{select_id}"]/option') if o.get("value")]


def test_cascade_shows_the_chain_of_a_code_by_name():
    html = RegionCascadeWidget().render("problem_region", "620602", attrs={"id": "id_problem_region"})
    tree = lxml_html.fromstring(html)
    chosen = [tree.xpath(f'//select[@id="id_problem_region_{lv}"]/option[@selected]')[0].text for lv in
              ("province", "city", "county")]  # fmt: skip
    assert chosen == ["甘肃省", "武威市", "凉州区"]
    assert "民勤县" in options(html, "id_problem_region_county")  # the siblings to pick from
    assert "620602" not in tree.text_content()  # names, not codes, are shown


def test_the_deepest_chosen_level_is_the_value_and_a_plain_code_still_works():
    widget = RegionCascadeWidget()
    data = {"r_province": "620000", "r_city": "620600", "r_county": ""}
    assert widget.value_from_datadict(data, {}, "r") == "620600"
    assert widget.value_from_datadict({**data, "r_county": "620621"}, {}, "r") == "620621"
    assert widget.value_from_datadict({"r": "620702"}, {}, "r") == "620702"
    field = RegionCodeField()
    assert field.clean(widget.value_from_datadict({**data, "r_county": "620621"}, {}, "r")) == "620621"


def test_region_picker_reloads_the_levels_below(client):
    unit = make_unit("620602", UnitType.COURT, "凉州区人民法院")
    client.force_login(make_user("clerk", unit, Role.RECEPTION))
    response = client.get(
        "/regions/picker/",
        {
            "field": "problem_region",
            "id": "id_problem_region",
            "level": "city",
            "problem_region_city": "620700",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "甘州区" in options(html, "id_problem_region_county") and "凉州区" not in html
    assert (
        client.get("/regions/picker/", {"field": 'x"><script>', "id": "a", "level": "city"}).status_code
        == 404
    )


def test_region_picker_needs_a_login(client):
    response = client.get("/regions/picker/", {"field": "a", "id": "b", "level": "province"})
    assert response.status_code == 302


def test_units_are_grouped_by_region_and_system():
    make_unit("620602", UnitType.COURT, "凉州区人民法院")
    make_unit("620602", UnitType.POLICE, "凉州区公安分局")
    make_unit("620702", UnitType.COURT, "甘州区人民法院")
    choices = grouped_unit_choices(Unit.objects.select_related("region").order_by("path"), blank="请选择")
    assert choices[0] == ("", "请选择")
    groups = {label: [name for _pk, name in items] for label, items in choices[1:]}
    assert groups["凉州区 · 法院"] == ["凉州区人民法院"] and groups["甘州区 · 法院"] == ["甘州区人民法院"]
    assert any(label.startswith("凉州区 · 公安") for label in groups)


def test_compact_multiselect_summarises_the_choice():
    widget = CompactMultiSelect(choices=[("a", "进京"), ("b", "越级"), ("c", "集体"), ("d", "重访")])
    assert "全部" in widget.render("flag", [])
    assert "进京、越级" in widget.render("flag", ["a", "b"])
    assert "已选 4 项" in widget.render("flag", ["a", "b", "c", "d"])
    assert 'type="search"' in widget.render("flag", []) and "style=" not in widget.render("flag", [])


def test_select_options_are_rendered_in_python_and_escaped():
    """The project's select template writes options itself (``core/templatetags/form_options.py``): values,
    labels and group names escaped, the chosen option selected, groups kept."""
    from django import forms

    class Form(forms.Form):
        unit = forms.ChoiceField(
            choices=[("", "全部"), ("武威 · <法院>", [("1", '凉州区"法院"'), ("2", "<script>x</script>")])],
            required=False,
        )
        plain = forms.ChoiceField(choices=[("a&b", "甲"), ("c", "乙")])

    html = str(Form({"unit": "2", "plain": "a&b"})["unit"])
    assert '<optgroup label="武威 · &lt;法院&gt;">' in html
    assert '<option value="1">凉州区&quot;法院&quot;</option>' in html
    assert '<option value="2" selected>&lt;script&gt;x&lt;/script&gt;</option>' in html
    assert "<script>" not in html and html.count("</optgroup>") == 1
    assert (
        "</option><option" in html
    )  # written by the tag (Django's own template puts a line between options)
    assert '<option value="a&amp;b" selected>甲</option>' in str(Form({"plain": "a&b"})["plain"])
