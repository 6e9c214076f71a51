"""The ledger (台账) template: its columns, Chinese headers, formats and allowed values (DOMAIN §9).

One definition serves the export, the import, the empty template download and ``docs/ledger-template.md``
(a test keeps the document in step with it). Enumerated columns hold the Chinese labels of the model choices,
always in Chinese whatever the UI language, so a ledger exported from one installation imports into another.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db.models import Choices
from django.utils import translation

from handling.models import ReplyOutcome, Satisfaction, ScreeningOutcome
from organisations.models import System
from petitions.models import (
    CaseCategory,
    CaseStage,
    Channel,
    Petition,
    ProblemCategory,
    SettlementForm,
    SettlementState,
    State,
)
from petitions.services import FLAG_FIELDS

TEXT = "text"
DATETIME = "datetime"
DATE = "date"
UNIT = "unit"
REGION = "region"
ENUM = "enum"
FLAGS = "flags"
TAGS = "tags"
BOOL = "bool"
COUNT = "count"
LEVEL = "level"
ID_NUMBER = "id_number"
PHONE = "phone"
NAMES = "names"

YES, NO = "是", "否"
LIST_SEPARATOR = ";"  # how the export joins 标记 and 专题标签; the import also accepts ；、，, and spaces
NAME_SEPARATOR = "、"  # several petitioners in one cell
LEVELS = {0: "未经复查复核", 1: "已复查", 2: "已复核"}  # the export writes the digit; both are accepted
# states a ledger row cannot be imported in (ledger.validation.REFUSED_STATES says why)
NOT_IMPORTABLE_STATES = frozenset({State.ACCEPTED, State.ONLINE_PENDING})
ERROR_HEADER = "错误原因"
IGNORED_HEADERS = frozenset({ERROR_HEADER, "序号"})  # may be present in a file, never read


@cache
def zh_choices(choices: type[Choices]) -> tuple[tuple[str, str], ...]:
    """(value, Chinese label) of a model choice class, independent of the active language."""
    with translation.override("zh-hans"):
        return tuple((value, str(label)) for value, label in choices.choices)


@cache
def flag_choices() -> tuple[tuple[str, str], ...]:
    with translation.override("zh-hans"):
        return tuple((name, str(Petition._meta.get_field(name).verbose_name)) for name in FLAG_FIELDS)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str
    required: bool = False  # a value is needed in every row
    max_length: int | None = None
    choices: Callable[[], tuple[tuple[str, str], ...]] | None = None
    optional_header: bool = False  # the column may be left out of the file altogether
    help: str = ""

    def labels(self) -> list[str]:
        return [label for value, label in self.choices() if value != ""] if self.choices else []

    def import_labels(self) -> list[str]:
        """The labels a ledger to import may use (every label but the states that cannot be imported)."""
        if self.key != "state":
            return self.labels()
        return [label for value, label in self.choices() if value not in NOT_IMPORTABLE_STATES]

    @property
    def format_text(self) -> str:
        """How a cell of this column is written, for the template's instructions and the docs."""
        return {
            DATETIME: "YYYY-MM-DD HH:MM（也可带秒、只填日期，或用 Excel 日期格式）",
            DATE: "YYYY-MM-DD",
            BOOL: "是 / 否",
            COUNT: "正整数",
            REGION: "6位行政区划代码",
            UNIT: "平台单位编码",
            ENUM: "从可选值中选一个",
            FLAGS: "可多选，以“;”分隔",
            TAGS: "可多选，以“;”分隔",
            LEVEL: "0、1 或 2",
        }.get(self.kind, "文本" + (f"，最多{self.max_length}字" if self.max_length else ""))

    @property
    def values_text(self) -> str:
        """The allowed values, in Chinese."""
        if self.kind == BOOL:
            return f"{YES}、{NO}"
        if self.kind == LEVEL:
            return "；".join(f"{level} {label}" for level, label in LEVELS.items())
        return "、".join(self.import_labels())


