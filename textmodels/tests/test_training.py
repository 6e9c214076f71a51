"""``textmodel train`` and ``textmodel evaluate`` on the platform's confirmed history, and the demo's starter."""

import json

import pytest
from django.core.management import CommandError, call_command

from petitions.models import Petition
from textmodels import demo, store
from textmodels.models import Kind, TextModel
from textmodels.selectors import current_model, suggestions_for, training_data
from textmodels.tests.helpers import TOPICS, labelled

pytestmark = pytest.mark.django_db

CATEGORY = {"court": "judgment", "police": "police", "justice": "lawyer"}


@pytest.fixture
def history(province, register):
    """Confirmed petitions: 8 of each topic with their system and category, 涉法涉诉 decided on most."""
    texts, labels = labelled(8)
    made = []
    for i, (text, label) in enumerate(zip(texts, labels, strict=True)):
        p = register(
            province.liangzhou_clerk,
            province.liangzhou_center,
            title=text[:20],
            facts=text,
            responsible_system=label,
            problem_category=CATEGORY[label],
        )
        if i % 4:
            Petition.objects.filter(pk=p.pk).update(is_legal=label != "justice")
        made.append(p)
    return made


def test_training_data_reads_confirmed_values(history):
    texts, values = training_data(Kind.SYSTEM)
    assert len(texts) == 24 and set(values) == set(TOPICS)
    texts, values = training_data(Kind.IS_LEGAL)
    assert len(texts) == 18 and set(values) == {"legal", "ordinary"}


def test_train_stores_a_versioned_model_with_its_figures(history, capsys):
    call_command("textmodel", "train", "--folds", "3")
    call_command("textmodel", "train", "--folds", "0")
    out = capsys.readouterr().out
    assert "已保存模型第1版" in out and "已保存模型第2版" in out and "宏平均F1" in out
    first, second = TextModel.objects.order_by("version")
    assert first.source == "platform" and first.n_texts == 24
    assert first.metrics[Kind.SYSTEM]["cv"]["macro_f1"] > 0.7 and "cv" not in second.metrics[Kind.SYSTEM]
    assert current_model().version == 2
    store.forget()
    found = {s.kind: s.value for s in suggestions_for(history[8])}  # a police petition
    assert found[Kind.SYSTEM] == "police" and found[Kind.CATEGORY] == "police"


def test_rare_values_are_not_learned(history, province, register):
    register(province.liangzhou_clerk, province.liangzhou_center, responsible_system="procuratorate")
    call_command("textmodel", "train", "--folds", "0")
    metrics = TextModel.objects.get().metrics[Kind.SYSTEM]
    assert metrics["dropped"] == {"procuratorate": 1} and "procuratorate" not in metrics["labels"]


def test_train_without_enough_history_is_an_error(province, register):
    register(province.liangzhou_clerk, province.liangzhou_center, responsible_system="court")
    with pytest.raises(CommandError, match="没有足够的已确认信访事项"):
        call_command("textmodel", "train")
    assert not TextModel.objects.exists()
    with pytest.raises(CommandError, match="--folds"):
        call_command("textmodel", "train", "--folds", "1")


@pytest.mark.parametrize("folds", [2, 5])
def test_evaluate_platform_data(history, capsys, folds):
    call_command("textmodel", "evaluate", "--folds", str(folds), "--json")
    result = json.loads(capsys.readouterr().out)
    assert set(result) == set(Kind.values)
    system = result[Kind.SYSTEM]
    assert len(system["folds"]) == folds and system["macro_f1"] > 0.7 and set(system["labels"]) == set(TOPICS)
    call_command("textmodel", "evaluate", "--folds", str(folds), "--kind", "responsible_system")
    out = capsys.readouterr().out
    assert f"分层 {folds} 折交叉验证" in out and "责任系统" in out and "问题类别" not in out


def test_evaluate_without_data_is_an_error(db):
    with pytest.raises(CommandError, match="没有足够"):
        call_command("textmodel", "evaluate")


def test_demo_seed_trains_a_starter_once(history):
    lines = []
    demo.seed(lines.append)
    model = TextModel.objects.get()
    assert model.is_starter and "起始模型第1版" in lines[0]
    assert model.metrics[Kind.CATEGORY]["cv"]["accuracy"] > 0.7
    demo.seed(lines.append)
    assert TextModel.objects.count() == 1
