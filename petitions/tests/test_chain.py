"""The tamper-evident timeline: chains, anchors and ``verify_timeline`` against an attacker with raw SQL."""

import datetime as dt
import hashlib
import hmac
import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from core import chain as core_chain
from core.chain import GENESIS
from petitions import chain
from petitions.events import record_event
from petitions.models import AnchoredHead, Attachment, Event, EventAction, TimelineAnchor
from petitions.services import petition_add_attachments
from petitions.tests.tamper import sql, trigger_off


@pytest.fixture
def timeline(province, register):
    """Two petitions: the first with four events, the second with two."""
    clerk, center = province.liangzhou_clerk, province.liangzhou_center
    first = register(clerk, center, title="第一件")
    second = register(clerk, center, title="第二件")
    for n in range(3):
        record_event(first, EventAction.NOTE, actor=clerk, unit=center, note=f"备注{n + 1}")
    record_event(second, EventAction.NOTE, actor=clerk, unit=center, note="备注", data={"x": 1.0, "y": [2.5]})
    return first, second


def kinds(report) -> set[str]:
    return {p.kind for p in report.problems}


def events_of(petition) -> list[Event]:
    return list(Event.objects.filter(petition=petition).order_by("seq"))


def run_verify(*args) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_timeline", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


# ---------------------------------------------------------------------------------------------- the chain


def test_every_writer_extends_the_petitions_chain(timeline, province, pdf_file):
    first, second = timeline
    petition_add_attachments(actor=province.liangzhou_clerk, petition=first, uploads=[pdf_file()])
    events = events_of(first)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert len({e.hash for e in events}) == 5 and all(len(e.hash) == 64 for e in events)
    assert events_of(second)[1].data == {"x": 1, "y": [2.5]}  # stored as it is hashed
    attachment = Attachment.objects.get(petition=first)
    assert events[-1].data["sha256"] == [attachment.sha256]
    report = chain.verify()
    assert report.ok, [str(p) for p in report.problems]
    assert (report.petitions, report.events) == (2, 7)
    assert run_verify()[0] == 0


def test_the_hash_is_keyed(timeline, settings):
    """A chain recomputed with plain SHA-256, or another key, does not verify: the key is outside the database."""
    first, _second = timeline
    event = events_of(first)[0]
    values = chain.event_values(
        event.petition_id, event.seq, event.action, event.actor_id, event.unit_id, event.at, event.note,
        event.data, event.state_before, event.state_after,
    )  # fmt: skip
    payload = core_chain.canonical([chain.EVENT_KIND, event.prev_hash, *values])
    assert event.hash == hmac.new(core_chain.chain_key(), payload, hashlib.sha256).hexdigest()
    assert event.hash != hashlib.sha256(payload).hexdigest()
    settings.XINFANG_TIMELINE_KEY = "another key"
    assert "hash" in kinds(chain.verify())


def test_edited_event_is_caught_and_named(timeline):
    first, _second = timeline
    target = events_of(first)[1]
    assert sql("UPDATE petitions_event SET note = %s WHERE id = %s", ["改过的说明", target.pk]) == 1
    report = chain.verify()
    assert [(p.kind, p.petition_id, p.event_id, p.seq) for p in report.problems] == [
        ("hash", first.pk, target.pk, 2)
    ]
    code, output = run_verify()
    assert code == 1
    assert first.number in output and f"#{target.pk}" in output and "被改写" in output


def test_edited_time_actor_or_data_is_caught(timeline, province):
    first, second = timeline
    a, b, c = events_of(first)[1:4]
    sql("UPDATE petitions_event SET at = %s WHERE id = %s", [a.at - dt.timedelta(days=3), a.pk])
    sql("UPDATE petitions_event SET actor_id = %s WHERE id = %s", [province.minqin_clerk.pk, b.pk])
    sql("UPDATE petitions_event SET state_after = 'closed' WHERE id = %s", [c.pk])
    d = events_of(second)[1]
    data = '{"x": 2, "y": [2.5]}'
    sql("UPDATE petitions_event SET data = %s WHERE id = %s", [data, d.pk])
    report = chain.verify()
    assert {(p.kind, p.event_id) for p in report.problems} == {
        ("hash", a.pk),
        ("hash", b.pk),
        ("hash", c.pk),
        ("hash", d.pk),
    }


