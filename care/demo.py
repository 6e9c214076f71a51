"""Demo data of care: 稳控帮扶 tasks for terminated matters (one planned and visited), a counselling session and
an agent — through the services."""

from django.utils import timezone

from aid.demo import demo_desk
from care import services
from care.models import CareReason, CareTask
from organisations.models import Membership, Role
from petitions.models import Petition, State


def seed(log=print) -> int:
    if CareTask.objects.exists():
        return 0
    tasks = []
    for petition in Petition.objects.filter(state=State.TERMINATED).order_by("id")[:5]:
        task = services.care_task_open(petition=petition, reason=CareReason.TERMINATED)
        if task is not None:
            tasks.append(task)
    today = timezone.localdate()
    if tasks:
        task = tasks[0]
        staff = (
            Membership.objects.filter(unit=task.committee, role__in=(Role.SUPERVISOR, Role.UNIT_HEAD))
            .order_by("user_id")
            .first()
        )
        if staff is not None:
            services.care_task_plan(
                actor=staff.user, task=task, responsible_name="网格员 刘晓燕", responsible_kind="grid",
                visit_interval_days=30, first_visit_on=today, plan="每月走访一次，了解生活和情绪状况，协调落实低保。",
            )  # fmt: skip
            services.care_visit_log(
                actor=staff.user, task=task, visited_on=today, mode="face", situation="情绪稳定，表示不再上访",
                help_given="协调乡政府落实临时救助",
            )  # fmt: skip
    desk = demo_desk()
    extra = ""
    if desk is not None:
        _unit, head, handler, petitions = desk
        services.counselling_record(
            actor=handler,
            petition=petitions[0],
            held_on=today,
            notes="当事人情绪激动，经疏导后同意等待复查结果。",
        )
        services.agent_assign(
            actor=head, petition=petitions[0], agent=handler, note="代为联系执行法官，跟踪执行进度"
        )
        extra = "，心理疏导 1 次，代办员 1 名"
    log(f"稳控帮扶：任务 {len(tasks)} 件{extra}。")
    return len(tasks)
