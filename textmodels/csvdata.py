"""Reading an office's labelled CSV for ``textmodel evaluate --csv``: UTF-8 with or without a BOM, quoted fields
with embedded line breaks, one or more text columns and one label column. Every problem is a ``CsvError`` that
names the file, the row (the header is row 1, as a spreadsheet numbers it) and, for bad bytes, the byte offset."""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from core.text import clean_text

MAX_FIELD = 1_000_000  # characters in one cell


class CsvError(ValueError):
    pass


@dataclass
class Labelled:
    texts: list[str]
    labels: list[str]
    path: str

    def counts(self) -> Counter:
        return Counter(self.labels)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start
        prefix = raw[:offset].decode("utf-8-sig", errors="replace")
        # the record the bad byte is in: the last one of the text before it, continued by one more character
        try:
            row = sum(1 for _ in csv.reader(io.StringIO(prefix + "x", newline="")))
        except csv.Error:
            row = prefix.count("\n") + 1
        line = raw.count(b"\n", 0, offset) + 1
        bad = raw[offset : min(exc.end, offset + 4)].hex(" ")
        raise CsvError(
            f"{name}：第{row}行（文件第{line}行，字节偏移{offset}）有不是 UTF-8 的字节 {bad}。"
            "请将文件另存为 UTF-8 编码的 CSV 后重试。"
        ) from None


def read(path: str | Path, text_columns: list[str], label_column: str) -> Labelled:
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CsvError(f"无法读取文件 {name}：{exc.strerror or exc}") from None
    text = _decode(raw, name)
    if not text.strip():
        raise CsvError(f"{name}：文件为空。")
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise CsvError(f"{name}：第1行（表头）无法解析：{exc}") from None
    wanted = [*text_columns, label_column]
    missing = [c for c in wanted if c not in header]
    if missing:
        raise CsvError(
            f"{name}：没有列 {'、'.join(missing)}。表头中的列为：{'、'.join(h for h in header if h) or '（空）'}。"
        )
    doubled = [c for c in dict.fromkeys(wanted) if header.count(c) > 1]
    if doubled:
        raise CsvError(f"{name}：表头中列 {'、'.join(doubled)} 出现了不止一次，无法确定使用哪一列。")
    text_at = [header.index(c) for c in text_columns]
    label_at = header.index(label_column)
    texts, labels = [], []
    row = 1
    try:
        for row, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue  # a blank line
            cells = [clean_text(c) for c in record] + [""] * (len(header) - len(record))
            label = cells[label_at].strip()
            if not label:
                raise CsvError(f"{name}：第{row}行的标签列“{label_column}”为空。")
            body = "\n".join(cells[i].strip() for i in text_at if cells[i].strip())
            if not body:
                raise CsvError(f"{name}：第{row}行的文本列（{'、'.join(text_columns)}）全部为空。")
            texts.append(body)
            labels.append(label)
    except csv.Error as exc:
        raise CsvError(f"{name}：第{row + 1}行无法解析：{exc}") from None
    if not texts:
        raise CsvError(f"{name}：除表头外没有数据行。")
    return Labelled(texts=texts, labels=labels, path=name)


def check_for_folds(data: Labelled, folds: int) -> None:
    counts = data.counts()
    if not counts:
        raise CsvError(f"{data.path}：没有带标签的数据。")
    if len(counts) < 2:
        only = next(iter(counts))
        raise CsvError(
            f"{data.path}：所有 {len(data.labels)} 行的标签都是“{only}”，至少需要两个类别才能训练和评估。"
        )
    if folds < 2:
        raise CsvError("--folds 至少为 2。")
    small = {label: n for label, n in counts.items() if n < folds}
    if small:
        listed = "、".join(f"“{label}”{n}行" for label, n in sorted(small.items(), key=lambda x: x[1]))
        raise CsvError(
            f"{data.path}：{len(small)}个类别的行数少于折数 {folds}（{listed}）。"
            f"分层 {folds} 折交叉验证要求每类至少 {folds} 行：请补充数据、合并小类，或减小 --folds。"
        )


def check_for_training(data: Labelled) -> None:
    if len(data.counts()) == 1:
        only = next(iter(data.counts()))
        raise CsvError(
            f"{data.path}：所有 {len(data.labels)} 行的标签都是“{only}”，至少需要两个类别才能训练。"
        )
