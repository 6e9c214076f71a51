"""Demo data of quality review: reviews of the seeded province's original cases, grades with findings,
rectification tasks, 逢访必查 look-backs and accountability records, all through ``quality.services``."""

import datetime as dt

from django.utils import timezone

from core.errors import DomainError
from organisations.models import Membership, Role, Unit, UnitType, User
from petitions.models import Petition
from petitions.scope import visible_petitions
from quality import services
from quality.models import Grade

REVIEWER = "duban"  # 武威市委政法委督查室: sees every petition of 武威市
REVIEWS = 24
LOOKBACKS = 4
GRADES = [
    Grade.FIRST,
    Grade.FIRST,
    Grade.SECOND,
    Grade.FIRST,
    Grade.THIRD,
    Grade.FIRST,
    Grade.SECOND,
    Grade.FIRST,
]
SANCTIONS = ["criticism", "admonishment", "warning", "demerit"]


def demo_actor() -> User | None:
    user = User.objects.filter(username=REVIEWER, is_active=True).first()
    if user is None:
        m = Membership.objects.filter(role=Role.SUPERVISOR, unit__type=UnitType.COMMITTEE).order_by(
            "unit__path"
        )
        user = m.first().user if m.exists() else None
    return user


def _findings(grade: str) -> dict:
    findings = {
        "facts": {"text": "认定事实清楚，证据链完整。", "has_problem": False},
        "law": {"text": "适用法律正确。", "has_problem": False},
    }
    if grade != Grade.FIRST:
        findings["procedure"] = {"text": "送达程序不规范，超审限未办理延长手续。", "has_problem": True}
    if grade == Grade.THIRD:
        findings["documents"] = {"text": "裁判文书说理不充分，遗漏当事人诉讼请求。", "has_problem": True}
    return findings


def seed(log=print) -> int:
    actor = demo_actor()
    if actor is None:
        log("案件评查：没有督办员账号，跳过。")
        return 0
    visible = visible_petitions(actor, Petition.objects.all())
    candidates = list(visible.filter(instances__isnull=False).distinct().order_by("pk")[:REVIEWS])
    today = timezone.localdate()
    reviews = records = 0
    for i, petition in enumerate(candidates):
        try:
            review = services.review_open(
                actor=actor, petition=petition, subject="涉法涉诉信访案件质量评查",
                instances=list(petition.instances.values_list("pk", flat=True)),
            )  # fmt: skip
            for j, case in enumerate(review.cases.all()):
                grade = GRADES[(i + j) % len(GRADES)]
                services.review_grade_case(actor=actor, case=case, grade=grade, findings=_findings(grade),
                                           conclusion=f"评为{Grade(grade).label}案件。")  # fmt: skip
                owner_unit = case.unit or petition.handling_unit
                if grade != Grade.FIRST and owner_unit is not None:
                    services.review_add_task(actor=actor, review=review, case=case, owner_unit=owner_unit,
                                             description="规范送达和审限管理，完善裁判文书说理。",
                                             deadline=today + dt.timedelta(days=15 + i))  # fmt: skip
                officer = _officer(case.unit)
                if grade == Grade.THIRD and officer is not None:
                    services.accountability_record(
                        actor=actor, case=case, officer=officer, unit=case.unit, error="超审限未办理延长手续，文书遗漏诉讼请求。",
                        sanction=SANCTIONS[records % len(SANCTIONS)], decision_body=f"{case.unit.name}党组",
                        decided_on=today - dt.timedelta(days=records + 1),
                    )  # fmt: skip
                    records += 1
            if i % 2 == 0 and not review.tasks.filter(completed_at__isnull=True).exists():
                services.review_conclude(
                    actor=actor, review=review, conclusion="评查结束，案件质量总体良好。"
                )
            reviews += 1
        except DomainError as exc:  # a seeded case the rules do not allow: say so, go on
            log(f"案件评查：{petition.number} 跳过（{exc.message}）")
    lookbacks = _lookbacks(actor, visible.exclude(pk__in=[p.pk for p in candidates]))
    log(f"案件评查：评查 {reviews} 件、逢访必查 {lookbacks} 件、责任追究 {records} 人次。")
    return reviews


def _officer(unit: Unit | None) -> User | None:
    if unit is None:
        return None
    m = (
        Membership.objects.filter(unit=unit, role__in=(Role.HANDLER, Role.UNIT_HEAD))
        .order_by("user_id")
        .first()
    )
    return m.user if m else None


def _lookbacks(actor, petitions) -> int:
    done = 0
    for petition in petitions.filter(
        state__in=("registered", "accepted", "assigned", "in_progress")
    ).order_by("pk"):
        county = petition.problem_region_id
        units = [
            Unit.objects.filter(type=UnitType.COMMITTEE, region_id=code, is_active=True)
            .order_by("path")
            .first()
            for code in (county[:4] + "00", county)
        ]
        units = [u for u in units if u is not None and u.level in ("city", "county")]
        if len({u.level for u in units}) < 2:
            continue
        review = services.lookback_open(actor=actor, petition=petition, subject="逢访必查：倒查首办和复查环节",
                                        units=units)  # fmt: skip
        for k, check in enumerate(review.checks.all()):
            cleared = done % 2 == 0 or k == 0
            services.lookback_check(actor=actor, check=check, facts_clear=True, responsibility_clear=cleared,
                                    problem_clear=cleared, note="已调阅案卷、约谈承办人。")  # fmt: skip
        if all(c.cleared for c in review.checks.all()):
            services.review_conclude(actor=actor, review=review, conclusion="三清已落实。")
        done += 1
        if done >= LOOKBACKS:
            break
    return done
