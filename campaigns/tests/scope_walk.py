"""What the campaigns app adds to the scope walk (core/testing/scope_walk.py)."""

PK_OF = {
    "campaigns:detail": "campaigns",
    "campaigns:phases": "campaigns",
    "campaigns:scope": "campaigns",
    "campaigns:cases": "campaigns",
    "campaigns:cases_add": "campaigns",
    "campaigns:cases_remove": "campaigns",
    "campaigns:inspection_create": "campaigns",
    "campaigns:typical_cases": "campaigns",
    "campaigns:inspection": "inspections",
    "campaigns:typical_case": "typical_cases",
    "campaigns:task_complete": "rectification_tasks",
    "api-campaign-detail": "campaigns",
    "api-campaign-phases": "campaigns",
    "api-campaign-scope": "campaigns",
    "api-campaign-cases": "campaigns",
    "api-campaign-cases-remove": "campaigns",
    "api-campaign-inspection-detail": "inspections",
    "api-rectification-task-detail": "rectification_tasks",
    "api-rectification-task-complete": "rectification_tasks",
    "api-typical-case-detail": "typical_cases",
    "api-typical-case-review": "typical_cases",
}


def build(world) -> dict[str, list[int]]:
    """民勤县's campaign gets phases and a scope by filter with the sibling petition chosen; its committee inspects
    itself (a task for the insider, a member there, the sibling petition linked); the court submits the sibling
    petition as a typical case."""
    from campaigns import services
    from core.testing.world import MARK

    campaign = world.campaign
    court_head = world.court_staff[0]
    court = court_head.memberships.first().unit
    committee = world.province.minqin_committee
    day = campaign.starts_on
    services.phases_set(campaign=campaign, actor=world.insider,
                        phases=[{"kind": "resolve", "starts_on": day, "ends_on": campaign.ends_on}])  # fmt: skip
    services.campaign_scope_set(campaign=campaign, actor=world.insider, backlog_only=False,
                                unresolved_before=campaign.ends_on, supervised_level="county")  # fmt: skip
    services.campaign_choose_cases(campaign=campaign, actor=world.insider, petition_ids=[world.petition.pk])
    inspection = services.inspection_record(
        campaign=campaign, actor=world.insider, kind="spot", inspecting_unit=committee, inspected_unit=committee,
        inspected_on=day, findings=f"发现{MARK}", petition_id=world.petition.pk,
        tasks=[{"description": f"整改{MARK}", "owner": world.insider, "owner_unit": committee, "deadline": day}],
    )  # fmt: skip
    case = services.typical_case_submit(
        campaign=campaign, actor=court_head, unit=court, petition_id=world.petition.pk, title=f"典型{MARK}",
        summary=f"摘要{MARK}", what_worked=f"做法{MARK}",
    )  # fmt: skip
    return {
        "campaigns": [campaign.pk],
        "inspections": [inspection.pk],
        "rectification_tasks": list(inspection.tasks.values_list("pk", flat=True)),
        "typical_cases": [case.pk],
    }
