"""Fixtures of hot-topic tests: petitions of two topics in three counties, one of them a period old."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from conftest import person
from petitions.models import Petition

LAND = [
    "反映王家庄村征地补偿标准过低，村民要求提高征地补偿款",
    "王家庄村村民反映征地补偿款标准过低，要求依法提高补偿",
    "反映胜利村征地补偿款未足额发放，村民要求补足征地补偿",
    "胜利村村民反映征地补偿款至今未足额发放，要求补偿",
    "王家庄村征地补偿款被截留，村民要求发放征地补偿",
]
WAGES = [
    "反映包工头拖欠农民工工资二十万元，要求法院强制执行",
    "农民工反映包工头拖欠工资，法院判决后未执行到位",
    "反映建筑公司拖欠农民工工资，要求尽快执行工资",
]
OTHER = ["不服交警部门作出的交通事故责任认定", "反映律师无法会见在押亲属"]


@dataclass
class TopicWorld:
    province: object
    land_lz: list  # 凉州区, this period
    land_mq: object  # 民勤县, this period
    land_old: object  # 凉州区, the period before
    wages_gz: list  # 甘州区 (another city), this period
    other: list


def age(petition, days: int) -> None:
    Petition.objects.filter(pk=petition.pk).update(
        registered_at=timezone.now() - timezone.timedelta(days=days)
    )


@pytest.fixture
def topic_world(province, register) -> TopicWorld:
    p = province

    def lz(title, **kw):
        return register(p.liangzhou_clerk, p.liangzhou_center, title=title[:60], facts=title, **kw)

    land_lz = [lz(t) for t in LAND[:3]]
    land_mq = register(
        p.minqin_clerk,
        p.minqin_center,
        title=LAND[3][:60],
        facts=LAND[3] + "，民勤机密词",
        problem_region="620621",
        petitioners=[person(name="钱某", id_number="620621198001010013", phone="13900000001")],
    )
    land_old = lz(LAND[4])
    age(land_old, 40)
    wages_gz = [
        register(
            p.ganzhou_clerk,
            p.ganzhou_center,
            title=t[:60],
            facts=t,
            problem_region="620702",
            petitioners=[person(name="赵六", id_number="620702199001010014", phone="13800000002")],
        )
        for t in WAGES
    ]
    other = [lz(t) for t in OTHER]
    return TopicWorld(p, land_lz, land_mq, land_old, wages_gz, other)