def test_deleted_event_is_caught(timeline):
    first, _second = timeline
    events = events_of(first)
    sql("DELETE FROM petitions_event WHERE id = %s", [events[1].pk])
    report = chain.verify()
    assert [(p.kind, p.event_id, p.seq) for p in report.problems] == [("missing", events[2].pk, 3)]
    assert "缺少序号 2 至 2" in report.problems[0].message


def test_reordered_events_are_caught(timeline):
    first, _second = timeline
    events = events_of(first)
    b, c = events[1], events[2]
    sql("UPDATE petitions_event SET seq = 1000 WHERE id = %s", [b.pk])
    sql("UPDATE petitions_event SET seq = 2 WHERE id = %s", [c.pk])
    sql("UPDATE petitions_event SET seq = 3 WHERE id = %s", [b.pk])
    report = chain.verify()
    assert "reordered" in kinds(report)
    assert {p.event_id for p in report.problems} >= {b.pk, c.pk}
    assert report.broken_petitions == [first.pk]


def test_inserted_forged_event_is_caught(timeline, province):
    first, _second = timeline
    last = events_of(first)[-1]
    sql(
        "INSERT INTO petitions_event (petition_id, action, actor_id, unit_id, at, note, data, state_before, "
        "state_after, seq, prev_hash, hash) VALUES (%s, 'note', %s, %s, %s, '伪造', '{}', '', '', %s, %s, %s)",
        [first.pk, province.liangzhou_clerk.pk, province.liangzhou_center.pk, last.at, last.seq + 1, last.hash,
         "f" * 64],
    )  # fmt: skip
    assert [p.kind for p in chain.verify().problems] == ["hash"]


# ---------------------------------------------------------------------------------------------- anchors


def test_deleting_the_last_events_is_caught_by_the_anchor(timeline):
    first, _second = timeline
    chain.take_anchor()
    events = events_of(first)
    sql("DELETE FROM petitions_event WHERE id IN (%s, %s)", [events[-1].pk, events[-2].pk])
    report = chain.verify()
    behind = [p for p in report.problems if p.kind == "behind-anchor"]
    assert [(p.petition_id, p.number) for p in behind] == [(first.pk, first.number)]
    assert "锚点时已有序号 4，现在只到 2" in behind[0].message
    assert {"anchor-count", "anchor-heads"} <= kinds(report)
    code, output = run_verify()
    assert code == 1 and first.number in output and "末尾记录被删除" in output


def test_deleting_a_whole_chain_is_caught_by_the_anchor(timeline):
    first, second = timeline
    chain.take_anchor()
    sql("DELETE FROM petitions_event WHERE petition_id = %s", [second.pk])
    report = chain.verify()
    missing = [p for p in report.problems if p.kind == "chain-missing"]
    assert [(p.petition_id, p.number) for p in missing] == [(second.pk, second.number)]
    assert "整条办理记录链已不存在" in str(missing[0])


def test_rewriting_a_whole_chain_with_the_key_is_caught_by_the_anchor(timeline):
    """Someone holding the key recomputes every link after an edit: the chain verifies, the anchor does not."""
    first, _second = timeline
    chain.take_anchor()
    rows = list(
        Event.objects.filter(petition=first)
        .order_by("seq")
        .values("id", "petition_id", "action", "actor_id", "unit_id", "at", "note", "data",
                "state_before", "state_after")
    )  # fmt: skip
    rows[1]["note"] = "改写后重算整条链"
    chain.seal_rows(rows)
    for row in rows:
        sql(
            "UPDATE petitions_event SET note = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [row["note"], row["prev_hash"], row["hash"], row["id"]],
        )
    report = chain.verify()
    assert "hash" not in kinds(report) and "link" not in kinds(report)  # the chain itself is consistent
    assert "anchor-mismatch" in kinds(report) and "anchor-heads" in kinds(report)
    assert report.broken_petitions == [first.pk]


