"""Default early-warning rules: one per kind (two for unusual rises), editable and switchable in the admin."""

from django.db import migrations

PETITION_ROLES = ["unit_head", "reception"]
COMMITTEE_ROLES = ["supervisor", "unit_head"]

DEFAULT_RULES = [
    ("重信重访：同一信访人30日内3次以上", "repeat_person", {"count": 3, "days": 30}, 2, PETITION_ROLES),
    ("重复信访：同一原案30日内3次以上", "repeat_matter", {"count": 3, "days": 30}, 1, PETITION_ROLES),
    ("集体访：5人以上", "group", {"min_people": 5}, 3, PETITION_ROLES),
    (
        "越级访、进京访、赴省访",
        "skip_level",
        {"flags": ["flag_skip_level", "flag_to_beijing", "flag_to_province"]},
        3,
        PETITION_ROLES,
    ),
    ("重点人员信访", "key_person", {}, 2, PETITION_ROLES),
    (
        "督办事项3日内到期",
        "supervised_due",
        {"days": 3, "levels": ["province", "city", "county"]},
        2,
        ["unit_head", "handler", "supervisor"],
    ),
    (
        "问题类别异常上升（全省，8周3σ）",
        "unusual_rise",
        {"dimension": "category", "level": "province", "weeks": 8, "sigma": 3.0, "min_count": 5},
        2,
        COMMITTEE_ROLES,
    ),
    (
        "县（区）信访量异常上升（8周3σ）",
        "unusual_rise",
        {"dimension": "region", "level": "county", "weeks": 8, "sigma": 3.0, "min_count": 5},
        2,
        COMMITTEE_ROLES,
    ),
]


def create_rules(apps, schema_editor):
    AlertRule = apps.get_model("alerts", "AlertRule")
    for name, kind, params, severity, roles in DEFAULT_RULES:
        AlertRule.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "params": params, "severity": severity, "notify_unit_roles": roles},
        )


def remove_rules(apps, schema_editor):
    AlertRule = apps.get_model("alerts", "AlertRule")
    AlertRule.objects.filter(name__in=[r[0] for r in DEFAULT_RULES], alerts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [migrations.RunPython(create_rules, remove_rules)]
