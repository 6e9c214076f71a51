"""Text fragments from which the demo petitions are composed.

Every petition belongs to a *topic* (不服民事判决, 执行难, 公安不立案 …). A topic says which system is responsible,
how the original case looks (its *pattern*: the courts and instances, or the police or procuratorate decision)
and gives several variants of the title, the demands and each paragraph of the facts. The generator picks one
variant of each and fills the ``{slots}`` from a context of people, places, dates, amounts, courts and case
numbers drawn for that petition; ``CONTEXT_KEYS`` lists every slot a template may use.
"""

from dataclasses import dataclass, field

CONTEXT_KEYS = (
    "name",  # the (first) petitioner
    "gender_word",  # 男 / 女
    "age",
    "addr_short",  # 凉州区黄羊镇新庄村 / 甘州区县府街
    "city",
    "county",
    "county_full",  # 武威市凉州区 / 民勤县
    "town",
    "village",
    "opp",  # the other party, a person
    "opp2",
    "company",  # the other party, a company
    "amount",  # the main sum in dispute
    "amount2",  # a smaller sum (paid part, costs)
    "date1",  # four dates before registration, in this order
    "date2",
    "date3",
    "date4",
    "court1",  # the basic court, the intermediate court and the high court
    "court2",
    "court3",
    "case1",  # case numbers of the first, second and third proceedings
    "case2",
    "case3",
    "case_no",  # the case number the petition is about
    "judge",
    "police",  # the county police (bureau or district 分局)
    "station",  # the police station of the petitioner's town
    "proc",  # the county procuratorate
    "proc_city",
    "justice",  # the county justice bureau
    "detention",  # the county detention house
    "govt",  # the county government
    "town_govt",
    "cause",  # 案由
    "crime",  # 罪名
    "relative",  # 儿子 / 丈夫 …
    "hospital",
    "plate",
    "road",
    "injury",
    "project",
    "area",  # 亩
    "house_area",  # 平方米
    "workers",
    "years",
    "months",
    "law_firm",
    "lawyer",
    "orig",  # the original handling unit
    "reg_unit",  # the unit that registers the petition
    "hotline",
    "superior",
    "leader_title",
    "bureau",
    "hardship",
    "group_size",
    "prev_date",
    "prev_unit",
)


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    weight: float
    systems: tuple[tuple[str, float], ...]  # responsible system → weight
    problem: str  # ProblemCategory
    category: str  # CaseCategory
    pattern: str  # how the original case looks, see generator.CasePlanner
    titles: tuple[str, ...]
    demands: tuple[str, ...]
    background: tuple[str, ...]
    process: tuple[str, ...]
    grievance: tuple[str, ...]
    causes: tuple[str, ...] = ()
    crimes: tuple[str, ...] = ()
    tags: tuple[tuple[str, float], ...] = ()  # tag → probability
    amount: tuple[int, int] = (20_000, 300_000)
    group_rate: float = 0.0  # share of group petitions (集体访) for this topic
    before_judgment_rate: float = 0.0  # share petitioned before judgment (未判先访)
    extra: dict = field(default_factory=dict)