def test_anchors_follow_new_events_and_verify(timeline, province):
    first, second = timeline
    one = chain.take_anchor(day=dt.date(2026, 1, 1))
    record_event(first, EventAction.NOTE, actor=province.liangzhou_clerk, unit=province.liangzhou_center)
    assert chain.verify().ok  # events after the latest anchor are checked by their chain
    two = chain.take_anchor(day=dt.date(2026, 1, 2))
    assert (one.seq, two.seq, two.prev_hash) == (1, 2, one.hash)
    assert (one.chains, one.events, two.chains, two.events) == (2, 6, 2, 7)
    assert AnchoredHead.objects.get(petition_id=first.pk).seq == 5
    assert AnchoredHead.objects.get(petition_id=second.pk).anchor_seq == 1  # unchanged heads are kept
    report = chain.verify()
    assert report.ok and report.anchors == 2


def test_tampered_anchors_are_caught(timeline):
    chain.take_anchor(day=dt.date(2026, 1, 1))
    second = chain.take_anchor(day=dt.date(2026, 1, 2))
    third = chain.take_anchor(day=dt.date(2026, 1, 3))
    TimelineAnchor.objects.filter(pk=third.pk).update(events=third.events + 1)
    assert "anchor-hash" in kinds(chain.verify())
    TimelineAnchor.objects.filter(pk=third.pk).update(events=third.events)
    TimelineAnchor.objects.filter(pk=second.pk).delete()
    assert {"anchor-missing", "anchor-link"} <= kinds(chain.verify())


def test_the_printed_anchor_catches_removal_of_the_latest_anchors(timeline):
    kept = chain.take_anchor(day=dt.date(2026, 1, 1))
    printed = chain.take_anchor(day=dt.date(2026, 1, 2))
    text = chain.printable(printed)
    assert printed.hash in text and "2026-01-02" in text and "链数：2" in text
    assert chain.verify(printed=[printed.hash]).ok
    TimelineAnchor.objects.filter(
        pk=printed.pk
    ).delete()  # the anchor chain alone cannot tell its tail is gone
    assert chain.verify().ok and kept.seq == 1
    report = chain.verify(printed=[printed.hash])
    assert kinds(report) == {"anchor-printed"}
    code, output = run_verify("--printed", printed.hash)
    assert code == 1 and printed.hash in output


def test_the_anchored_heads_table_is_covered_by_the_anchor(timeline):
    first, _second = timeline
    chain.take_anchor()
    AnchoredHead.objects.filter(petition_id=first.pk).update(seq=2)
    assert "anchor-table" in kinds(chain.verify())


def test_a_changed_key_is_named_once(timeline, settings):
    chain.take_anchor()
    settings.XINFANG_TIMELINE_KEY = "a different key"
    report = chain.verify()
    assert kinds(report) == {"key"} and report.problem_count == 1


def test_one_petition_is_verified_alone(timeline):
    first, second = timeline
    chain.take_anchor()
    sql("UPDATE petitions_event SET note = 'x' WHERE id = %s", [events_of(second)[0].pk])
    code, output = run_verify("--petition", first.number)
    assert code == 0 and "信访事项 1 件、办理记录 4 条" in output
    code, output = run_verify("--petition", second.number)
    assert code == 1 and second.number in output
    code, output = run_verify("--petition", "620602-1999-999999")
    assert code == 1 and "没有编号为 620602-1999-999999 的信访事项" in output


def test_anchor_command_takes_one_anchor_a_day_and_prints_it(timeline):
    out = io.StringIO()
    call_command("anchor_timeline", stdout=out)
    assert "已生成锚点" in out.getvalue() and TimelineAnchor.objects.count() == 1
    anchor = TimelineAnchor.objects.get()
    out = io.StringIO()
    call_command("anchor_timeline", stdout=out)
    assert "已有锚点" in out.getvalue() and TimelineAnchor.objects.count() == 1
    assert chain.take_daily_anchor() is None
    out = io.StringIO()
    call_command("anchor_timeline", "--print", stdout=out)
    assert anchor.hash in out.getvalue() and anchor.heads_digest in out.getvalue()
    call_command("anchor_timeline", "--date", "2026-01-05", stdout=io.StringIO())
    assert TimelineAnchor.objects.filter(day=dt.date(2026, 1, 5)).exists()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("anchor_timeline", "--date", "2026-13-40", stdout=io.StringIO())


def test_anchor_is_refused_when_events_were_removed_past_the_cut(timeline):
    first, _second = timeline
    chain.take_anchor()
    top = Event.objects.order_by("-id").first()
    sql("DELETE FROM petitions_event WHERE id = %s", [top.pk])
    with pytest.raises(chain.AnchorError):
        chain.take_anchor()


