"""What the circulars app adds to the scope walk (core/testing/scope_walk.py)."""

import datetime as dt

PK_OF = {
    "circulars:detail": "circulars",
    "circulars:download": "circulars",
    "circulars:explanation": "explanations",
    "circulars:meeting": "meetings",
    "circulars:task_complete": "meeting_tasks",
    "api-circular-detail": "circulars",
    "api-meeting-detail": "meetings",
    "api-meeting-task-detail": "meeting_tasks",
    "api-meeting-task-complete": "meeting_tasks",
    "circulars:return_visit": "return_visits",
    "api-return-visit-detail": "return_visits",
    "api-return-visit-record": "return_visits",
}


def build(world) -> dict[str, list[int]]:
    """民勤县's committee issues a circular naming its court, meets on the sibling petition and gives a task, and
    samples the petition for a return visit."""
    import hashlib

    from django.core.files.base import ContentFile

    from circulars import services
    from circulars.models import Circular, CircularRecipient, Explanation, ReturnVisit
    from core.filecrypt import EncryptingFile
    from core.testing.world import MARK

    p = world.province
    committee = p.minqin_committee
    circular = Circular.objects.create(
        issuer=committee, year=2026, sequence=1, number=f"民勤通〔2026〕1号{MARK}", kind="monthly",
        period_from=dt.date(2026, 1, 1), period_to=dt.date(2026, 1, 31), title=f"通报{MARK}",
        content={"headline": {}, "ranking": [], "praised": [], "criticised": [], "overdue": []},
        issued_by=world.insider,     )  # fmt: skip
    unit = world.court_staff[0].memberships.first().unit
    CircularRecipient.objects.create(
        circular=circular, unit=unit, verdict="criticise", reasons=[f"理由{MARK}"]
    )
    content = f"通报{MARK}".encode()
    circular.sha256 = hashlib.sha256(content).hexdigest()
    circular.file.save("circular.docx", EncryptingFile(ContentFile(content)), save=True)
    # owed by the committee itself, so that 民勤县's insider (a member there) reaches it
    CircularRecipient.objects.create(
        circular=circular, unit=committee, verdict="criticise", reasons=[f"理由{MARK}"]
    )
    explanation = Explanation.objects.create(circular=circular, unit=committee, due_on=dt.date(2026, 2, 7))
    meeting = services.meeting_record(
        unit=committee, actor=world.insider, title=f"会商{MARK}", held_on=dt.date(2026, 1, 5),
        decisions=f"意见{MARK}", attendees=[world.insider], petition_ids=[world.petition.pk],
        tasks=[{"description": f"任务{MARK}", "owner": world.insider, "deadline": dt.date(2026, 1, 20),
                "petition_id": world.petition.pk}],
    )  # fmt: skip
    # 两查一访一满意: the committee's return visit to the sibling petition, not yet recorded (its form is walked)
    visit = ReturnVisit.objects.create(petition=world.petition, committee=committee, handling_unit=unit,
                                       note=f"回访{MARK}")  # fmt: skip
    return {
        "return_visits": [visit.pk],
        "circulars": [circular.pk],
        "explanations": [explanation.pk],
        "meetings": [meeting.pk],
        "meeting_tasks": list(meeting.tasks.values_list("pk", flat=True)),
    }
