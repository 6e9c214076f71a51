"""The clustering itself, on token strings (no database): near-duplicates and same-topic texts are grouped,
unrelated ones kept apart, the same original case number joins texts whatever their wording, and a chain of
pairwise-similar texts drifting between topics is split."""

from search import text
from topics.clustering import Doc, cluster_documents, pick_labels

LAND = [
    "反映王家庄村征地补偿标准过低，村民要求提高征地补偿款",
    "王家庄村村民反映征地补偿款标准过低，要求依法提高补偿",
    "反映胜利村征地补偿款未足额发放，村民要求补足征地补偿",
    "胜利村村民反映征地补偿款至今未足额发放",
]
WAGES = [
    "反映包工头拖欠农民工工资二十万元，要求法院强制执行",
    "农民工反映包工头拖欠工资，法院判决后未执行到位",
    "反映建筑公司拖欠农民工工资，要求尽快执行",
]
OTHER = [
    "不服交警部门作出的交通事故责任认定",
    "反映律师无法会见在押亲属",
    "要求公布非法集资案涉案资产处置情况",
]


def docs(texts, cases=None):
    cases = cases or [""] * len(texts)
    return [Doc(text=text.join(text.words(t)), case=c) for t, c in zip(texts, cases, strict=True)]


def groups_of(result, n):
    label = {}
    for g, group in enumerate(result.groups):
        for m in group.members:
            label[m] = g
    return [label.get(i) for i in range(n)]


def test_same_topic_grouped_and_unrelated_kept_apart():
    texts = LAND + WAGES + OTHER
    result = cluster_documents(docs(texts))
    labels = groups_of(result, len(texts))
    land, wages = labels[: len(LAND)], labels[len(LAND) : len(LAND) + len(WAGES)]
    assert len(set(land)) == 1 and land[0] is not None
    assert len(set(wages)) == 1 and wages[0] is not None
    assert land[0] != wages[0]
    assert all(label is None for label in labels[len(LAND) + len(WAGES) :])  # singletons are no cluster
    land_group = result.groups[land[0]]
    assert any("征地" in k or "补偿" in k for k in land_group.keywords)
    assert len(land_group.member_terms) == len(LAND)


def test_near_duplicates_are_marked_as_such():
    texts = [
        "李某反映与张某民间借贷纠纷案判决错误，要求再审",
        "李某反映与张某民间借贷纠纷案判决错误，要求依法再审",
        "反映律师无法会见在押亲属",
    ]
    result = cluster_documents(docs(texts))
    assert len(result.groups) == 1
    group = result.groups[0]
    assert group.members == [0, 1] and group.kind == "duplicate" and group.cohesion >= 0.8


def test_same_original_case_number_joins_different_wording():
    texts = ["反映律师无法会见在押亲属", "要求公布非法集资案涉案资产处置情况", "不服交警部门事故认定"]
    case = text.case_token("(2019)甘06民终123号")
    result = cluster_documents(docs(texts, [case, case, ""]))
    assert [g.members for g in result.groups] == [[0, 1]]
    assert result.groups[0].kind == "case"


def test_a_drifting_chain_is_split_when_it_does_not_hold_together():
    # a → b → c → d: each shares words with the next, the ends have nothing in common
    chain = [
        "甲乙 丙丁 戊己 庚辛",
        "丙丁 戊己 庚辛 壬癸",
        "庚辛 壬癸 子丑 寅卯",
        "壬癸 子丑 寅卯 辰巳",
        "子丑 寅卯 辰巳 午未",
    ]
    loose = cluster_documents([Doc(t) for t in chain], threshold=0.2, min_cohesion=0.9)
    tight = cluster_documents([Doc(t) for t in chain], threshold=0.2, min_cohesion=0.0)
    assert len(tight.groups) == 1 and len(tight.groups[0].members) == 5
    assert all(len(g.members) < 5 for g in loose.groups)


def test_degenerate_input():
    assert cluster_documents([]).groups == []
    assert cluster_documents([Doc("征地 补偿")]).groups == []
    assert cluster_documents([Doc(""), Doc(""), Doc("")]).groups == []
    same = text.case_token("(2020)甘0621民初9号")
    result = cluster_documents([Doc("", same), Doc("", same)])  # no words at all: the hard key still holds
    assert [g.members for g in result.groups] == [[0, 1]]


def test_labels_prefer_whole_words_and_skip_keyed_tokens_and_numbers():
    ranked = [
        ("交通", 1.0),
        ("通事", 0.9),
        ("交通事故", 0.8),
        ("cn0123456789abcdef01234567", 0.7),
        ("2019", 0.6),
        ("事故", 0.5),
        ("赔偿", 0.4),
    ]
    assert pick_labels(ranked, 3) == ["交通事故", "赔偿"]
