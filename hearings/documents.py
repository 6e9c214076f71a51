"""The printable hearing notice (听证通知书) in the official format (GB/T 9704-2012, ``core.documents``)."""

from django.utils import timezone

from core.documents import OfficialDocument, chinese_date


def build_notice_docx(hearing) -> bytes:
    petition = hearing.petition
    names = "、".join(party.petitioner.name for party in petition.parties.select_related("petitioner"))
    doc = OfficialDocument(issuer=hearing.unit.name, title="听证通知书")
    doc.recipient(names or "信访人")
    registered = chinese_date(timezone.localtime(petition.registered_at).date())
    start = timezone.localtime(hearing.starts_at)
    when = f"{chinese_date(start.date())}{start:%H时%M分}"
    if hearing.ends_on != start.date():
        when += f"至{chinese_date(hearing.ends_on)}"
    doc.paragraph(
        f"你（们）于{registered}反映的信访事项（登记编号 {petition.number}），本机关决定举行听证。现将有关事项通知如下："
    )
    doc.heading("一、听证事项")
    doc.paragraph(hearing.subject)
    doc.heading("二、听证时间")
    doc.paragraph(when)
    doc.heading("三、听证地点")
    if hearing.place:
        doc.paragraph(hearing.place)
    if hearing.video_link:
        doc.paragraph(f"视频会议：{hearing.video_link}")
    doc.heading("四、参加人员")
    doc.table(["类别", "姓名", "单位/身份"],
              [[p.get_kind_display(), p.name, p.organisation] for p in hearing.participants.all()])  # fmt: skip
    doc.paragraph(
        "请准时参加，并携带身份证件和有关证据材料。无正当理由不参加听证的，不影响本机关依法作出处理意见。"
    )
    doc.signature(hearing.unit.name, timezone.localdate(hearing.scheduled_at))
    return doc.to_bytes()
