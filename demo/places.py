"""Geography of the demo province: the cities and counties seeded, their towns, streets and abbreviations.

Region codes and names match ``organisations/data/regions.json`` (GB/T 2260); towns and streets are real places
of those counties, used for addresses, units at township level and the texts of petitions.
"""

from dataclasses import dataclass, field

PROVINCE_CODE = "620000"
PROVINCE_NAME = "甘肃省"
PROVINCE_ABBR = "甘"


@dataclass(frozen=True)
class City:
    code: str
    name: str
    court_code: str  # 甘06: the prefix of its intermediate court's case numbers
    plate: str  # 甘H: the prefix of its vehicle registration plates
    area_code: str  # 0935: telephone area code
    abbr: str  # 武: used in document numbers of city-level organs
    streets: tuple[str, ...]
    hospitals: tuple[str, ...]


@dataclass(frozen=True)
class County:
    code: str
    name: str
    city: str
    abbr: str  # 凉: used in police and procuratorate document numbers
    is_district: bool  # 市辖区: its police is a 分局 of the city police, its organs carry the city's name
    towns: tuple[str, ...]
    ethnic: bool = False  # 藏族/裕固族 autonomous county: some residents carry Tibetan names
    hospitals: tuple[str, ...] = field(default=())


CITIES: tuple[City, ...] = (
    City(
        "620100",
        "兰州市",
        "甘01",
        "甘A",
        "0931",
        "兰",
        (
            "庆阳路",
            "张掖路",
            "西津西路",
            "南滨河东路",
            "东岗西路",
            "安宁西路",
            "北滨河中路",
            "金昌北路",
            "平凉路",
            "天水南路",
        ),
        ("兰州大学第一医院", "兰州大学第二医院", "甘肃省人民医院", "兰州市第一人民医院"),
    ),
    City(
        "620600",
        "武威市",
        "甘06",
        "甘H",
        "0935",
        "武",
        (
            "东大街",
            "西大街",
            "南大街",
            "北大街",
            "海藏路",
            "天马路",
            "祁连大道",
            "宣武街",
            "西关街",
            "东关街",
        ),
        ("武威市人民医院", "武威市凉州医院", "武威市中医医院", "武威肿瘤医院"),
    ),
    City(
        "620700",
        "张掖市",
        "甘07",
        "甘G",
        "0936",
        "张",
        (
            "县府街",
            "甘泉路",
            "北环路",
            "南环路",
            "青年西街",
            "马神庙街",
            "长沙门路",
            "东环路",
            "西环路",
            "环城南路",
        ),
        ("张掖市人民医院", "张掖市甘州区人民医院", "张掖市中医医院", "河西学院附属张掖人民医院"),
    ),
)

