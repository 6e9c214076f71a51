"""Chinese personal names, company and law firm names for the demo data."""

import random

# Surnames weighted roughly by their frequency in Gansu (马 and 魏 are far more common there than nationally).
SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 90),
    ("张", 80),
    ("李", 80),
    ("刘", 55),
    ("陈", 35),
    ("杨", 45),
    ("马", 45),
    ("赵", 30),
    ("魏", 18),
    ("孙", 18),
    ("徐", 14),
    ("何", 14),
    ("郭", 16),
    ("周", 14),
    ("吴", 12),
    ("胡", 12),
    ("高", 16),
    ("朱", 12),
    ("罗", 10),
    ("宋", 9),
    ("谢", 8),
    ("韩", 10),
    ("唐", 7),
    ("冯", 7),
    ("董", 9),
    ("蒋", 6),
    ("邓", 6),
    ("曹", 7),
    ("彭", 5),
    ("潘", 6),
    ("田", 8),
    ("杜", 8),
    ("贾", 8),
    ("段", 6),
    ("苏", 6),
    ("丁", 6),
    ("任", 6),
    ("姚", 5),
    ("卢", 5),
    ("汪", 6),
    ("范", 5),
    ("石", 5),
    ("牛", 5),
    ("雷", 5),
    ("祁", 4),
    ("鲁", 4),
    ("柴", 4),
    ("闫", 5),
    ("岳", 3),
    ("蔡", 3),
    ("康", 4),
    ("金", 3),
    ("安", 4),
    ("白", 5),
    ("许", 5),
    ("孔", 3),
    ("常", 4),
    ("崔", 4),
    ("薛", 3),
    ("把", 2),
    ("俞", 2),
    ("滕", 2),
    ("欧阳", 1),
    ("司马", 1),
)
_SURNAME_LIST = [s for s, _ in SURNAMES]
_SURNAME_CUM: list[int] = []
_total = 0
for _s, _w in SURNAMES:
    _total += _w
    _SURNAME_CUM.append(_total)

# Given-name characters by era: people born before 1965, between 1965 and 1985, and after 1985 were named
# differently (建国 and 秀英 in the 1950s, 海涛 and 丽娟 in the 1970s, 浩宇 and 欣怡 in the 1990s).
MALE_CHARS = {
    "old": "建国军明强平福生兴春忠志文德宝学永贵祥荣华发财有才山林成义仁喜汉元寿廷存满",
    "mid": "伟强军刚林海涛斌杰勇辉彬宏俊峰龙虎亮鹏磊超波东明华军平晓建新正国红卫",
    "young": "浩宇轩睿博涛鑫磊鹏帅杰豪凯文昊阳晨旭泽航楠锐强龙飞毅诚",
}
FEMALE_CHARS = {
    "old": "秀英兰梅芳玲霞桂珍凤琴花翠菊莲香玉桃彩淑素云巧",
    "mid": "丽娟红燕艳萍敏静慧婷莉娜雪洁春梅霞琴芳玲英兰",
    "young": "欣怡婷雪琳静瑶佳颖莹璐楠倩蕾丹婧茹萌晶悦",
}
TIBETAN_MALE = (
    "才让",
    "扎西",
    "多杰",
    "旦增",
    "索南",
    "更登",
    "桑杰",
    "尼玛",
    "拉旦",
    "华旦",
    "东知",
    "完玛",
)
TIBETAN_FEMALE = ("卓玛", "拉毛", "央金", "措姆", "德吉", "吉毛", "卓嘎", "才吉", "草", "兰措")


def _era(birth_year: int) -> str:
    if birth_year < 1965:
        return "old"
    if birth_year < 1985:
        return "mid"
    return "young"


def surname(rng: random.Random) -> str:
    x = rng.random() * _total
    lo, hi = 0, len(_SURNAME_CUM) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if _SURNAME_CUM[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return _SURNAME_LIST[lo]


def person_name(rng: random.Random, gender: str, birth_year: int, tibetan: bool = False) -> str:
    """A plausible full name for a person of the given gender (M/F) born in the given year."""
    if tibetan:
        pool = TIBETAN_MALE if gender == "M" else TIBETAN_FEMALE
        first, second = rng.sample(pool, 2)
        return first + second if rng.random() < 0.7 else first
    chars = (MALE_CHARS if gender == "M" else FEMALE_CHARS)[_era(birth_year)]
    given = rng.choice(chars)
    if rng.random() < 0.82:
        given += rng.choice(chars)
    return surname(rng) + given


def random_person_name(rng: random.Random) -> str:
    gender = "M" if rng.random() < 0.6 else "F"
    return person_name(rng, gender, rng.randint(1955, 1995))


_COMPANY_WORDS = (
    "金羊",
    "丝路",
    "祁连",
    "天马",
    "陇原",
    "河西",
    "绿洲",
    "鑫源",
    "宏达",
    "恒信",
    "瑞丰",
    "永盛",
    "华隆",
    "金泰",
    "兴陇",
    "嘉禾",
    "盛源",
    "昌达",
    "新城",
    "飞天",
)
_COMPANY_TRADES = (
    "建筑工程",
    "房地产开发",
    "农业开发",
    "商贸",
    "物流",
    "建材",
    "矿业",
    "农牧",
    "劳务派遣",
    "物业管理",
    "食品",
    "汽车销售",
    "新能源",
    "市政工程",
    "种业",
)


def company_name(rng: random.Random, city: str) -> str:
    return f"{city}{rng.choice(_COMPANY_WORDS)}{rng.choice(_COMPANY_TRADES)}有限公司"


_FIRM_WORDS = (
    "正天合",
    "明德",
    "金城",
    "睿信",
    "陇原",
    "天元",
    "昊德",
    "法正",
    "致远",
    "中汇",
    "凉州",
    "甘州",
)


def law_firm_name(rng: random.Random) -> str:
    return f"甘肃{rng.choice(_FIRM_WORDS)}律师事务所"
