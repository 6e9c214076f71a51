from django.core.management.base import BaseCommand

from care.services import care_flag_overdue


class Command(BaseCommand):
    help = "稳控帮扶走访逾期巡查：对计划走访日期已过的帮扶任务记录逾期并通知属地政法委（重复运行不重复提示）"

    def handle(self, *args, **options):
        flagged = care_flag_overdue()
        self.stdout.write(f"稳控帮扶走访逾期：新提示 {flagged} 件。")