TOPICS: tuple[Topic, ...] = (
    Topic(
        key="civil_judgment",
        label="不服民事判决",
        weight=14,
        systems=(("court", 1),),
        problem="judgment",
        category="civil",
        pattern="civil2",
        causes=(
            "买卖合同纠纷",
            "建设工程施工合同纠纷",
            "房屋买卖合同纠纷",
            "房屋租赁合同纠纷",
            "相邻关系纠纷",
            "排除妨害纠纷",
            "承揽合同纠纷",
            "合伙合同纠纷",
            "财产损害赔偿纠纷",
            "健康权纠纷",
            "物权确认纠纷",
            "宅基地使用权纠纷",
        ),
        titles=(
            "{name}不服{court2}{case2}民事判决，申请再审",
            "反映{court1}审理的{cause}一案判决不公",
            "{name}反映与{opp}{cause}一案认定事实错误",
            "不服{cause}二审判决，要求依法纠正",
            "{name}反映法院对其与{company}{cause}案件枉法裁判",
        ),
        demands=(
            "依法启动再审程序，撤销{case2}民事判决",
            "对{case1}、{case2}案件重新审理，公正判决",
            "判令对方返还{amount}并赔偿损失",
            "调查承办法官{judge}在审理中偏袒对方的问题",
            "对鉴定意见重新组织鉴定",
            "给予书面答复",
        ),
        background=(
            "{date1}，{name}与{opp}因{cause}诉至{court1}，案号{case1}。",
            "{name}与{company}之间发生{cause}，涉及款项{amount}，{date1}{name}向{court1}提起诉讼。",
            "{name}家住{addr_short}，{years}年前与{opp}发生{cause}，双方协商未果后诉至{court1}（{case1}）。",
        ),
        process=(
            "{court1}于{date2}作出一审判决，{name}不服上诉，{court2}于{date3}作出{case2}民事判决，驳回上诉、维持原判。",
            "一审判决后双方均提起上诉，{court2}以{case2}判决改判，{name}认为改判没有事实依据。",
            "二审期间{name}提交了新证据，{court2}未予采纳，于{date3}判决驳回其上诉。",
        ),
        grievance=(
            "{name}认为法院采信对方伪造的收条，认定事实错误，适用法律不当。",
            "{name}称承办法官{judge}与对方代理人关系密切，庭审中不让其充分发言，判决明显偏向对方。",
            "{name}认为鉴定机构未到现场勘验即出具鉴定意见，法院据此判决不公。",
            "{name}称判决送达后才发现关键证据未经质证，程序违法。",
        ),
    ),
    Topic(
        key="enforcement_slow",
        label="执行难/执行款不到位",
        weight=13,
        systems=(("court", 1),),
        problem="enforcement",
        category="enforcement",
        pattern="enforce",
        causes=(
            "民间借贷纠纷",
            "买卖合同纠纷",
            "劳务合同纠纷",
            "机动车交通事故责任纠纷",
            "建设工程施工合同纠纷",
        ),
        tags=(("执行难", 0.95),),
        titles=(
            "{name}反映{court1}{case_no}案件执行不力",
            "反映生效判决{years}年未执行到位",
            "{name}反映执行款{amount}迟迟未发放",
            "{name}要求{court1}加大对{opp}的执行力度",
            "反映{cause}案件执行难，申请执行人生活困难",
        ),
        demands=(
            "尽快执行到位{amount}及利息",
            "对被执行人{opp}采取拘留、限制高消费等强制措施",
            "查明已扣划执行款的去向并发放给申请执行人",
            "恢复执行{case_no}案件",
            "追究执行法官消极执行的责任",
            "对转移财产的行为依法追究拒执罪责任",
        ),
        background=(
            "{name}与{opp}{cause}一案，{court1}于{date1}作出{case1}民事判决，判令{opp}支付{amount}。",
            "{date1}，{court1}判决{company}向{name}支付{amount}，判决已生效。",
            "{name}在{court1}胜诉，{case1}判决书确定对方应给付{amount}。",
        ),
        process=(
            "因对方拒不履行，{name}于{date2}申请强制执行，案号{case_no}。{date3}法院以“暂未发现可供执行财产”为由终结本次执行程序。",
            "立案执行后，法院仅扣划到{amount2}，余款至今未执行，执行法官多次更换。",
            "执行过程中法院已冻结对方账户，但{date3}又予解冻，对方随即转移了财产。",
        ),
        grievance=(
            "{name}反映被执行人{opp}开着新车、住着新房，却被认定无财产可供执行。",
            "{name}称已扣划的执行款在法院账户滞留{months}个月未发放。",
            "{name}多次到法院询问，执行法官均称“正在办”，一直没有结果。",
            "{name}认为法院消极执行，致使其合法权益长期得不到实现。",
        ),
    ),
    Topic(
        key="enforcement_wrong",
        label="执行行为违法",
        weight=3,
        systems=(("court", 1),),
        problem="enforcement",
        category="enforcement",
        pattern="enforce",
        causes=("民间借贷纠纷", "买卖合同纠纷", "金融借款合同纠纷", "建设工程施工合同纠纷"),
        titles=(
            "{name}反映{court1}超标的查封其房产",
            "反映{court1}在{case_no}案件中错误执行案外人财产",
            "{name}对{court1}执行异议裁定不服",
        ),
        demands=(
            "解除对其房屋及车辆的查封",
            "撤销{case_no}执行裁定，返还被扣划的{amount2}",
            "赔偿因错误执行造成的损失",
            "依法审查其提出的执行异议",
        ),
        background=(
            "{court1}在执行{opp}与{company}{cause}一案（{case_no}）中，于{date2}查封了{name}名下的住房。",
            "{name}称其并非{case1}案件当事人，{court1}执行时却冻结了其银行账户。",
        ),
        process=(
            "{name}于{date3}提出执行异议，法院裁定驳回。",
            "{name}多次提交房屋买卖合同和付款凭证，执行法官不予理会，拟对房屋进行拍卖。",
        ),
        grievance=(
            "{name}认为查封财产价值远超执行标的，属超标的查封。",
            "{name}称其一家老小只有这一套住房，拍卖后将无处居住。",
        ),
    ),
    Topic(
        key="trial_delay",
        label="案件久拖不决",
        weight=3,
        systems=(("court", 1),),
        problem="delay",
        category="civil",
        pattern="civil1",
        causes=("建设工程施工合同纠纷", "民间借贷纠纷", "继承纠纷", "土地承包经营权纠纷", "房屋买卖合同纠纷"),
        before_judgment_rate=1.0,
        titles=(
            "{name}反映{court1}{cause}案件超审限未判",
            "反映{case1}案件立案{months}个月未开庭",
            "{name}要求{court1}尽快审结其{cause}案件",
        ),
        demands=("尽快开庭审理并依法判决", "说明案件超期未结的原因", "对承办法官拖延办案的问题进行调查"),
        background=(
            "{date1}，{name}就与{opp}的{cause}向{court1}起诉，案号{case1}。",
            "{name}于{date1}向{court1}提起{cause}诉讼，已缴纳诉讼费{amount2}。",
        ),
        process=(
            "立案后法院以需要鉴定为由中止审理，鉴定意见于{date3}作出，但至今仍未恢复审理。",
            "案件先后开庭两次，承办法官更换三人，至今未作出判决。",
        ),
        grievance=(
            "{name}认为法院严重超审限，致使其损失不断扩大。",
            "{name}称多次打电话询问，法官均以“案多人少”推脱。",
        ),
    ),
    Topic(
        key="police_no_case",
        label="公安不立案（侵财）",
        weight=3.5,
        systems=(("police", 1),),
        problem="police",
        category="criminal",
        pattern="police_crim",
        crimes=("诈骗", "合同诈骗", "职务侵占"),
        titles=(
            "{name}反映{police}对其被{crime}案件不予立案",
            "反映{station}对{crime}报案不作为",
            "{name}不服{police}不予立案决定",
            "{name}反映被{opp}{crime}{amount}后公安机关推诿不立案",
        ),
        demands=(
            "依法立案侦查，追究{opp}的刑事责任",
            "撤销{case_no}不予立案通知",
            "追回被骗的{amount}",
            "对{station}民警不作为问题进行调查处理",
        ),
        background=(
            "{date1}，{name}被{opp}以合作经营为名骗走{amount}。",
            "{date1}，{opp}以帮助{name}的{relative}安排工作为由，先后收取{name}{amount}，事后一直未办成也不退钱。",
            "{name}称{date1}其存放在{town}的建材被{opp}以“代为销售”为名拉走变卖，价值约{amount}。",
        ),
        process=(
            "{name}当即向{station}报案，{police}于{date2}作出{case_no}不予立案通知书，认为属经济纠纷。",
            "{name}报案后派出所仅做了询问笔录，{months}个月后口头告知“不构成犯罪”。",
            "{police}于{date2}作出不予立案决定（{case_no}），{name}申请复议，{date3}复议决定维持。",
        ),
        grievance=(
            "{name}认为{opp}虚构事实骗取钱财，明显构成犯罪，公安机关以民事纠纷为由推诿。",
            "{name}称{opp}的亲属在当地有关系，民警有意包庇。",
            "{name}曾向{proc}申请立案监督，至今未得到答复。",
        ),
    ),
    Topic(
        key="police_no_case_assault",
        label="公安不立案（伤害）",
        weight=2.5,
        systems=(("police", 1),),
        problem="police",
        category="criminal",
        pattern="police_crim",
        crimes=("故意伤害", "故意毁坏财物"),
        titles=(
            "{name}反映{police}对其被殴打一事不予立案",
            "反映{station}对打人者{opp}处理不公",
            "{name}不服{police}不予立案决定，要求追究{opp}刑事责任",
        ),
        demands=(
            "以{crime}立案侦查，追究{opp}的刑事责任",
            "撤销{case_no}不予立案通知",
            "赔偿医疗费、误工费{amount2}",
            "重新进行伤情鉴定",
        ),
        background=(
            "{date1}晚，{name}在{village}家门口与{opp}发生冲突，{opp}等人将其打伤并砸毁其车辆，经鉴定为{injury}。",
            "{date1}，{name}的{relative}因浇地用水与{opp}发生争执，被{opp}用铁锹打伤，经鉴定为{injury}。",
        ),
        process=(
            "{name}当即报警，{station}出警后只作治安案件处理，{police}于{date2}作出{case_no}不予立案通知书。",
            "{name}对伤情鉴定有异议申请重新鉴定，{police}不予准许，并于{date3}决定不予立案。",
        ),
        grievance=(
            "{name}认为{opp}下手凶狠、致人受伤，应当追究刑事责任，公安机关以罚代刑。",
            "{name}称{opp}至今未赔偿分文，还扬言“再闹还打”。",
            "{name}曾向{proc}申请立案监督，至今未得到答复。",
        ),
    ),
    Topic(
        key="police_slow",
        label="久侦不结",
        weight=4,
        systems=(("police", 1),),
        problem="delay",
        category="criminal",
        pattern="police_crim",
        crimes=("故意伤害", "诈骗", "盗窃", "敲诈勒索", "抢劫"),
        titles=(
            "{name}反映{police}立案后{years}年未破案",
            "反映{crime}案件久侦不结",
            "{name}要求{police}尽快抓获犯罪嫌疑人{opp}",
        ),
        demands=(
            "尽快侦查终结并移送审查起诉",
            "抓获在逃犯罪嫌疑人{opp}",
            "告知案件侦查进展",
            "依法追究{opp}的刑事责任",
        ),
        background=(
            "{date1}，{name}的{relative}被{opp}{crime}，{police}于{date2}立案侦查（{case_no}）。",
            "{name}被{opp}{crime}一案，{police}已于{date2}立案（{case_no}），涉案金额{amount}。",
        ),
        process=(
            "立案至今已{years}年多，犯罪嫌疑人{opp}一直未到案。",
            "公安机关曾对{opp}取保候审，取保期满后未采取任何措施。",
            "办案民警多次更换，{name}每次询问都被告知“正在侦查”。",
        ),
        grievance=(
            "{name}认为公安机关立而不侦，案件久拖不决。",
            "{name}称嫌疑人{opp}就在本地做生意，公安却说找不到人。",
        ),
    ),
    Topic(
        key="police_admin",
        label="不服治安处罚",
        weight=3,
        systems=(("police", 1),),
        problem="police",
        category="administrative",
        pattern="police_admin",
        titles=(
            "{name}不服{police}行政拘留决定",
            "反映{station}处理邻里纠纷不公",
            "{name}反映民警执法过程中态度恶劣、处罚不公",
        ),
        demands=(
            "撤销{case_no}行政处罚决定",
            "赔偿被错误拘留期间的损失",
            "对办案民警违规执法的问题进行调查",
            "对打人者{opp}依法处理",
        ),
        background=(
            "{date1}，{name}与邻居{opp}因宅基地界线发生争执，双方互有推搡。",
            "{date1}，{name}在{town}集市上与{opp}发生口角，{station}民警出警处理。",
        ),
        process=(
            "{police}于{date2}作出{case_no}行政处罚决定，对{name}行政拘留十日，对{opp}仅罚款五百元。",
            "{station}调解未成，{date2}对{name}作出罚款处罚，{name}申请复议被维持。",
        ),
        grievance=(
            "{name}认为自己是受害方，处罚颠倒是非。",
            "{name}称民警未调取现场监控，仅凭对方一面之词作出处罚。",
        ),
    ),
    Topic(
        key="detention_injury",
        label="看守所羁押期间受伤",
        weight=1.5,
        systems=(("police", 1),),
        problem="detention",
        category="criminal",
        pattern="detention",
        crimes=("盗窃", "故意伤害", "寻衅滋事", "诈骗", "危险驾驶"),
        tags=(("涉法人员羁押", 1.0),),
        titles=(
            "{name}反映其{relative}在{detention}羁押期间受伤",
            "反映{detention}监管不力致在押人员受伤",
            "{name}要求查明其{relative}在看守所受伤原因",
        ),
        demands=(
            "调取监控录像，查明受伤原因",
            "追究监管民警和打人者的责任",
            "承担全部医疗费用{amount2}并赔偿损失",
            "为其{relative}办理取保候审就医",
        ),
        background=(
            "{name}的{relative}因涉嫌{crime}于{date1}被刑事拘留，羁押于{detention}。",
            "{date1}，{name}的{relative}因涉嫌{crime}被{police}羁押。",
        ),
        process=(
            "{date2}，家属接到通知称其在监室内摔伤，送{hospital}检查为{injury}。",
            "羁押期间其{relative}被同监室人员殴打，会见时发现其身上多处淤青。",
        ),
        grievance=(
            "{name}认为看守所监管失职，至今未给家属合理解释。",
            "{name}多次要求查看监控，看守所称监控已被覆盖。",
        ),
    ),
    Topic(
        key="lawyer_meeting",
        label="律师会见受阻",
        weight=0.8,
        systems=(("police", 1),),
        problem="lawyer",
        category="criminal",
        pattern="detention",
        crimes=("诈骗", "非法吸收公众存款", "职务侵占", "故意伤害"),
        tags=(("涉法人员羁押", 0.7),),
        titles=(
            "{law_firm}律师{lawyer}反映在{detention}会见受阻",
            "反映办案机关以案情重大为由拒绝律师会见",
            "{name}反映其委托的律师无法会见在押亲属",
        ),
        demands=(
            "依法安排律师会见",
            "纠正办案机关违法限制会见的行为",
            "对看守所有关人员进行批评教育",
        ),
        background=(
            "{name}的{relative}因涉嫌{crime}于{date1}被羁押于{detention}，家属委托{law_firm}律师{lawyer}为其辩护。",
            "{date1}，{name}委托{law_firm}{lawyer}律师担任其{relative}的辩护人。",
        ),
        process=(
            "{lawyer}律师持“三证”于{date2}、{date3}两次到看守所要求会见，均被告知需经办案单位同意。",
            "看守所以“会见室已满”为由让律师排队，连续一周未能会见。",
        ),
        grievance=(
            "{name}认为该案并非危害国家安全等需许可会见的案件，拒绝会见违反刑事诉讼法规定。",
            "{lawyer}律师称向{proc}反映后仍未解决。",
        ),
    ),
    Topic(
        key="state_compensation",
        label="国家赔偿",
        weight=1.5,
        systems=(("court", 0.5), ("police", 0.35), ("procuratorate", 0.15)),
        problem="compensation",
        category="state_compensation",
        pattern="statecomp",
        crimes=("诈骗", "故意伤害", "盗窃", "非法经营"),
        amount=(30_000, 600_000),
        titles=(
            "{name}申请国家赔偿，要求赔偿被错误羁押期间损失",
            "{name}不服{court2}赔偿委员会决定",
            "反映错误拘留后国家赔偿金额过低",
        ),
        demands=(
            "依法赔偿被羁押{months}个月的人身自由赔偿金",
            "赔偿精神损害抚慰金{amount2}",
            "为其消除影响、恢复名誉、赔礼道歉",
            "撤销{case_no}决定，重新作出赔偿决定",
        ),
        background=(
            "{date1}，{name}因涉嫌{crime}被{police}刑事拘留，后被逮捕。",
            "{name}曾因涉嫌{crime}被羁押{months}个月，{date2}检察机关作出不起诉决定。",
        ),
        process=(
            "{name}于{date3}申请国家赔偿，赔偿义务机关仅决定赔偿{amount2}。",
            "{name}向{court2}赔偿委员会申请作出赔偿决定，{date4}决定（{case_no}）维持原决定。",
        ),
        grievance=(
            "{name}认为赔偿未包括其经营损失和精神损害，明显过低。",
            "{name}称被羁押期间生意停顿、妻子离家，损失巨大。",
        ),
    ),
    Topic(
        key="proc_civil_supervision",
        label="检察院不抗诉",
        weight=3,
        systems=(("procuratorate", 1),),
        problem="prosecution",
        category="civil",
        pattern="proc_civil",
        causes=(
            "民间借贷纠纷",
            "建设工程施工合同纠纷",
            "买卖合同纠纷",
            "房屋买卖合同纠纷",
            "土地承包经营权纠纷",
        ),
        titles=(
            "{name}不服{proc_city}不支持监督申请决定",
            "反映检察院对其{cause}案件不予抗诉",
            "{name}要求检察机关对{case2}判决提出抗诉",
        ),
        demands=(
            "依法对{case2}民事判决提出抗诉",
            "撤销{case_no}不支持监督申请决定",
            "对审判人员违法行为进行监督",
        ),
        background=(
            "{name}与{opp}{cause}一案，经{court1}一审（{case1}）、{court2}二审（{case2}），{name}败诉。",
            "{name}因{cause}起诉{company}，法院终审判决驳回其诉讼请求（{case2}）。",
        ),
        process=(
            "{name}向{court3}申请再审被驳回后，于{date4}向{proc_city}申请监督，检察院作出{case_no}不支持监督申请决定。",
            "{name}申请检察监督后，检察院仅听取了一次意见便作出不支持监督申请的决定。",
        ),
        grievance=(
            "{name}认为检察院审查流于形式，未调阅法院卷宗。",
            "{name}称新证据足以推翻原判决，检察院却不予采信。",
        ),
    ),
    Topic(
        key="proc_no_prosecution",
        label="不服不起诉决定",
        weight=2,
        systems=(("procuratorate", 1),),
        problem="prosecution",
        category="criminal",
        pattern="proc_crim",
        crimes=("故意伤害", "交通肇事", "诈骗", "重婚", "故意毁坏财物"),
        titles=(
            "{name}不服{proc}对{opp}的不起诉决定",
            "反映检察院对{crime}案件犯罪嫌疑人不起诉",
            "{name}要求对打伤其{relative}的{opp}提起公诉",
        ),
        demands=(
            "撤销{case_no}不起诉决定，依法提起公诉",
            "追究{opp}的刑事责任",
            "赔偿医疗费、误工费等损失{amount}",
        ),
        background=(
            "{date1}，{opp}因琐事将{name}的{relative}打伤，经鉴定为{injury}。",
            "{name}的{relative}在{road}被{opp}驾车撞伤，{opp}涉嫌{crime}。",
        ),
        process=(
            "{police}侦查终结后移送审查起诉，{proc}于{date3}作出{case_no}不起诉决定。",
            "检察院认为犯罪情节轻微，作出相对不起诉决定，{name}申诉后被维持。",
        ),
        grievance=(
            "{name}认为{opp}至今未赔偿分文，也未道歉，不起诉决定放纵犯罪。",
            "{name}称不起诉决定书送达时未告知其申诉权利。",
        ),
    ),
    Topic(
        key="labour",
        label="劳动争议",
        weight=5,
        systems=(("court", 1),),
        problem="judgment",
        category="civil",
        pattern="civil2",
        causes=("劳动争议", "追索劳动报酬纠纷", "工伤保险待遇纠纷", "确认劳动关系纠纷", "经济补偿金纠纷"),
        tags=(("劳务纠纷", 0.9),),
        amount=(8_000, 160_000),
        titles=(
            "{name}反映与{company}劳动争议案件判决不公",
            "{name}不服工伤待遇纠纷判决",
            "反映法院未认定其与用人单位存在劳动关系",
        ),
        demands=(
            "确认与{company}存在劳动关系",
            "判令单位支付工伤待遇{amount}",
            "补发拖欠的工资和经济补偿金",
            "撤销{case2}判决，重新审理",
        ),
        background=(
            "{name}自{date1}起在{company}工作，未签订书面劳动合同。",
            "{date1}，{name}在{company}施工现场受伤，经鉴定为九级伤残。",
        ),
        process=(
            "劳动仲裁后{name}起诉至{court1}（{case1}），法院仅支持了{amount2}；二审{case2}维持原判。",
            "{court1}以证据不足为由驳回其诉讼请求，{court2}二审维持。",
        ),
        grievance=(
            "{name}认为工友证言和考勤照片足以证明劳动关系，法院不予采信。",
            "{name}称单位伪造了解除劳动合同通知书。",
        ),
    ),
    Topic(
        key="migrant_wages",
        label="拖欠农民工工资",
        weight=4,
        systems=(("court", 0.7), ("police", 0.3)),
        problem="enforcement",
        category="enforcement",
        pattern="enforce",
        causes=("劳务合同纠纷", "追索劳动报酬纠纷", "建设工程施工合同纠纷"),
        tags=(("劳务纠纷", 0.9), ("农民工工资", 0.9)),
        amount=(20_000, 900_000),
        group_rate=0.35,
        titles=(
            "{name}等{group_size}名农民工反映{company}拖欠工资",
            "反映{project}工程款和农民工工资长期未付",
            "{name}反映包工头{opp}拖欠{workers}名工人工资{amount}",
        ),
        demands=(
            "尽快支付拖欠的工资{amount}",
            "对拒不支付劳动报酬的{opp}依法追究刑事责任",
            "执行已生效的{case1}判决",
            "由总承包单位先行垫付工资",
        ),
        background=(
            "{date1}至{date2}，{name}等{workers}人在{company}承建的{project}务工。",
            "{name}等人受包工头{opp}雇佣，在{town}从事{project}施工，工期{months}个月。",
        ),
        process=(
            "工程完工后{opp}以甲方未结算为由拒付工资，{name}等人起诉后{court1}判决支持（{case1}），但执行无果（{case_no}）。",
            "{name}等人多次向劳动监察部门投诉，{company}只支付了{amount2}。",
        ),
        grievance=(
            "临近年关，{name}等人家中老小等着工资过年，情绪激动。",
            "{name}称{opp}已将工程款转移，人也联系不上。",
        ),
    ),
    Topic(
        key="land_compensation",
        label="征地补偿",
        weight=4,
        systems=(("court", 1),),
        problem="judgment",
        category="administrative",
        pattern="admin",
        causes=("土地征收补偿纠纷", "行政强制", "土地行政登记", "行政赔偿"),
        tags=(("征地", 1.0),),
        amount=(40_000, 800_000),
        group_rate=0.25,
        titles=(
            "{name}等反映{village}征地补偿标准过低",
            "{name}不服征地补偿行政案件判决",
            "反映{govt}征收{village}土地补偿款未足额发放",
        ),
        demands=(
            "按新标准足额发放征地补偿款{amount}",
            "公开征地批复和补偿款发放明细",
            "撤销{case2}行政判决",
            "解决失地农民养老保险",
        ),
        background=(
            "{date1}，{govt}因{project}建设征收{village}集体土地一百余亩，其中{name}家承包地{area}亩。",
            "{name}所在的{village}于{date1}被纳入征收范围，补偿标准为每亩{amount2}。",
        ),
        process=(
            "{name}起诉{govt}，{court2}于{date3}作出{case2}行政判决，驳回其诉讼请求。",
            "{name}等人申请行政复议被维持后提起行政诉讼，法院以超过起诉期限为由裁定驳回。",
        ),
        grievance=(
            "{name}称补偿款被村干部截留，实际到手不足一半。",
            "{name}认为征地程序违法，未依法公告也未听证。",
        ),
    ),
    Topic(
        key="demolition",
        label="房屋征收拆迁补偿",
        weight=3,
        systems=(("court", 1),),
        problem="judgment",
        category="administrative",
        pattern="admin",
        causes=("房屋征收补偿决定", "行政强制", "行政赔偿"),
        tags=(("拆迁", 1.0), ("房地产", 0.2)),
        amount=(80_000, 1_500_000),
        group_rate=0.15,
        titles=(
            "{name}反映{town}棚户区改造中房屋被强拆",
            "{name}不服房屋征收补偿决定案判决",
            "反映{govt}拆迁安置房至今未交付",
        ),
        demands=(
            "按市场价重新评估补偿{house_area}平方米房屋",
            "赔偿强拆造成的室内物品损失{amount2}",
            "尽快交付安置房",
            "确认强制拆除行为违法",
        ),
        background=(
            "{name}在{addr_short}有房屋{house_area}平方米，{date1}被列入旧城改造征收范围。",
            "{date1}，{govt}作出房屋征收决定，{name}家的住房在征收范围内。",
        ),
        process=(
            "因补偿未谈妥，{date2}凌晨其房屋被强制拆除。{name}起诉后{court2}判决（{case2}）确认违法但未判赔偿。",
            "{name}对补偿决定不服提起诉讼，{court2}于{date3}驳回其诉讼请求。",
        ),
        grievance=(
            "{name}称评估公司未入户评估，评估价远低于周边房价。",
            "{name}一家已在外租房{years}年，安置房仍未建成。",
        ),
    ),
    Topic(
        key="traffic_accident",
        label="交通事故赔偿",
        weight=5,
        systems=(("court", 0.8), ("police", 0.2)),
        problem="judgment",
        category="civil",
        pattern="civil2",
        causes=("机动车交通事故责任纠纷",),
        tags=(("交通事故", 1.0),),
        amount=(30_000, 900_000),
        titles=(
            "{name}反映交通事故赔偿案件判决不公",
            "{name}不服交警部门作出的事故责任认定",
            "反映肇事车辆{plate}车主{opp}拒不赔偿",
        ),
        demands=(
            "重新认定事故责任",
            "判令保险公司和车主赔偿{amount}",
            "追究肇事司机{opp}的刑事责任",
            "执行赔偿款并给予司法救助",
        ),
        background=(
            "{date1}，{name}的{relative}在{road}{county}段被{opp}驾驶的{plate}号车辆撞伤，造成{injury}。",
            "{date1}，{name}驾驶电动车在{town}附近与{plate}号货车相撞，{name}受伤住院{months}个月。",
        ),
        process=(
            "交警部门认定双方同等责任，{name}起诉后{court1}判决赔偿{amount2}（{case1}），二审维持（{case2}）。",
            "{court1}以{name}未佩戴头盔为由减轻对方赔偿责任，{court2}二审维持原判。",
        ),
        grievance=(
            "{name}认为事故认定未考虑对方超速，责任划分不公。",
            "{name}称已花去医疗费{amount2}，后续治疗无钱继续。",
        ),
    ),
    Topic(
        key="private_loan",
        label="民间借贷",
        weight=6,
        systems=(("court", 1),),
        problem="judgment",
        category="civil",
        pattern="civil2",
        causes=("民间借贷纠纷",),
        tags=(("民间借贷", 1.0),),
        amount=(20_000, 800_000),
        titles=(
            "{name}反映与{opp}民间借贷纠纷案判决错误",
            "{name}称被“套路贷”，不服法院判决",
            "反映{court1}对借贷纠纷认定事实不清",
        ),
        demands=(
            "撤销{case2}判决，依法改判",
            "对“套路贷”行为移送公安机关侦查",
            "判令{opp}归还借款本金{amount}及利息",
            "核减超出法定上限的利息",
        ),
        background=(
            "{date1}，{opp}向{name}借款{amount}，约定月息一分五，出具借条一张。",
            "{date1}，{name}因资金周转向{opp}借款{amount2}，借条上却写明{amount}。",
        ),
        process=(
            "到期后对方拒不归还，{name}起诉至{court1}（{case1}），法院以借条系复印件为由驳回；二审{case2}维持。",
            "{opp}起诉后{court1}判决{name}偿还{amount}，{name}上诉被驳回（{case2}）。",
        ),
        grievance=(
            "{name}认为银行转账记录足以证明借贷事实，法院认定错误。",
            "{name}称实际只借了{amount2}，其余是“砍头息”和虚增的债务。",
        ),
    ),
    Topic(
        key="divorce_property",
        label="离婚财产分割",
        weight=4,
        systems=(("court", 1),),
        problem="judgment",
        category="civil",
        pattern="civil2",
        causes=("离婚后财产纠纷", "离婚纠纷", "夫妻财产约定纠纷"),
        tags=(("婚姻家庭", 1.0),),
        amount=(30_000, 600_000),
        titles=(
            "{name}反映离婚案件财产分割不公",
            "{name}不服{court2}离婚后财产纠纷判决",
            "反映前夫（妻）{opp}隐匿转移共同财产",
        ),
        demands=(
            "重新分割夫妻共同财产",
            "查明{opp}转移的存款{amount}",
            "子女由其抚养，对方支付抚养费",
            "撤销{case2}判决",
        ),
        background=(
            "{name}与{opp}于{years}年前结婚，婚后共同购置住房一套、经营门店一间。",
            "{date1}，{name}与{opp}经{court1}判决离婚（{case1}）。",
        ),
        process=(
            "离婚时法院未对门店经营收入进行分割，{name}另诉后{court1}驳回，二审{case2}维持。",
            "判决将住房判归{opp}，仅由其补偿{name}{amount2}。",
        ),
        grievance=(
            "{name}认为{opp}在离婚前转移存款{amount}，法院未予查明。",
            "{name}称自己没有住处，带着孩子寄居在亲戚家。",
        ),
    ),
    Topic(
        key="child_support",
        label="抚养费与探望权",
        weight=2,
        systems=(("court", 1),),
        problem="enforcement",
        category="enforcement",
        pattern="enforce",
        causes=("抚养费纠纷", "探望权纠纷", "变更抚养关系纠纷"),
        tags=(("婚姻家庭", 1.0),),
        amount=(6_000, 80_000),
        titles=(
            "{name}反映前夫（妻）{opp}拒付抚养费，法院执行不力",
            "{name}反映法院判决的探望权无法实现",
            "反映抚养费纠纷判决{years}年未执行",
        ),
        demands=("执行拖欠的抚养费{amount}", "依法保障其探望子女的权利", "对拒不履行的{opp}采取强制措施"),
        background=(
            "{court1}于{date1}判决{opp}每月支付孩子抚养费{amount2}（{case1}）。",
            "{name}与{opp}离婚后，孩子随{opp}生活，判决确定{name}每月可探望两次。",
        ),
        process=(
            "{opp}自{date2}起停止支付，{name}申请执行（{case_no}）后仍未执行到位。",
            "{name}多次前往探望均被阻拦，申请强制执行后法院仅进行了一次说服教育。",
        ),
        grievance=(
            "{name}称孩子上学费用全靠自己打零工维持。",
            "{name}认为法院对拒不履行判决的行为听之任之。",
        ),
    ),
    Topic(
        key="medical_dispute",
        label="医疗纠纷",
        weight=2.5,
        systems=(("court", 1),),
        problem="judgment",
        category="civil",
        pattern="civil2",
        causes=("医疗损害责任纠纷",),
        tags=(("医疗纠纷", 1.0),),
        amount=(50_000, 1_000_000),
        titles=(
            "{name}反映其{relative}在{hospital}死亡医疗纠纷案判决不公",
            "{name}不服医疗损害责任纠纷判决",
            "反映医疗损害鉴定程序违法",
        ),
        demands=(
            "重新进行医疗损害鉴定",
            "判令{hospital}赔偿{amount}",
            "撤销{case2}判决",
            "追究相关医务人员责任",
        ),
        background=(
            "{date1}，{name}的{relative}因腹痛入住{hospital}，术后第三天死亡。",
            "{name}于{date1}在{hospital}行手术后出现{injury}。",
        ),
        process=(
            "{name}起诉后法院委托鉴定，鉴定意见为医院承担次要责任，{court1}判决赔偿{amount2}，二审{case2}维持。",
            "{court1}以鉴定意见“不构成医疗事故”为由驳回其诉讼请求。",
        ),
        grievance=("{name}认为病历被医院篡改，鉴定依据的材料不真实。", "{name}称鉴定人员未出庭接受质询。"),
    ),
    Topic(
        key="soe_reform",
        label="国企改制职工安置",
        weight=1.5,
        systems=(("court", 1),),
        problem="judgment",
        category="civil",
        pattern="civil2",
        causes=("劳动争议", "经济补偿金纠纷", "企业改制纠纷"),
        tags=(("国企改制", 1.0), ("劳务纠纷", 0.3)),
        amount=(20_000, 200_000),
        group_rate=0.4,
        titles=(
            "{name}等反映原{city}国营企业改制时职工安置不到位",
            "反映企业改制后身份置换金未足额发放",
            "{name}不服国企改制职工经济补偿纠纷判决",
        ),
        demands=(
            "补发身份置换金{amount}",
            "补缴改制前欠缴的养老保险",
            "公开企业改制方案和资产处置情况",
            "重新审理{case2}案件",
        ),
        background=(
            "{name}原系{city}某国营厂职工，工龄{years}年，{date1}企业改制时被买断工龄。",
            "{date1}，原国营企业改制为{company}，{name}等{workers}名职工被解除劳动关系。",
        ),
        process=(
            "{name}等人起诉后，{court1}以属于企业改制遗留问题、不属于法院受案范围为由裁定驳回（{case1}）。",
            "{name}起诉要求补发经济补偿，二审{case2}判决仅支持{amount2}。",
        ),
        grievance=("{name}称同厂职工补偿标准不一，改制不公开。", "{name}等人年老多病，养老金微薄。"),
    ),
    Topic(
        key="land_contract",
        label="土地承包经营权纠纷",
        weight=3,
        systems=(("court", 1),),
        problem="judgment",
        category="civil",
        pattern="civil2",
        causes=("土地承包经营权纠纷", "土地承包经营权确认纠纷", "农村土地承包合同纠纷"),
        tags=(("土地承包", 1.0),),
        amount=(10_000, 200_000),
        titles=(
            "{name}反映承包地被{village}村委会收回另行发包",
            "{name}不服土地承包经营权纠纷判决",
            "反映与{opp}承包地界线纠纷判决错误",
        ),
        demands=(
            "确认其对{area}亩承包地的经营权",
            "返还被占用的承包地",
            "赔偿{years}年的土地收益损失{amount}",
            "撤销{case2}判决",
        ),
        background=(
            "{name}家于二轮承包时承包{village}土地{area}亩，有承包经营权证。",
            "{date1}，{village}村委会以调整为名将{name}家{area}亩耕地发包给{opp}。",
        ),
        process=(
            "{name}起诉后{court1}判决驳回（{case1}），{court2}二审维持（{case2}）。",
            "法院认为属于农村集体经济组织内部事务，裁定不予受理。",
        ),
        grievance=("{name}认为判决未审查确权登记资料。", "{name}称{opp}是村干部的亲戚。"),
    ),
    Topic(
        key="criminal_judgment",
        label="不服刑事判决",
        weight=4,
        systems=(("court", 1),),
        problem="judgment",
        category="criminal",
        pattern="criminal_court",
        crimes=(
            "故意伤害罪",
            "盗窃罪",
            "诈骗罪",
            "交通肇事罪",
            "寻衅滋事罪",
            "非法吸收公众存款罪",
            "合同诈骗罪",
        ),
        titles=(
            "{name}为其{relative}申诉，认为{crime}判决量刑过重",
            "{name}不服{court2}刑事裁定，申请再审",
            "被害人家属{name}反映被告人{opp}判刑过轻",
        ),
        demands=(
            "对{case2}刑事判决依法再审改判",
            "宣告其{relative}无罪",
            "对被告人{opp}加重处罚并足额赔偿{amount}",
            "调取案发现场监控重新审查证据",
        ),
        background=(
            "{date1}，{name}的{relative}因涉嫌{crime}被{police}刑事拘留。",
            "{date1}，{opp}持刀将{name}的{relative}砍伤，造成{injury}。",
        ),
        process=(
            "{court1}于{date2}以{crime}判处有期徒刑{years}年（{case1}），二审{court2}裁定驳回上诉、维持原判（{case2}）。",
            "一审判处{opp}有期徒刑{years}年，附带民事部分仅判赔{amount2}，检察院未抗诉。",
        ),
        grievance=(
            "{name}认为定罪证据主要是口供，存在刑讯逼供。",
            "{name}称被告人至今未履行附带民事赔偿，判决形同虚设。",
            "{name}认为量刑明显不当，未考虑自首情节。",
        ),
    ),
    Topic(
        key="illegal_fundraising",
        label="非法集资退赔",
        weight=2,
        systems=(("police", 0.6), ("court", 0.4)),
        problem="enforcement",
        category="criminal",
        pattern="police_crim",
        crimes=("非法吸收公众存款", "集资诈骗"),
        tags=(("非法集资", 1.0), ("涉众型经济犯罪", 0.6)),
        amount=(30_000, 1_200_000),
        group_rate=0.45,
        titles=(
            "{name}等{group_size}名集资参与人反映{company}非法集资案退赔进展缓慢",
            "反映{company}非法吸收公众存款案赃款追缴不力",
            "{name}要求公布非法集资案涉案资产处置情况",
        ),
        demands=(
            "加快追赃挽损，尽快按比例清退{amount}",
            "公布涉案资产查封、处置情况",
            "追究为集资活动站台的公职人员责任",
        ),
        background=(
            "{date1}起，{company}以高额返利为诱饵向社会公众吸收资金，{name}先后投入{amount}。",
            "{name}经亲戚介绍于{date1}购买{company}“理财产品”{amount}，月息两分。",
        ),
        process=(
            "{date2}公司资金链断裂，{police}立案侦查（{case_no}），主犯{opp}被刑事拘留。",
            "案件已于{date3}判决，但至今只清退了{amount2}。",
        ),
        grievance=(
            "{name}称这是全家的养老钱，老伴因此一病不起。",
            "{name}等人认为公安机关查封的资产远不止公布的数额。",
        ),
    ),
    Topic(
        key="mediation",
        label="人民调解与法律服务",
        weight=1.5,
        systems=(("justice", 1),),
        problem="other",
        category="other",
        pattern="justice",
        titles=(
            "{name}反映{town}人民调解委员会调解不公",
            "反映经人民调解达成的协议对方不履行",
            "{name}对{justice}处理其投诉的答复不满",
        ),
        demands=("督促{opp}履行调解协议，支付{amount}", "重新组织调解", "对调解员违规行为进行处理"),
        background=(
            "{date1}，{name}与{opp}因{cause}在{town}人民调解委员会达成协议（{case_no}），约定{opp}赔偿{amount}。",
            "{name}与邻居{opp}因排水问题多次发生纠纷，{date1}经司法所调解。",
        ),
        process=(
            "协议达成后{opp}只支付了{amount2}便不再履行，{name}向{justice}反映未果。",
            "{name}申请司法确认时才发现调解协议内容与当时约定不一致。",
        ),
        grievance=("{name}认为调解员偏袒对方。", "{name}称司法所让其“去法院起诉”，推诿了事。"),
        causes=("相邻关系纠纷", "损害赔偿纠纷", "婚姻家庭纠纷", "土地纠纷"),
    ),
    Topic(
        key="legal_service",
        label="法律援助与司法鉴定",
        weight=1.2,
        systems=(("justice", 1),),
        problem="lawyer",
        category="other",
        pattern="justice",
        titles=(
            "{name}反映法律援助律师{lawyer}不尽职",
            "{name}反映司法鉴定机构出具虚假鉴定意见",
            "反映{law_firm}律师收费后未提供服务",
        ),
        demands=(
            "更换法律援助律师",
            "对鉴定机构和鉴定人进行调查处理",
            "退还代理费{amount2}",
            "吊销违规律师执业证",
        ),
        background=(
            "{date1}，{name}因{cause}向{justice}申请法律援助，指派{law_firm}{lawyer}律师承办。",
            "{date1}，{name}委托{law_firm}律师{lawyer}代理其{cause}案件，支付代理费{amount2}。",
        ),
        process=(
            "律师在开庭前从未与其见面，庭审中也未提交关键证据，导致败诉。",
            "{name}向{justice}投诉，{date3}答复称“未发现违规行为”。",
        ),
        grievance=("{name}认为司法行政部门对律师包庇。", "{name}称鉴定意见与医院诊断明显矛盾。"),
        causes=("劳动争议", "交通事故赔偿", "人身损害赔偿", "婚姻家庭纠纷"),
    ),
    Topic(
        key="community_correction",
        label="社区矫正",
        weight=0.6,
        systems=(("justice", 1),),
        problem="other",
        category="criminal",
        pattern="justice",
        titles=("{name}反映社区矫正期间外出务工请假不予批准", "{name}反映其{relative}社区矫正期间被违规收监"),
        demands=("批准其外出务工请假", "撤销收监执行建议", "规范社区矫正管理"),
        background=(
            "{name}的{relative}因{crime}被判处缓刑，{date1}起在{town}司法所接受社区矫正。",
            "{name}因{crime}被判处管制，在{county}接受社区矫正。",
        ),
        process=(
            "{date2}其申请赴外地务工，司法所以“需审批”为由拖延{months}个月不予答复。",
            "{date3}司法所以其未按时报到为由提请撤销缓刑。",
        ),
        grievance=("{name}称未按时报到是因为住院，有医院证明。", "{name}称一家生活全靠其务工收入。"),
        crimes=("危险驾驶罪", "盗窃罪", "故意伤害罪"),
    ),
    Topic(
        key="misconduct",
        label="举报政法干警违纪违法",
        weight=2,
        systems=(("court", 0.45), ("police", 0.4), ("procuratorate", 0.15)),
        problem="misconduct",
        category="other",
        pattern="misconduct",
        titles=(
            "{name}举报{orig}工作人员{opp2}收受当事人财物",
            "{name}反映{orig}干警办“关系案”“人情案”",
            "举报{orig}民警{opp2}违规插手经济纠纷",
        ),
        demands=(
            "对{opp2}的违纪违法问题进行调查",
            "将调查结果书面告知举报人",
            "纠正因违纪行为导致的错误处理结果",
        ),
        background=(
            "{name}称在其与{opp}的纠纷中，{orig}的{opp2}多次与{opp}一同吃饭。",
            "{date1}，{name}发现{opp2}在办理其案件期间收受{opp}所送购物卡。",
        ),
        process=(
            "{name}于{date2}向{orig}纪检组反映，至今没有回复。",
            "{name}提供了聊天记录和转账截图，有关部门称“查无实据”。",
        ),
        grievance=("{name}认为有关部门“护短”。", "{name}要求异地调查，以确保公正。"),
    ),
    Topic(
        key="judicial_aid",
        label="申请司法救助",
        weight=1.5,
        systems=(("court", 0.7), ("procuratorate", 0.3)),
        problem="compensation",
        category="criminal",
        pattern="criminal_court",
        crimes=("故意伤害罪", "交通肇事罪", "故意杀人罪"),
        tags=(("司法救助", 1.0),),
        amount=(20_000, 300_000),
        titles=(
            "{name}因被告人无力赔偿申请司法救助",
            "刑事案件被害人家属{name}生活困难申请救助",
            "{name}反映刑事附带民事判决无法执行，请求司法救助",
        ),
        demands=("给予司法救助", "帮助解决其{relative}后续治疗费用", "协调民政部门纳入低保"),
        background=(
            "{date1}，{name}的{relative}被{opp}伤害致{injury}，{court1}以{crime}判处{opp}有期徒刑{years}年并赔偿{amount}（{case1}）。",
            "{name}的{relative}在交通事故中死亡，肇事者{opp}被判刑后无力赔偿。",
        ),
        process=(
            "判决生效后{name}申请执行，因{opp}在服刑且无财产，法院终结本次执行。",
            "{name}至今只得到赔偿{amount2}，医疗费已花去十余万元。",
        ),
        grievance=("{name}家中{hardship}，生活十分困难。", "{name}称因病致贫，孩子面临辍学。"),
    ),
)