# ---------------------------------------------------------------------------------------------- records in events


def test_replaced_attachment_digest_is_caught(timeline, province, pdf_file):
    first, _second = timeline
    [attachment] = petition_add_attachments(
        actor=province.liangzhou_clerk, petition=first, uploads=[pdf_file()]
    )
    Attachment.objects.filter(pk=attachment.pk).update(sha256="0" * 64)
    report = chain.verify()
    assert [(p.kind, p.petition_id) for p in report.problems] == [("attachment", first.pk)]


# ---------------------------------------------------------------------------------------------- existing events


def test_events_from_before_the_chain_are_sealed_by_the_backfill(timeline, province):
    first, _second = timeline
    with connection.cursor() as cursor:  # an event written by an older version: no chain fields
        cursor.execute(
            "INSERT INTO petitions_event (petition_id, action, actor_id, unit_id, at, note, data, state_before, "
            "state_after, prev_hash, hash) VALUES (%s, 'note', NULL, NULL, %s, '旧记录', '{}', '', '', '', '')",
            [first.pk, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)],
        )
    assert "unsealed" in kinds(chain.verify())
    legacy = Event.objects.get(petition=first, hash="")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        # the trigger allows sealing only: nothing else may change with it
        cursor.execute(
            "UPDATE petitions_event SET seq = 9, prev_hash = 'a', hash = 'b', note = '改' WHERE id = %s",
            [legacy.pk],
        )
    out = io.StringIO()
    call_command("seal_timeline", stdout=out)
    assert "共封存 1 条" in out.getvalue()
    legacy = Event.objects.get(pk=legacy.pk)
    assert legacy.seq == 5 and legacy.prev_hash == events_of(first)[3].hash
    record_event(first, EventAction.NOTE, note="之后")
    assert events_of(first)[-1].seq == 6
    assert chain.verify().ok
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE petitions_event SET hash = 'c' WHERE id = %s", [legacy.pk])


def test_a_new_event_seals_older_unsealed_events_of_its_petition_first(timeline):
    first, _second = timeline
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO petitions_event (petition_id, action, at, note, data, state_before, state_after, "
            "prev_hash, hash) VALUES (%s, 'note', %s, '旧', '{}', '', '', '', '')",
            [first.pk, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)],
        )
    record_event(first, EventAction.NOTE, note="新")
    assert [e.seq for e in events_of(first)] == [1, 2, 3, 4, 5, 6]
    assert chain.verify().ok


def test_the_trigger_still_refuses_changes_to_sealed_events(timeline):
    first, _second = timeline
    event = events_of(first)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE petitions_event SET note = 'x' WHERE id = %s", [event.pk])
    with trigger_off():
        pass  # and the attacker's switch puts it back
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE petitions_event SET seq = 7 WHERE id = %s", [event.pk])


# ---------------------------------------------------------------------------------------------- scheduling


def test_the_daily_anchor_is_scheduled(settings, timeline):
    from petitions.tasks import anchor_timeline_task

    assert settings.CELERY_BEAT_SCHEDULE["anchor-timeline"]["task"] == "petitions.tasks.anchor_timeline_task"
    first = anchor_timeline_task.delay().get()
    assert first["seq"] == 1 and first["chains"] == 2
    assert anchor_timeline_task.delay().get() is None  # once a day


def test_the_embedded_scheduler_takes_the_anchor(timeline, monkeypatch):
    import threading

    from django.db import connections

    monkeypatch.setattr(
        connections, "close_all", lambda: None
    )  # the thread's own connections; not the test's
    stop = threading.Event()
    stop.set()  # one run, then stop
    chain.anchor_periodically(3600, stop=stop)
    assert TimelineAnchor.objects.count() == 1


def test_the_anchor_list_in_the_admin_is_read_only(client, province, timeline):
    anchor = chain.take_anchor()
    admin = province.sysadmin
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get("/admin/petitions/timelineanchor/")
    assert page.status_code == 200 and anchor.hash in page.content.decode()
    assert client.get(f"/admin/petitions/timelineanchor/{anchor.pk}/delete/").status_code in (302, 403)
    assert TimelineAnchor.objects.filter(pk=anchor.pk).exists()