COUNTIES: tuple[County, ...] = (
    County(
        "620102",
        "城关区",
        "620100",
        "城",
        True,
        ("酒泉路街道", "张掖路街道", "雁滩街道", "皋兰路街道", "东岗西路街道", "青白石街道"),
    ),
    County(
        "620103",
        "七里河区",
        "620100",
        "七",
        True,
        ("西园街道", "西湖街道", "敦煌路街道", "西站街道", "彭家坪镇", "阿干镇"),
    ),
    County(
        "620104",
        "西固区",
        "620100",
        "西",
        True,
        ("陈坪街道", "先锋路街道", "福利路街道", "西柳沟街道", "河口镇", "达川镇"),
    ),
    County(
        "620105",
        "安宁区",
        "620100",
        "安",
        True,
        ("培黎街道", "西路街道", "沙井驿街道", "十里店街道", "孔家崖街道", "刘家堡街道"),
    ),
    County(
        "620111",
        "红古区",
        "620100",
        "红",
        True,
        ("窑街街道", "海石湾镇", "花庄镇", "平安镇", "红古镇", "华龙街道"),
    ),
    County(
        "620121",
        "永登县",
        "620100",
        "永",
        False,
        ("城关镇", "红城镇", "中堡镇", "武胜驿镇", "河桥镇", "连城镇", "苦水镇"),
    ),
    County(
        "620122",
        "皋兰县",
        "620100",
        "皋",
        False,
        ("石洞镇", "忠和镇", "什川镇", "九合镇", "水阜镇", "黑石镇"),
    ),
    County(
        "620123",
        "榆中县",
        "620100",
        "榆",
        False,
        ("城关镇", "夏官营镇", "高崖镇", "金崖镇", "和平镇", "定远镇", "连搭镇"),
    ),
    County(
        "620602",
        "凉州区",
        "620600",
        "凉",
        True,
        (
            "东大街街道",
            "西大街街道",
            "黄羊镇",
            "武南镇",
            "清源镇",
            "永昌镇",
            "双城镇",
            "丰乐镇",
            "高坝镇",
            "金羊镇",
        ),
    ),
    County(
        "620621",
        "民勤县",
        "620600",
        "民",
        False,
        ("三雷镇", "东坝镇", "泉山镇", "西渠镇", "东湖镇", "收成镇", "薛百镇", "苏武镇"),
    ),
    County(
        "620622",
        "古浪县",
        "620600",
        "古",
        False,
        ("古浪镇", "土门镇", "大靖镇", "裴家营镇", "海子滩镇", "定宁镇", "黄羊川镇"),
    ),
    County(
        "620623",
        "天祝藏族自治县",
        "620600",
        "天",
        False,
        ("华藏寺镇", "打柴沟镇", "安远镇", "炭山岭镇", "哈溪镇", "松山镇"),
        True,
    ),
    County(
        "620702",
        "甘州区",
        "620700",
        "甘",
        True,
        ("东街街道", "南街街道", "西街街道", "北街街道", "梁家墩镇", "上秦镇", "大满镇", "党寨镇", "碱滩镇"),
    ),
    County(
        "620721",
        "肃南裕固族自治县",
        "620700",
        "肃",
        False,
        ("红湾寺镇", "皇城镇", "康乐镇", "马蹄藏族乡"),
        True,
    ),
    County(
        "620722",
        "民乐县",
        "620700",
        "乐",
        False,
        ("洪水镇", "六坝镇", "新天镇", "南古镇", "永固镇", "三堡镇"),
    ),
    County(
        "620723",
        "临泽县",
        "620700",
        "临",
        False,
        ("沙河镇", "新华镇", "蓼泉镇", "平川镇", "板桥镇", "鸭暖镇"),
    ),
    County(
        "620724",
        "高台县",
        "620700",
        "高",
        False,
        ("城关镇", "宣化镇", "南华镇", "巷道镇", "合黎镇", "骆驼城镇"),
    ),
    County(
        "620725",
        "山丹县",
        "620700",
        "山",
        False,
        ("清泉镇", "位奇镇", "霍城镇", "陈户镇", "大马营镇", "东乐镇"),
    ),
)

CITY_BY_CODE: dict[str, City] = {c.code: c for c in CITIES}
COUNTY_BY_CODE: dict[str, County] = {c.code: c for c in COUNTIES}

# How many residents (and so petitions) each county has, relative to the others.
COUNTY_WEIGHT: dict[str, float] = {
    "620102": 9.0,
    "620103": 6.0,
    "620104": 3.5,
    "620105": 3.0,
    "620111": 1.5,
    "620121": 4.0,
    "620122": 1.4,
    "620123": 4.2,
    "620602": 9.5,
    "620621": 2.3,
    "620622": 3.3,
    "620623": 1.7,
    "620702": 5.0,
    "620721": 0.4,
    "620722": 2.0,
    "620723": 1.3,
    "620724": 1.4,
    "620725": 1.6,
}

VILLAGES = (
    "新庄",
    "河东",
    "河西",
    "红星",
    "中坝",
    "西沟",
    "王家庄",
    "沙河",
    "黄花滩",
    "五星",
    "光明",
    "团结",
    "胜利",
    "马家湾",
    "杨家坝",
    "李家寨",
    "下双",
    "上坝",
    "大河",
    "水磨",
    "南湖",
    "北沙窝",
    "东湖",
    "柳林",
    "槐树",
    "新华",
    "先锋",
    "永丰",
    "三墩",
    "红柳",
)

# Vehicle plate letters and road names for traffic accidents.
ROADS = ("G30连霍高速", "G312国道", "G227国道", "S211省道", "北环路", "南环路", "县乡公路", "村道")