TOPIC_BY_KEY: dict[str, Topic] = {t.key: t for t in TOPICS}

# Topic tags beyond those the topics carry, and extra tags set occasionally.
EXTRA_TAGS = ("涉军", "环境污染", "家庭暴力", "涉众型经济犯罪", "房地产")
ALL_TAGS: tuple[str, ...] = tuple(
    dict.fromkeys([tag for t in TOPICS for tag, _ in t.tags] + list(EXTRA_TAGS) + ["执行难", "征地", "拆迁"])
)

# Opening sentence of the facts by channel: who brought it in, how.
INTROS: dict[str, tuple[str, ...]] = {
    "visit": (
        "信访人{name}（{gender_word}，{age}岁，住{addr_short}）到{reg_unit}来访，反映：",
        "{name}，{gender_word}，现年{age}岁，家住{addr_short}，来访称：",
        "{name}（{gender_word}，{age}岁）来访反映：",
    ),
    "video": (
        "信访人{name}（住{addr_short}）通过视频接访系统反映：",
        "{name}在{town}综治中心通过视频连线反映：",
    ),
    "letter": ("来信人{name}（住{addr_short}）来信反映：", "{name}来信称：", "{name}邮寄信访材料反映："),
    "online": ("{name}通过网上信访平台实名反映：", "网民{name}（住{addr_short}）在网上信访平台反映："),
    "phone": ("{name}拨打{hotline}反映：", "{name}来电反映："),
    "superior": (
        "{superior}交办：信访人{name}（住{addr_short}）反映：",
        "{superior}转来{name}的信访事项，反映：",
    ),
    "leader": (
        "{leader_title}在{name}的来信上批示“请依法妥善处理”。来信反映：",
        "{leader_title}批示：请{reg_unit}核查处理。信访人{name}反映：",
    ),
    "transfer": ("{bureau}转来信访人{name}的材料，反映：", "{bureau}以转送单转来{name}的信访事项，反映："),
}
GROUP_INTROS = (
    "{name}等{group_size}人集体来访，反映：",
    "{addr_short}群众{group_size}人推选{name}等为代表来访，反映：",
)
REPEAT = (
    "{name}曾于{prev_date}就此事向{prev_unit}反映，至今未得到解决，故再次信访。",
    "此前{name}已多次反映此事，{prev_date}{prev_unit}作出答复，{name}对答复不满意。",
    "{name}称{prev_date}到{prev_unit}反映后一直没有下文。",
)
REPEAT_TITLE = ("再次反映：{title}", "{title}（重复信访）", "{title}")
BEFORE_JUDGMENT = (
    "案件目前仍在审理中，{name}担心判决不公，先行信访。",
    "{name}称案件尚未判决，要求法院“公正审理”。",
)
TO_BEIJING = ("{name}称已于{prev_date}赴京反映此事。", "{name}曾多次赴省进京上访。")
HARDSHIPS = (
    "老人常年卧病",
    "两个孩子上学、妻子无业",
    "因病致贫，已被纳入低保",
    "房屋倒塌后一直借住在亲戚家",
    "全家靠几亩薄地维持生计",
    "本人年过七旬、无固定收入",
)
HARDSHIP_SENTENCES = ("{name}称家中{hardship}，生活十分困难。", "{name}年老体弱，家中{hardship}。")
CLOSINGS = ("请求有关部门依法处理。", "望领导重视，尽快解决。", "恳请依法维护其合法权益。", "", "")

