"""Small labelled texts for the tests: three topics with their own words, so a model can learn them."""

import random

from textmodels import classifier, store
from textmodels.models import Kind, Source, TextModel

TOPICS = {
    "court": ["法院判决不公", "民事判决认定事实错误", "申请再审撤销原判", "二审法官偏袒对方", "执行款未到位"],
    "police": ["派出所不予立案", "公安机关殴打", "刑事案件久拖不侦", "民警违法扣押车辆", "报警后无人出警"],
    "justice": ["律师收费过高", "法律援助被拒绝", "司法所调解不公", "公证处违规公证", "社区矫正管理不当"],
}
FILLER = ["请求依法处理", "多次反映无果", "生活困难", "要求书面答复", "给予说法", "村里", "去年", "此事"]


def text_of(label: str, rng: random.Random) -> str:
    words = rng.sample(TOPICS[label], 3) + rng.sample(FILLER, 3)
    rng.shuffle(words)
    return "，".join(words) + "。"


def labelled(n_per_label: int = 8, seed: int = 1) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, labels = [], []
    for label in TOPICS:
        for _ in range(n_per_label):
            texts.append(text_of(label, rng))
            labels.append(label)
    return texts, labels


def make_model(version: int = 1, source: str = Source.PLATFORM) -> TextModel:
    """A stored model whose 责任系统 and 问题类别 classifiers learned ``TOPICS`` and whose 诉访分离 classifier
    says 涉法涉诉 for court and police texts."""
    texts, labels = labelled()
    bundle = classifier.fit_shared(
        {
            Kind.SYSTEM: (texts, labels),
            Kind.CATEGORY: (
                texts,
                [{"court": "judgment", "police": "police", "justice": "lawyer"}[x] for x in labels],
            ),
            Kind.IS_LEGAL: (texts, ["ordinary" if x == "justice" else "legal" for x in labels]),
        }
    )
    payload, digest = store.dumps(bundle)
    store.forget()
    return TextModel.objects.create(
        version=version,
        trained_at="2026-01-05T08:00:00+08:00",
        source=source,
        method=classifier.DEFAULT_METHOD,
        n_texts=len(texts),
        metrics={},
        payload=payload,
        digest=digest,
    )
