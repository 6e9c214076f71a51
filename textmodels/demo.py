"""Demo data of textmodels: a starter model trained on the demo petitions (marked as such in the UI), so a fresh
installation shows suggestions from the first start. Cross-validated with 3 folds so the figures are shown too."""

from textmodels.models import Source, TextModel
from textmodels.services import NotEnoughData, textmodel_train

DEMO_FOLDS = 3
DEMO_LIMIT = 1000  # the newest demo petitions per kind: keeps `manage.py seed` quick


def seed(log=print) -> None:
    if TextModel.objects.exists():
        log("分流建议模型：已有模型，未重新训练")
        return
    try:
        model = textmodel_train(source=Source.DEMO, folds=DEMO_FOLDS, limit=DEMO_LIMIT)
    except NotEnoughData as exc:
        log(f"分流建议模型：{exc}")
        return
    log(f"分流建议模型：起始模型第{model.version}版，{model.n_texts} 件演示事项，{model.seconds:.1f} 秒")
