"""A sibling county's records with everything attached: the data the scope walker and the hostile-input tests
request by id. 民勤县 registers a petition (petitioner, attachment), accepts it to its court, which answers it
(a signed reply document); it has two alerts, a notification, a campaign and a ledger import. 凉州区 has one
petition of its own so that its lists are not empty."""

from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from alerts.models import Alert, AlertStatus
from analytics.models import Campaign, CampaignTarget
from core.testing import scope_walk
from handling import services as handling
from ledger.models import ImportStatus, LedgerImport
from notifications.models import Kind, Notification
from organisations.models import Membership, Role, UnitType
from organisations.tests.factories import make_unit, make_user
from petitions.models import Attachment
from petitions.services import PetitionerData, RegistrationData, petition_register

MARK = "XJ7Q"  # in every text of the sibling county's records; no page outside its scope may show it
ID_NUMBER = "620621198001010013"
PHONE = "13900000001"


def build_world(p):
    """民勤县's records with everything attached, and a record of 凉州区's own so its lists are not empty."""
    minqin_court = make_unit("620621", UnitType.COURT, "民勤县人民法院", parent=p.wuwei_court)
    court_head = make_user("mq_court_head", minqin_court, Role.UNIT_HEAD)
    court_handler = make_user("mq_court_handler", minqin_court, Role.HANDLER)
    # the insider: 民勤 reception officer who is also the county committee's supervisor, so sees everything below
    Membership.objects.create(user=p.minqin_clerk, unit=p.minqin_committee, role=Role.SUPERVISOR)
    petition = petition_register(
        actor=p.minqin_clerk,
        unit=p.minqin_center,
        data=RegistrationData(
            channel="visit",
            title=f"民勤县不服一审判决{MARK}",
            demands=f"请求撤销{MARK}判决",
            facts=f"事实{MARK}",
            problem_region="620621",
            case_number="(2020)甘0621民初9号",
        ),
        petitioners=[PetitionerData(name=f"钱{MARK}", id_number=ID_NUMBER, phone=PHONE, address="民勤县")],
        attachments=[
            SimpleUploadedFile(f"判决书{MARK}.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
        ],
    )
    handling.petition_accept(actor=p.minqin_clerk, petition=petition, handling_unit=minqin_court)
    petition.refresh_from_db()
    handling.petition_receive(actor=court_head, petition=petition, handler=court_handler)
    petition.refresh_from_db()
    handling.petition_draft_reply(
        actor=court_handler,
        petition=petition,
        claim=f"诉求{MARK}",
        facts_reasons=f"经查{MARK}",
        decision=f"决定{MARK}",
        legal_basis="《中华人民共和国民事诉讼法》第二百一十一条",
        outcome="explain",
    )
    petition.refresh_from_db()
    handling.petition_decide_reply(actor=court_head, petition=petition, approve=True)
    petition.refresh_from_db()
    now = timezone.now()
    alert = Alert.objects.create(
        kind="group",
        petition=petition,
        region_id="620621",
        unit=p.minqin_center,
        reason=f"集体访预警{MARK}",
        dedupe_key=f"walker-{MARK}-1",
        created_at=now,
    )
    aggregate = Alert.objects.create(
        kind="unusual_rise",
        region_id="620621",
        unit=p.minqin_committee,
        reason=f"异常上升{MARK}",
        data={
            "dimension": "region",
            "level": "county",
            "window_start": (now - timezone.timedelta(days=7)).isoformat(),
            "window_end": now.isoformat(),
        },
        dedupe_key=f"walker-{MARK}-2",
        created_at=now,
        status=AlertStatus.OPEN,
    )
    Notification.objects.create(
        user=p.minqin_clerk, unit=p.minqin_center, petition=petition, kind=Kind.INFO, title=f"通知{MARK}"
    )
    campaign = Campaign.objects.create(
        name=f"民勤清积{MARK}",
        starts_on=now.date().replace(month=1, day=1),
        ends_on=now.date().replace(month=12, day=31),
        backlog_only=False,
        unit=p.minqin_committee,
    )
    CampaignTarget.objects.create(
        campaign=campaign, metric="settled_rate", target=60, due_on=campaign.ends_on
    )
    record = LedgerImport.objects.create(
        token="walker" + "x" * 37,
        user=p.minqin_clerk,
        file_name=f"民勤台账{MARK}.xlsx",
        status=ImportStatus.VALIDATED,
        total_rows=2,
        valid_rows=1,
        bad_rows=1,
        error_count=1,
        errors=[[3, "标题", f"错误{MARK}"]],
    )
    record.error_file.save("errors.xlsx", ContentFile(b"PK\x03\x04" + MARK.encode()), save=True)
    own = petition_register(
        actor=p.liangzhou_clerk,
        unit=p.liangzhou_center,
        data=RegistrationData(
            channel="visit",
            title="凉州区执行款不到位",
            demands="请求执行",
            facts="判决已生效",
            problem_region="620602",
        ),
        petitioners=[PetitionerData(name="王建国", id_number="620602198503150017", phone="13893512345")],
    )
    attachments = list(Attachment.objects.filter(petition=petition).values_list("pk", flat=True))
    assert len(attachments) == 2  # the uploaded judgment and the signed reply document
    world = SimpleNamespace(
        province=p,
        petition=petition,
        own=own,
        petitioner=petition.petitioners.get(),
        attachments=attachments,
        alerts=[alert.pk, aggregate.pk],
        campaign=campaign,
        ledger_import=record,
        insider=p.minqin_clerk,
        court_staff=[court_head, court_handler],
    )
    world.records = scope_walk.build_records(world)  # what other apps add (core/testing/scope_walk.py)
    return world
