"""Demo data of early warning: the rules run once over the seeded province, so a newcomer sees real alerts."""

from alerts.services import run_early_warning


def seed(log=print) -> int:
    result = run_early_warning()
    log(f"预警：已按 {len(result.counts)} 条规则运行一次，产生预警 {result.created:,} 条。")
    return result.created
