"""The early-warning kind 类案快速增长 (a hot-topic cluster growing fast) and its default rule."""

from django.db import migrations, models

RULE = (
    "类案快速增长：本期10件以上且较上期翻番",
    "cluster_growth",
    {"min_size": 10, "min_growth": 5, "growth_rate": 1.0},
    2,
    ["supervisor", "unit_head"],
)

KINDS = [
    ("repeat_person", "重信重访（同一信访人）"),
    ("repeat_matter", "重复信访（同一原案）"),
    ("group", "集体访"),
    ("skip_level", "越级访、进京访、赴省访"),
    ("key_person", "重点人员"),
    ("supervised_due", "督办事项临期"),
    ("unusual_rise", "异常上升"),
    ("cluster_growth", "类案快速增长"),
]


def create_rule(apps, schema_editor):
    AlertRule = apps.get_model("alerts", "AlertRule")
    name, kind, params, severity, roles = RULE
    AlertRule.objects.get_or_create(
        name=name, defaults={"kind": kind, "params": params, "severity": severity, "notify_unit_roles": roles}
    )


def remove_rule(apps, schema_editor):
    AlertRule = apps.get_model("alerts", "AlertRule")
    AlertRule.objects.filter(name=RULE[0], alerts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("alerts", "0003_alert_rank_index")]

    operations = [
        migrations.AlterField(
            model_name="alert",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=24, verbose_name="预警类型"),
        ),
        migrations.AlterField(
            model_name="alertrule",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=24, verbose_name="规则类型"),
        ),
        migrations.RunPython(create_rule, remove_rule),
    ]
