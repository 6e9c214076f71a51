"""``manage.py textmodel train | evaluate``: train the routing-suggestion model on the platform's confirmed
history, or evaluate the method by stratified cross-validation — on the platform's data or on any labelled CSV."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from textmodels import classifier, csvdata, selectors
from textmodels.models import Kind, Source
from textmodels.services import MIN_PER_LABEL, NotEnoughData, textmodel_train


class Command(BaseCommand):
    help = (
        "分流建议模型。train：用本平台已确认的信访事项（诉访分离、责任系统、问题类别）训练并保存新版本模型；"
        "evaluate：分层交叉验证报告准确率与宏平均F1，可用 --csv 评估任意带标签的 UTF-8 CSV 文件。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{train,evaluate}")
        train = sub.add_parser("train", help="训练并保存新版本模型")
        train.add_argument(
            "--folds", type=int, default=5, help="训练前交叉验证的折数（0 表示不评估；默认 5）"
        )
        train.add_argument(
            "--limit", type=int, default=selectors.TRAINING_LIMIT, help="每类建议最多使用的最新事项数"
        )
        train.add_argument("--demo", action="store_true", help="标记为用演示数据训练的起始模型")
        evaluate = sub.add_parser(
            "evaluate", help="分层交叉验证：准确率、宏平均F1（均值 ± 标准差）与各类别指标"
        )
        evaluate.add_argument("--csv", help="带标签的 UTF-8 CSV 文件（可带 BOM，字段可含换行）")
        evaluate.add_argument("--text-column", action="append", default=[], help="文本列（可重复，多列拼接）")
        evaluate.add_argument("--label-column", help="标签列")
        evaluate.add_argument("--folds", type=int, default=5, help="折数（默认 5）")
        evaluate.add_argument("--test-csv", help="在 --csv 上训练、在此文件上测试（不做交叉验证）")
        evaluate.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
        evaluate.add_argument(
            "--method", choices=sorted(classifier.METHODS), default=classifier.DEFAULT_METHOD
        )
        evaluate.add_argument("--kind", choices=Kind.values, action="append", help="只评估平台数据的这类建议")
        evaluate.add_argument("--limit", type=int, default=selectors.TRAINING_LIMIT)

    def handle(self, *args, **options):
        if options["action"] == "train":
            return self.train(options)
        return self.evaluate(options)

    # ------------------------------------------------------------------------------------------ train
    def train(self, options):
        folds = options["folds"]
        if folds == 1 or folds < 0:
            raise CommandError("--folds 须为 0（不评估）或至少 2。")
        if options["limit"] < 1:
            raise CommandError("--limit 至少为 1。")
        try:
            model = textmodel_train(
                source=Source.DEMO if options["demo"] else Source.PLATFORM,
                folds=folds,
                limit=options["limit"],
                log=lambda line: self.stdout.write(line),
            )
        except NotEnoughData as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已保存模型第{model.version}版（{model.n_texts} 件，{model.seconds:.1f} 秒）。"
            )
        )
        for kind, info in model.metrics.items():
            cv = info.get("cv")
            if cv:
                self.stdout.write(
                    f"  {Kind(kind).label}：准确率 {cv['accuracy']:.3f} ± {cv['accuracy_std']:.3f}，"
                    f"宏平均F1 {cv['macro_f1']:.3f} ± {cv['macro_f1_std']:.3f}"
                )
            elif info.get("skipped"):
                self.stdout.write(f"  {Kind(kind).label}：{info['skipped']}")

    # ------------------------------------------------------------------------------------------ evaluate
    def evaluate(self, options):
        folds = options["folds"]
        if options["csv"]:
            results = {"csv": self.evaluate_csv(options)}
        else:
            if options["test_csv"] or options["text_column"] or options["label_column"]:
                raise CommandError("--test-csv、--text-column 和 --label-column 只能与 --csv 一起使用。")
            if folds < 2:
                raise CommandError("--folds 至少为 2。")
            results = {}
            for kind in options["kind"] or Kind.values:
                texts, values = selectors.training_data(kind, limit=options["limit"])
                data = csvdata.Labelled(texts=texts, labels=values, path=str(Kind(kind).label))
                counts = data.counts()
                small = [v for v, n in counts.items() if n < max(folds, MIN_PER_LABEL)]
                kept = [i for i, v in enumerate(values) if v not in small]
                data = csvdata.Labelled([texts[i] for i in kept], [values[i] for i in kept], data.path)
                try:
                    csvdata.check_for_folds(data, folds)
                except csvdata.CsvError as exc:
                    if options["json"]:
                        results[kind] = {"error": str(exc)}
                    else:
                        self.stdout.write(f"{Kind(kind).label}：{exc}")
                    continue
                evaluation = classifier.cross_validate(
                    data.texts, data.labels, folds=folds, method=options["method"]
                )
                results[kind] = evaluation.as_dict()
                if small:
                    results[kind]["dropped"] = {v: counts[v] for v in small}
            if not any("accuracy" in r for r in results.values()):
                if options["json"]:
                    self.stdout.write(json.dumps(results, ensure_ascii=False))
                raise CommandError("没有足够的已确认信访事项可供评估。")
        if options["json"]:
            self.stdout.write(json.dumps(results["csv"] if options["csv"] else results, ensure_ascii=False))
            return
        for kind, result in results.items():
            if "accuracy" in result:
                title = options["csv"] if kind == "csv" else str(Kind(kind).label)
                self.print_result(title, result)

    def evaluate_csv(self, options) -> dict:
        if not options["text_column"] or not options["label_column"]:
            raise CommandError("使用 --csv 时须指定至少一个 --text-column 和一个 --label-column。")
        try:
            data = csvdata.read(options["csv"], options["text_column"], options["label_column"])
            if options["test_csv"]:
                csvdata.check_for_training(data)
                test = csvdata.read(options["test_csv"], options["text_column"], options["label_column"])
                evaluation = classifier.holdout(
                    data.texts, data.labels, test.texts, test.labels, method=options["method"]
                )
            else:
                csvdata.check_for_folds(data, options["folds"])
                evaluation = classifier.cross_validate(
                    data.texts, data.labels, folds=options["folds"], method=options["method"]
                )
        except csvdata.CsvError as exc:
            raise CommandError(str(exc)) from None
        return evaluation.as_dict()

    def print_result(self, title: str, r: dict) -> None:
        w = self.stdout.write
        n_folds = len(r["folds"])
        scheme = f"分层 {n_folds} 折交叉验证" if n_folds > 1 else "训练集/测试集"
        w(f"{title}：{r['n_texts']} 条，{len(r['labels'])} 类，{scheme}，方法 {r['method']}")
        w(f"  准确率     {r['accuracy']:.4f} ± {r['accuracy_std']:.4f}")
        w(f"  宏平均F1   {r['macro_f1']:.4f} ± {r['macro_f1_std']:.4f}")
        for fold in r["folds"]:
            w(
                f"  第{fold['fold']}折：训练 {fold['n_train']}，测试 {fold['n_test']}，"
                f"准确率 {fold['accuracy']:.4f}，宏平均F1 {fold['macro_f1']:.4f}"
            )
        width = max([len("类别"), *(len(label) for label in r["labels"])])
        w(f"  {'类别'.ljust(width)}  精确率   召回率   F1       样本数")
        for label, m in r["labels"].items():
            w(
                f"  {label.ljust(width)}  {m['precision']:.4f}   {m['recall']:.4f}   {m['f1']:.4f}   {m['support']}"
            )
        w(f"  每折训练 {r['train_seconds']:.2f} 秒，单条预测 {r['predict_ms']:.2f} 毫秒")
