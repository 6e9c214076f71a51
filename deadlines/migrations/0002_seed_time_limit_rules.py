"""Seed the default time limits of DOMAIN §5: 《信访工作条例》(2022) for all systems, and the procuratorates' promise.

Existing rows are left as they are, so an administrator's edits survive re-running the seed.
"""

from django.db import migrations

ALL = ""
PROCURATORATE = "procuratorate"

# (system, step, days, counting, extension_days, warn_days_before, moderate, serious, note)
DEFAULT_RULES = [
    (
        ALL,
        "acceptance",
        15,
        "calendar",
        0,
        3,
        7,
        30,
        "《信访工作条例》第三章：收到信访事项之日起15日内决定是否受理并告知信访人",
    ),
    (
        ALL,
        "handling",
        60,
        "calendar",
        30,
        10,
        7,
        30,
        "《信访工作条例》第三十四条：自受理之日起60日内办结；情况复杂的，经负责人批准可延长，延长不得超过30日",
    ),
    (
        ALL,
        "extension",
        30,
        "calendar",
        0,
        5,
        7,
        30,
        "《信访工作条例》第三十四条：延长期限不得超过30日，并告知信访人延期理由",
    ),
    (
        ALL,
        "review_request",
        30,
        "calendar",
        0,
        5,
        7,
        30,
        "《信访工作条例》第三十五条：信访人可自收到书面答复之日起30日内请求复查",
    ),
    (
        ALL,
        "review",
        30,
        "calendar",
        0,
        5,
        7,
        30,
        "《信访工作条例》第三十五条：自收到复查请求之日起30日内提出复查意见",
    ),
    (
        ALL,
        "rereview_request",
        30,
        "calendar",
        0,
        5,
        7,
        30,
        "《信访工作条例》第三十六条：信访人可自收到书面复查意见之日起30日内请求复核",
    ),
    (
        ALL,
        "rereview",
        30,
        "calendar",
        0,
        5,
        7,
        30,
        "《信访工作条例》第三十六条：自收到复核请求之日起30日内提出复核意见；听证所需时间不计入期限",
    ),
    (
        PROCURATORATE,
        "procuratorate_procedural_reply",
        7,
        "calendar",
        0,
        2,
        3,
        15,
        "检察机关“群众信件件件有回复”：收到信件之日起7日内程序性答复",
    ),
    (
        PROCURATORATE,
        "procuratorate_result",
        90,
        "calendar",
        0,
        10,
        7,
        30,
        "检察机关“群众信件件件有回复”：3个月内答复办理过程或结果（按90日计）",
    ),
]


def seed(apps, schema_editor):
    TimeLimitRule = apps.get_model("deadlines", "TimeLimitRule")
    for system, step, days, counting, extension, warn, moderate, serious, note in DEFAULT_RULES:
        TimeLimitRule.objects.get_or_create(
            system=system,
            step=step,
            defaults={
                "days": days,
                "counting": counting,
                "extension_days": extension,
                "warn_days_before": warn,
                "moderate_overdue_days": moderate,
                "serious_overdue_days": serious,
                "note": note,
            },
        )


def unseed(apps, schema_editor):
    TimeLimitRule = apps.get_model("deadlines", "TimeLimitRule")
    for system, step, *_rest in DEFAULT_RULES:
        TimeLimitRule.objects.filter(system=system, step=step).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