RELATIVES = ("儿子", "女儿", "丈夫", "妻子", "父亲", "母亲", "弟弟", "哥哥", "侄子", "女婿")
INJURIES = (
    "右腿胫腓骨粉碎性骨折",
    "颅脑损伤",
    "腰椎压缩性骨折",
    "左眼视力下降至0.1",
    "多根肋骨骨折",
    "轻伤二级",
    "轻伤一级",
    "重伤二级",
    "脾脏破裂",
)
PROJECTS = (
    "保障性住房",
    "市政道路改造",
    "高速公路连接线",
    "工业园区",
    "光伏电站",
    "棚户区改造",
    "高标准农田",
    "物流园",
    "学校教学楼",
    "城市综合体",
)
LEADER_TITLES = ("省委政法委副书记", "市委政法委书记", "市委副书记", "县委书记", "区委政法委书记", "市长")

# ---------------------------------------------------------------------------------------------------------------
# What staff wrote at each step of the lifecycle (``demo.generator``: screening, 交办, 答复, 回访, 办结, 复查).
# Slots: {name} the petitioner, {orig} the original unit, {case_no} the case number, {unit} the handling unit,
# {bureau} the government petition bureau, {target} the unit of a legal procedure, {procedure} its name.

INSTRUCTIONS = (
    "请依法审查办理，在规定期限内书面答复信访人，并将办理结果报送我单位。",
    "请按照“三到位一处理”要求依法处理，落实首办责任，按期报结。",
    "请调阅原案卷宗，查明事实，依法作出处理意见，做好释法明理和稳控工作。",
    "请认真核查信访人反映的问题，依法依规处理，办理情况及时反馈。",
    "",
)
TRANSFER_REASONS = (
    "经甄别，{name}反映的问题不涉及政法机关执法办案，属普通信访事项。",
    "信访人诉求系行政管理事项，不属于涉法涉诉信访，依照诉访分离要求转送信访部门。",
    "反映的征地补偿和安置问题属于政府职能部门职责范围，属普通信访。",
)
TRANSFER_NOTICE = "您反映的事项属于普通信访事项，已转送{bureau}依法处理，请向该局了解办理情况。"
DECLINE_REASONS = (
    "该事项已经法定程序处理完毕，信访人未提出新的事实和理由。",
    "信访人反映的事项已依法终结，同一事项不再重复受理。",
    "信访人反映的问题已经复查、复核，依照《信访工作条例》不再受理。",
)
DECLINE_NOTICE = "您反映的事项已经依法处理完毕且未提出新的事实和理由，依照《信访工作条例》第三十二条的规定不予受理，特此告知。"
DIVERT_REASONS = {
    "appeal": "{case_no}尚未生效，信访人不服一审裁判，应依法通过上诉程序解决。",
    "retrial": "{case_no}已发生法律效力，信访人的诉求属于申请再审范围，应依法导入审判监督程序。",
    "complaint": "信访人不服{orig}的处理决定，属于法律监督申诉范围，应导入检察机关申诉程序。",
    "accusation": "信访人反映{orig}应当立案而不立案，属立案监督范围，依法导入控告程序。",
    "reconsideration": "信访人不服{orig}作出的决定，依法可申请行政复议，应导入复议程序。",
}
DIVERT_NOTICE = "您反映的问题属于{procedure}范围，请依法向{target}提出，我单位将跟踪办理结果。"
DIVERSION_OUTCOMES = {
    True: (
        "{target}经审查依法作出处理，信访人接受处理结果，表示息诉罢访。",
        "经{target}审查，原处理部分纠正，信访人诉求得到解决。",
    ),
    False: (
        "{target}经审查驳回申请，维持原处理，信访人仍不服。",
        "{target}审查后认为原处理并无不当，依法驳回，信访人表示继续反映。",
    ),
}
REPLY_FACTS = {
    "support": (
        "经调阅{case_no}卷宗并听取各方意见，{orig}在办理过程中存在执行措施不到位的问题，信访人的诉求有事实和法律依据。",
        "经核查，信访人反映的问题基本属实，{orig}已着手纠正，相关款项正在落实。",
    ),
    "explain": (
        "经调阅{case_no}卷宗，原审认定事实清楚，证据确实充分，适用法律正确，审判程序合法。",
        "经核查，{orig}办理该案程序合法，处理适当，信访人对有关法律规定存在误解。",
        "经调查核实，{orig}已依法履行职责，信访人反映的问题系对案件处理结果的理解不同所致。",
    ),
    "reject": (
        "经复核全部案卷材料，{orig}的处理认定事实清楚、适用法律正确，信访人的请求缺乏事实和法律依据。",
        "经审查，信访人未提出足以推翻原处理的新证据和新理由。",
    ),
}
REPLY_DECISIONS = {
    "support": (
        "支持信访人的合理诉求，责成{orig}于三十日内依法纠正并落实到位。",
        "依法支持信访人的请求，由{orig}依法予以处理，并向信访人说明处理结果。",
    ),
    "explain": (
        "维持原处理意见，已向信访人详细解释有关法律规定，释法明理。",
        "原处理并无不当，依法向信访人作出解释说明，并告知其依法维权的途径。",
    ),
    "reject": (
        "信访人的请求不予支持，维持{orig}的原处理。",
        "对信访人的请求不予支持。",
    ),
}
LEGAL_BASIS = {
    "court": (
        "《中华人民共和国民事诉讼法》第二百一十一条、《信访工作条例》第三十二条",
        "《中华人民共和国民事诉讼法》第二百四十七条、《最高人民法院关于人民法院执行工作若干问题的规定（试行）》",
        "《中华人民共和国刑事诉讼法》第二百五十三条、《信访工作条例》第三十二条",
    ),
    "procuratorate": (
        "《人民检察院民事诉讼监督规则》第七十五条、《信访工作条例》第三十二条",
        "《中华人民共和国刑事诉讼法》第一百七十七条、《人民检察院刑事诉讼规则》",
    ),
    "police": (
        "《中华人民共和国刑事诉讼法》第一百一十二条、《公安机关办理刑事案件程序规定》第一百七十八条",
        "《中华人民共和国治安管理处罚法》第九十五条、《信访工作条例》第三十二条",
        "《道路交通事故处理程序规定》第六十条",
    ),
    "justice": (
        "《中华人民共和国人民调解法》第三十三条、《信访工作条例》第三十二条",
        "《中华人民共和国律师法》第五十条、《律师执业管理办法》",
    ),
}
FOLLOW_UP_NOTES = (
    "电话回访信访人，信访人表示已收到处理意见书。",
    "到信访人家中当面回访，告知处理意见并听取意见。",
    "回访时信访人表示已了解处理结果。",
    "",
)
UNSATISFIED_REASONS = (
    "认为赔偿数额过低",
    "对原审判决仍不服",
    "认为执行款未全部到位",
    "认为办案人员未认真调查",
    "要求追究办案人员责任未获支持",
)
CLOSE_NOTES = ("", "", "经回访，信访人对处理意见无异议。", "处理意见已落实，按期办结。")
REVIEW_REASONS = (
    "不服处理意见，认为认定事实不清，申请复查。",
    "信访人认为处理意见未解决实际问题，请求上级机关复查。",
    "对处理结果不满意，要求重新调查。",
)
REREVIEW_REASONS = (
    "不服复查意见，申请复核。",
    "信访人认为复查意见维持原处理不当，请求复核。",
)
