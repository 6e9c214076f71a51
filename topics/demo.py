"""Demo data of hot topics: one clustering run over the seeded province's last 90 days (and the 90 before), and
the cluster-growth rule evaluated on it, so the page, the dashboard panel and the alert have something to show."""

from topics.services import cluster_topics


def seed(log=print) -> None:
    run = cluster_topics(period="quarter")
    log(
        f"热点类案：{run.label}两期 {run.petitions} 件事项，聚为 {run.clusters} 个类案，用时 {run.elapsed:.2f} 秒"
    )
    from django.apps import apps

    if apps.is_installed("alerts"):
        from alerts.services import run_early_warning

        result = run_early_warning()
        log(f"预警（类案增长）：新增 {result.created} 条")
