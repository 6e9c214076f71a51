"""``textmodel evaluate --csv``: reading an office's CSV, and every bad CSV refused with the row named."""

import json

import pytest
from django.core.management import CommandError, call_command

from textmodels import csvdata
from textmodels.tests.helpers import labelled


def write(tmp_path, text: str, *, bom=False, name="data.csv", raw: bytes | None = None):
    path = tmp_path / name
    path.write_bytes(raw if raw is not None else (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return str(path)


def good_csv(n_per_label=6, seed=1) -> str:
    texts, labels = labelled(n_per_label, seed)
    lines = ["标题,内容,类别"]
    for i, (t, y) in enumerate(zip(texts, labels, strict=True)):
        lines.append(f'"第{i}件","{t}\n（第二行，含“引号”和,逗号）",{y}')
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("bom", [False, True])
def test_reads_bom_quoted_newlines_and_several_text_columns(tmp_path, bom):
    path = write(tmp_path, good_csv(), bom=bom)
    data = csvdata.read(path, ["标题", "内容"], "类别")
    assert len(data.texts) == 18 and set(data.labels) == {"court", "police", "justice"}
    assert data.texts[0].startswith("第0件\n") and "第二行" in data.texts[0] and ",逗号" in data.texts[0]


def test_blank_lines_are_skipped_and_short_rows_padded(tmp_path):
    path = write(tmp_path, "text,label\n甲,a\n\n乙,b\n")
    assert csvdata.read(path, ["text"], "label").labels == ["a", "b"]
    path = write(tmp_path, "text,label\n甲,a\n乙\n", name="short.csv")
    with pytest.raises(csvdata.CsvError, match="第3行的标签列“label”为空"):
        csvdata.read(path, ["text"], "label")


@pytest.mark.parametrize(
    ("content", "columns", "message"),
    [
        ("text,label\n甲,a\n", (["body"], "label"), "没有列 body。表头中的列为：text、label"),
        ("text,label\n甲,a\n", (["text"], "类别"), "没有列 类别"),
        ("text,label\n甲,a\n乙,\n", (["text"], "label"), "第3行的标签列“label”为空"),
        ("text,label\n甲,a\n , b\n", (["text"], "label"), "第3行的文本列（text）全部为空"),
        ("", (["text"], "label"), "文件为空"),
        ("text,label\n", (["text"], "label"), "除表头外没有数据行"),
        ("text,text,label\n甲,乙,a\n", (["text"], "label"), "列 text 出现了不止一次"),
        ('text,label\n"' + "甲" * 1_000_001 + '",a\n', (["text"], "label"), "第2行无法解析"),
    ],
)
def test_bad_csv_is_refused_with_a_clear_message(tmp_path, content, columns, message):
    path = write(tmp_path, content)
    with pytest.raises(csvdata.CsvError, match=message):
        csvdata.read(path, *columns)


def test_undecodable_bytes_name_the_row_and_offset(tmp_path):
    raw = 'text,label\n甲,a\n"多行\n文本",b\n'.encode() + "乙".encode("gbk") + b",c\n"
    path = write(tmp_path, "", raw=raw)
    offset = raw.index("乙".encode("gbk"))
    with pytest.raises(csvdata.CsvError) as caught:
        csvdata.read(path, ["text"], "label")
    message = str(caught.value)
    assert (
        "第4行" in message
        and "文件第5行" in message
        and f"字节偏移{offset}" in message
        and "UTF-8" in message
    )


def test_control_characters_are_removed(tmp_path):
    path = write(tmp_path, 'text,label\n"甲\0乙\u202e丙",a\n')
    assert csvdata.read(path, ["text"], "label").texts == ["甲乙丙"]


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(csvdata.CsvError, match="无法读取文件"):
        csvdata.read(tmp_path / "nothing.csv", ["text"], "label")


def test_single_class_and_small_classes(tmp_path):
    single = csvdata.Labelled(["甲", "乙", "丙"], ["a", "a", "a"], "x.csv")
    with pytest.raises(csvdata.CsvError, match="所有 3 行的标签都是“a”"):
        csvdata.check_for_folds(single, 2)
    small = csvdata.Labelled(["甲"] * 7, ["a"] * 5 + ["b"] * 2, "x.csv")
    with pytest.raises(csvdata.CsvError, match="1个类别的行数少于折数 3（“b”2行）"):
        csvdata.check_for_folds(small, 3)
    csvdata.check_for_folds(small, 2)


# ------------------------------------------------------------------------------------------------ the command
@pytest.mark.parametrize("folds", [2, 3, 4, 5])
def test_evaluate_csv_prints_figures_per_fold_and_label(tmp_path, capsys, folds):
    path = write(tmp_path, good_csv())
    call_command(
        "textmodel", "evaluate", "--csv", path, "--text-column", "标题", "--text-column", "内容",
        "--label-column", "类别", "--folds", str(folds),
    )  # fmt: skip
    out = capsys.readouterr().out
    assert f"分层 {folds} 折交叉验证" in out and "准确率" in out and "宏平均F1" in out
    assert out.count("折：训练") == folds
    for label in ("court", "police", "justice"):
        assert label in out


def test_evaluate_csv_json(tmp_path, capsys):
    path = write(tmp_path, good_csv(), bom=True)
    call_command(
        "textmodel", "evaluate", "--csv", path, "--text-column", "内容", "--label-column", "类别",
        "--folds", "3", "--json",
    )  # fmt: skip
    result = json.loads(capsys.readouterr().out)
    assert {"accuracy", "macro_f1", "folds", "labels"} <= set(result)
    assert len(result["folds"]) == 3 and set(result["labels"]) == {"court", "police", "justice"}
    assert 0.8 <= result["accuracy"] <= 1 and 0 <= result["macro_f1_std"] < 0.3
    assert set(result["labels"]["court"]) == {"precision", "recall", "f1", "support"}
    assert sum(v["support"] for v in result["labels"].values()) == 18


def test_evaluate_with_a_test_csv(tmp_path, capsys):
    train = write(tmp_path, good_csv(6, seed=1), name="train.csv")
    test = write(tmp_path, good_csv(3, seed=2), name="test.csv")
    call_command(
        "textmodel", "evaluate", "--csv", train, "--test-csv", test, "--text-column", "内容",
        "--label-column", "类别", "--json",
    )  # fmt: skip
    result = json.loads(capsys.readouterr().out)
    assert len(result["folds"]) == 1 and result["folds"][0]["n_test"] == 9 and result["accuracy"] > 0.6


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("text,label\n甲,a\n乙,a\n", [], "标签都是“a”"),
        ("text,label\n" + "甲,a\n" * 5 + "乙,b\n", [], "少于折数 5"),
        ("text,label\n甲,a\n乙,\n", [], "第3行"),
        ("body,label\n甲,a\n", [], "没有列 text"),
        ("text,label\n" + "甲,a\n乙,b\n" * 3, ["--folds", "1"], "--folds 至少为 2"),
    ],
)
def test_evaluate_bad_csv_exits_with_an_error(tmp_path, content, args, message):
    path = write(tmp_path, content)
    with pytest.raises(CommandError, match=message):
        call_command(
            "textmodel", "evaluate", "--csv", path, "--text-column", "text", "--label-column", "label", *args
        )


def test_evaluate_undecodable_csv_exits_with_an_error(tmp_path):
    path = write(tmp_path, "", raw=b"text,label\n\xff\xfe,a\n")
    with pytest.raises(CommandError, match="第2行.*字节偏移11"):
        call_command(
            "textmodel", "evaluate", "--csv", path, "--text-column", "text", "--label-column", "label"
        )


def test_evaluate_csv_needs_its_columns(tmp_path):
    path = write(tmp_path, good_csv())
    with pytest.raises(CommandError, match="--text-column"):
        call_command("textmodel", "evaluate", "--csv", path, "--label-column", "类别")