COLUMNS: tuple[Column, ...] = (
    Column("number", "登记编号", TEXT, required=True, max_length=32,
           help="平台编号形如 620602-2026-000123（区划代码-年份-序号）；其他系统的编号原样保留。文件内及平台中均不得重复。"),
    Column("registered_at", "登记时间", DATETIME, required=True, help="不得晚于导入时间。"),
    Column("registered_unit", "登记单位编码", UNIT, required=True,
           help="平台单位编码；须是导入人所在单位或其下级单位。"),
    Column("channel", "信访渠道", ENUM, required=True, choices=lambda: zh_choices(Channel)),
    Column("names", "信访人姓名", NAMES, required=True, max_length=50,
           help="多名信访人以“、”分隔，第一名为代表人；身份证号、联系电话属于第一名。"),
    Column("id_number", "身份证号", ID_NUMBER,
           help="18位居民身份证号（校验出生日期与校验位），按文本格式填写；含“*”的脱敏值或空白视为未填。"),
    Column("phone", "联系电话", PHONE,
           help="手机号（11位）或固定电话（如 0935-2212345）；含“*”的脱敏值或空白视为未填。"),
    Column("group_size", "人数", COUNT, help="正整数，空白为1；少于信访人姓名个数时按姓名个数计；5人以上自动标记集体访。"),
    Column("problem_region", "问题发生地", REGION, required=True, help="6位行政区划代码（GB/T 2260），如 620602。"),
    Column("residence_region", "住所地", REGION, help="6位行政区划代码，可空。"),
    Column("title", "标题", TEXT, required=True, max_length=200),
    Column("demands", "信访诉求", TEXT, required=True),
    Column("facts", "事实与理由", TEXT, required=True),
    Column("orig_unit", "原办案单位", TEXT, max_length=100, help="单位名称；与平台单位名称完全一致时关联该单位。"),
    Column("case_number", "原案案号", TEXT, max_length=64, help="如 (2019)甘06民终123号，原样保存。"),
    Column("case_category", "案件类别", ENUM, choices=lambda: zh_choices(CaseCategory)),
    Column("case_stage", "诉讼阶段", ENUM, choices=lambda: zh_choices(CaseStage)),
    Column("flags", "标记", FLAGS, choices=flag_choices, help="如“越级访;集体访”；人数5人以上时自动标记集体访。"),
    Column("tags", "专题标签", TAGS,
           help="须是系统管理员已配置的专题标签名称。"),
    Column("problem_category", "问题类别", ENUM, choices=lambda: zh_choices(ProblemCategory)),
    Column("responsible_system", "责任系统", ENUM, choices=lambda: zh_choices(System)),
    Column("is_backlog", "积案", BOOL, help="“是”或“否”，空白为否。"),
    Column("state", "状态", ENUM, required=True, choices=lambda: zh_choices(State),
           help="“受理”不能导入；各状态须填写哪些列见 docs/ledger-template.md。"),
    Column("screening_outcome", "甄别结果", ENUM, choices=lambda: zh_choices(ScreeningOutcome)),
    Column("accepted_at", "受理时间", DATETIME, help="甄别结果为“受理”时必填。"),
    Column("accepted_on_time", "及时受理", BOOL, help="“是”“否”或空白（未知）；仅已甄别的事项可填。"),
    Column("handling_unit", "主办单位编码", UNIT,
           help="平台单位编码；交办、办理中、复查中、复核中、导入法律程序的事项必填。"),
    Column("deadline", "办理期限", DATE, optional_header=True,
           help="当前办理期限（日期）。只对交办、办理中、复查中、复核中的事项有效，其他状态忽略；"
                "交办、办理中空白时按期限规则自受理时间起算，复查中、复核中必填。本列可整列省略。"),
    Column("replied_at", "答复时间", DATETIME, help="首次签发处理意见书的时间。"),
    Column("replied_on_time", "按期答复", BOOL),
    Column("reply_outcome", "答复结果", ENUM, optional_header=True, choices=lambda: zh_choices(ReplyOutcome),
           help="最近一次意见书（按复查复核层级：处理意见书、复查意见书或复核意见书）的处理结果。本列可整列省略。"),
    Column("delivered_on", "答复送达日期", DATE, optional_header=True,
           help="信访人收到最近一次意见书的日期，复查、复核申请期限自此起算；“已回访”的事项必填。本列可整列省略。"),
    Column("closed_at", "办结时间", DATETIME),
    Column("closed_on_time", "按期办结", BOOL),
    Column("settlement_state", "化解状态", ENUM, choices=lambda: zh_choices(SettlementState),
           help="空白为“未结未息”。"),
    Column("settlement_form", "息诉罢访形式", ENUM, choices=lambda: zh_choices(SettlementForm)),
    Column("satisfaction", "群众满意度", ENUM, choices=lambda: zh_choices(Satisfaction)),
    Column("review_level", "复查复核层级", LEVEL,
           help="0 未经复查复核，1 已作出复查意见，2 已作出复核意见；空白为0。也可填“未经复查复核”“已复查”“已复核”。"),
    Column("terminated_at", "终结时间", DATETIME, help="依法终结（批准终结）的时间。"),
)  # fmt: skip

BY_KEY = {c.key: c for c in COLUMNS}
BY_HEADER = {c.header: c for c in COLUMNS}
HEADERS = [c.header for c in COLUMNS]
