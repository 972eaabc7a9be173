"""Phrase pools of `publisher synth`: fictional names, places, violations and notes.

Everything here is invented for the demo county 青崖县: the townships, companies, people, power
lines and coal seams do not exist. Laws and articles are cited the way the demo content
cites them, so the synthetic records read like the real thing and exercise the same code.
Templates use `str.format` slots; `publisher.synth` fills them per record (unused slots
are ignored by `format`).
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.model import Area, InspectionOutcome, PartyKind, PenaltyKind, WithdrawalAct

COUNTY = "青崖县"
ORGAN = "青崖县工业和信息化局"
DOC_PREFIX = "青工信罚"
REGION_CODE = "140199"
"""The county's fictional region code, used in credit codes (the demo's)."""
ID_REGIONS = ("140191", "140192", "140193", "140195", "140197", "140199")
"""Fictional region codes for residents' ID numbers."""

TOWNSHIPS = (
    "青崖镇", "石岭镇", "凤鸣乡", "北岭镇", "柳沟乡", "东坪乡", "西河镇", "南庄乡",
    "黑龙关镇", "桃园乡", "白水镇", "红崖乡", "双泉镇", "杏花乡", "马坊镇", "龙池乡",
)  # fmt: skip
VILLAGES = (
    "上庄", "下庄", "前河", "后沟", "李家湾", "王家峪", "张家坪", "东岔", "西岔", "南沟",
    "北坡", "杨树湾", "柏林", "石门", "窑头", "水泉", "新村", "高家庄", "赵家岭", "刘家坡",
)  # fmt: skip
TRADE_NAMES = (
    "鑫隆", "石岭", "凤鸣", "恒泰", "宏达", "永盛", "德丰", "华源", "金鼎", "瑞祥",
    "通达", "广汇", "兴旺", "昌盛", "聚源", "鼎盛", "天利", "富源", "嘉禾", "长青",
    "润丰", "泰和", "汇通", "益民", "利民", "新晟", "宝丰", "荣昌", "晋北", "崖峰",
    "东升", "西岭", "南山", "北辰", "青峰", "云岭", "泉源", "峪口", "龙泉", "福瑞",
    "宏图", "顺达", "安泰", "博源", "众鑫", "锦程", "恒通", "鸿运", "佳盛", "和泰",
)  # fmt: skip
SURNAMES = (
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱",
    "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于",
    "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢",
    "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "余", "潘", "杜", "戴", "夏", "钟",
    "汪", "田", "任", "姜", "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆",
    "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史", "顾", "侯", "邵", "孟",
)  # fmt: skip
GIVEN_NAME_CHARS = (
    "建", "国", "志", "明", "海", "军", "伟", "强", "平", "东", "文", "华", "俊", "峰",
    "立", "红", "丽", "娟", "霞", "芳", "英", "秀", "梅", "兰", "春", "秋", "玉", "宝",
    "富", "贵", "忠", "林", "永", "庆", "福", "荣", "卫", "晓", "鹏", "涛", "斌", "杰",
)  # fmt: skip

# Company kinds per area: what the bureau's parties are called.
COMPANY_SUFFIXES: dict[Area, tuple[str, ...]] = {
    Area.COAL_MINE_SAFETY: ("煤业有限公司", "煤矿有限责任公司", "矿业有限公司", "洗煤有限公司"),
    Area.POWER: (
        "热电有限公司", "陶瓷有限公司", "铸造有限公司", "新能源有限公司", "建材有限公司",
        "建筑工程有限公司", "供电服务有限公司", "水泥有限公司",
    ),
    Area.CIVIL_EXPLOSIVES: ("民爆器材经营有限公司", "民用爆炸物品销售有限公司", "爆破工程有限公司"),
    Area.OTHER: ("化工有限公司", "焦化有限公司", "钢铁有限公司", "玻璃制品有限公司", "纺织有限公司"),
}  # fmt: skip
INDIVIDUAL_SUFFIXES = ("五金店", "建材经销部", "汽修厂", "石料厂", "砖厂", "门窗加工部", "农机修理部")  # fmt: skip
OTHER_ORGANIZATIONS = ("农机专业合作社", "种植专业合作社", "养殖专业合作社", "村股份经济合作社")


@dataclass(frozen=True)
class Violation:
    """One kind of violation an area's penalties are for, with its text and its penalty."""

    area: Area
    violation_type: str
    facts: str
    """Slots: {date} (the day it was found), {place}, {n}, {amount}, {party_short}."""
    basis: str
    kinds: tuple[PenaltyKind, ...]
    fine: tuple[int, int]
    """Lowest and highest fine in yuan (0, 0 for none); drawn in steps of 500."""
    parties: tuple[PartyKind, ...]
    confiscates: bool = False
    work_safety: bool = True
    license: str | None = None


_ORGS = (PartyKind.LEGAL_PERSON, PartyKind.OTHER_ORGANIZATION)
_ANY = (*_ORGS, PartyKind.INDIVIDUAL_BUSINESS, PartyKind.NATURAL_PERSON)
_BUSINESS = (*_ORGS, PartyKind.INDIVIDUAL_BUSINESS)
_EVIDENCE = "上述事实有现场检查记录、询问笔录和{evidence}等证据证实。"
EVIDENCE = ("照片", "视频资料", "台账复印件", "检测报告", "收费凭证", "监控录像", "书证")

VIOLATIONS: tuple[Violation, ...] = (
    Violation(
        Area.COAL_MINE_SAFETY,
        "未按规定对从业人员进行安全生产教育和培训",
        "{date}，本局执法人员检查发现该公司{n}名新招录井下作业人员未经安全生产教育和培训即上岗作业。"
        + _EVIDENCE,
        "《中华人民共和国安全生产法》第二十八条第一款、第九十七条第（三）项",
        (PenaltyKind.FINE,),
        (20000, 100000),
        (PartyKind.LEGAL_PERSON,),
    ),
    Violation(
        Area.COAL_MINE_SAFETY,
        "未采取措施消除事故隐患",
        "{date}，本局执法人员检查发现该公司{place}存在的{n}处已登记事故隐患未采取措施消除。"
        + _EVIDENCE,
        "《中华人民共和国安全生产法》第一百零二条",
        (PenaltyKind.FINE,),
        (30000, 100000),
        (PartyKind.LEGAL_PERSON,),
    ),
    Violation(
        Area.COAL_MINE_SAFETY,
        "安全设备的安装、使用不符合国家标准或者行业标准",
        "{date}，本局执法人员检查发现该公司{place}有{n}台瓦斯传感器安装位置不符合行业标准。"
        + _EVIDENCE,
        "《中华人民共和国安全生产法》第三十六条、第九十九条第（一）项",
        (PenaltyKind.FINE,),
        (20000, 50000),
        (PartyKind.LEGAL_PERSON,),
    ),
    Violation(
        Area.COAL_MINE_SAFETY,
        "主要负责人未履行安全生产管理职责",
        "{date}，本局执法人员检查发现该公司主要负责人未组织制定并实施本单位安全生产教育和培训计划，"
        "未按规定督促、检查安全生产工作。" + _EVIDENCE,
        "《中华人民共和国安全生产法》第二十一条、第九十四条第一款",
        (PenaltyKind.FINE,),
        (20000, 50000),
        (PartyKind.LEGAL_PERSON,),
    ),
    Violation(
        Area.COAL_MINE_SAFETY,
        "超层越界开采",
        "{date}，本局执法人员检查发现该公司在{place}以外越界布置工作面进行开采，越界长度约{n}0米。"
        + _EVIDENCE,
        "《煤矿安全生产条例》第七十一条",
        (PenaltyKind.ORDER_SUSPENSION, PenaltyKind.FINE),
        (100000, 500000),
        (PartyKind.LEGAL_PERSON,),
    ),
    Violation(
        Area.POWER,
        "盗窃电能",
        "{date}，本局会同供电企业检查发现{party_short}在{place}绕越计量装置用电，"
        "经核算窃电量{n}千余千瓦时，应补交电费{amount}元。" + _EVIDENCE,
        "《中华人民共和国电力法》第七十一条；《电力供应与使用条例》第三十一条、第四十一条",
        (PenaltyKind.FINE,),
        (2000, 60000),
        _ANY,
        work_safety=False,
    ),
    Violation(
        Area.POWER,
        "擅自向外转供电",
        "{date}，本局执法人员检查发现{party_short}未经供电企业同意，擅自从其变压器向相邻{n}户转供电，"
        "并加价收取电费，违法所得{amount}元。" + _EVIDENCE,
        "《电力供应与使用条例》第三十条、第三十八条第（三）项",
        (PenaltyKind.CONFISCATE_INCOME, PenaltyKind.FINE),
        (5000, 60000),
        _BUSINESS,
        confiscates=True,
        work_safety=False,
    ),
    Violation(
        Area.POWER,
        "在电力线路保护区内违章作业危及电力设施安全",
        "{date}，{party_short}未经批准在{place}保护区内使用吊车作业，吊臂与导线安全距离不足，"
        "危及电力设施安全。" + _EVIDENCE,
        "《中华人民共和国电力法》第五十四条；《电力设施保护条例》第十七条；"
        "《电力设施保护条例实施细则》第十九条",
        (PenaltyKind.WARNING, PenaltyKind.FINE),
        (1000, 10000),
        _ANY,
        work_safety=False,
    ),
    Violation(
        Area.POWER,
        "在电力设施周围取土危及电力设施安全",
        "{date}，{party_short}在{place}杆塔基础周边取土，取土范围距杆塔基础不足{n}米，危及电力设施安全。"
        + _EVIDENCE,
        "《电力设施保护条例》第十四条、第三十条",
        (PenaltyKind.WARNING,),
        (0, 0),
        _ANY,
        work_safety=False,
    ),
    Violation(
        Area.CIVIL_EXPLOSIVES,
        "未按规定建立民用爆炸物品销售登记制度",
        "{date}，本局执法人员检查发现该公司{n}批次民用爆炸物品销售未如实登记购买单位和数量。"
        + _EVIDENCE,
        "《民用爆炸物品安全管理条例》第二十二条、第四十六条",
        (PenaltyKind.FINE,),
        (50000, 200000),
        (PartyKind.LEGAL_PERSON,),
    ),
    Violation(
        Area.CIVIL_EXPLOSIVES,
        "超出许可的品种、数量销售民用爆炸物品",
        "{date}，本局执法人员检查发现该公司向无购买许可的单位销售工业雷管{n}00发。" + _EVIDENCE,
        "《民用爆炸物品安全管理条例》第四十四条第一款第（一）项",
        (PenaltyKind.SUSPEND_LICENSE, PenaltyKind.FINE),
        (100000, 500000),
        (PartyKind.LEGAL_PERSON,),
        license="民用爆炸物品销售许可证",
    ),
    Violation(
        Area.CIVIL_EXPLOSIVES,
        "民用爆炸物品储存库区安全管理不符合规定",
        "{date}，本局执法人员检查发现该公司储存库区{n}处防雷设施未按期检测，值守人员不足。"
        + _EVIDENCE,
        "《民用爆炸物品安全管理条例》第四十一条、第四十九条",
        (PenaltyKind.WARNING, PenaltyKind.FINE),
        (50000, 200000),
        (PartyKind.LEGAL_PERSON,),
    ),
    Violation(
        Area.OTHER,
        "使用国家明令淘汰的用能设备",
        "{date}，本局节能监察人员检查发现{party_short}在用{n}台国家明令淘汰的高耗能电动机。"
        + _EVIDENCE,
        "《中华人民共和国节约能源法》第十七条、第七十一条",
        (PenaltyKind.CONFISCATE_PROPERTY, PenaltyKind.OTHER),
        (0, 0),
        _BUSINESS,
        work_safety=False,
    ),
    Violation(
        Area.OTHER,
        "未按规定报送能源利用状况报告",
        "{date}，本局节能监察人员检查发现该单位未按规定报送上一年度能源利用状况报告，经责令限期报送，"
        "逾期{n}日仍未报送。" + _EVIDENCE,
        "《中华人民共和国节约能源法》第五十三条、第八十二条",
        (PenaltyKind.FINE,),
        (10000, 50000),
        _ORGS,
        work_safety=False,
    ),
    Violation(
        Area.OTHER,
        "未设立能源管理岗位、聘任能源管理负责人",
        "{date}，本局节能监察人员检查发现该单位作为重点用能单位未设立能源管理岗位，"
        "未聘任能源管理负责人并报备案。" + _EVIDENCE,
        "《中华人民共和国节约能源法》第五十五条、第八十四条",
        (PenaltyKind.FINE,),
        (10000, 30000),
        _ORGS,
        work_safety=False,
    ),
)


@dataclass(frozen=True)
class Item:
    """An entry of the random-inspection item list (随机抽查事项清单)."""

    code: str
    name: str
    area: Area
    basis: str
    targets: str
    method: str
    ratio: str


ITEMS: tuple[Item, ...] = (
    Item("MK-01", "煤矿企业安全生产责任制落实情况检查", Area.COAL_MINE_SAFETY,
         "《中华人民共和国安全生产法》第二十一条、第六十五条", "本县行政区域内的煤矿",
         "现场检查、查阅资料", "每年抽查比例不低于 30%"),
    Item("MK-02", "煤矿重大事故隐患排查治理情况检查", Area.COAL_MINE_SAFETY,
         "《中华人民共和国安全生产法》第四十一条、第六十五条", "本县行政区域内的煤矿",
         "现场检查（含井下）", "每年抽查比例不低于 30%"),
    Item("DL-01", "电力设施保护情况检查", Area.POWER,
         "《中华人民共和国电力法》第五十二条、第五十六条", "电力线路保护区内的单位和个人",
         "现场检查", "每年抽查比例不低于 10%"),
    Item("DL-02", "供电营业区和转供电行为检查", Area.POWER,
         "《电力供应与使用条例》第九条、第三十八条", "转供电主体", "查阅资料、核对收费凭证",
         "每年抽查比例不低于 10%"),
    Item("MB-01", "民用爆炸物品销售企业安全管理情况检查", Area.CIVIL_EXPLOSIVES,
         "《民用爆炸物品安全管理条例》第五条、第四十一条", "本县民用爆炸物品销售企业",
         "现场检查、查阅台账", "每年全覆盖"),
    Item("MB-02", "民用爆炸物品销售流向登记情况检查", Area.CIVIL_EXPLOSIVES,
         "《民用爆炸物品安全管理条例》第二十二条", "本县民用爆炸物品销售企业", "查阅登记台账",
         "每年全覆盖"),
    Item("JN-01", "重点用能单位能源利用状况检查", Area.OTHER,
         "《中华人民共和国节约能源法》第十二条、第五十三条", "本县重点用能单位",
         "查阅报告、现场核查", "每年抽查比例不低于 20%"),
    Item("JN-02", "国家明令淘汰的用能设备使用情况检查", Area.OTHER,
         "《中华人民共和国节约能源法》第十七条", "本县工业企业", "现场检查",
         "每年抽查比例不低于 5%"),
)  # fmt: skip

RESULTS: dict[InspectionOutcome, tuple[str, ...]] = {
    InspectionOutcome.COMPLIANT: (
        "未发现问题。",
        "检查{n}个项目，未发现违法违规问题。",
        "现场检查和资料核查均未发现问题，已告知被检查单位继续落实主体责任。",
    ),
    InspectionOutcome.RECTIFICATION: (
        "发现问题{n}项：{problem}，已责令限期整改，复查已整改。",
        "发现问题{n}项：{problem}，已下达责令限期整改指令书，整改期限内完成整改。",
    ),
    InspectionOutcome.PENALTY_CASE: (
        "发现{problem}，涉嫌违法，已依法立案查处。",
        "发现问题{n}项，其中{problem}涉嫌违法，已移交执法人员立案调查。",
    ),
    InspectionOutcome.OTHER: (
        "被检查单位已停产，检查组对停产期间的安全措施进行了检查，未发现问题。",
        "检查发现的问题属于其他部门职责范围，已移送有关部门处理。",
    ),
}
PROBLEMS: dict[Area, tuple[str, ...]] = {
    Area.COAL_MINE_SAFETY: (
        "井下{n}处巷道支护不到位", "安全培训档案记录不全", "隐患排查治理台账未及时更新",
        "{n}台瓦斯传感器未按期校验", "应急预案未按规定演练",
    ),
    Area.POWER: (
        "厂区外线路{n}处杆塔周边有取土痕迹", "转供电收费未按规定公示", "配电室警示标识缺失",
        "保护区内有{n}处违章堆放物",
    ),
    Area.CIVIL_EXPLOSIVES: (
        "销售登记台账有{n}处记录不完整", "库区监控录像保存时间不足", "值守人员配备不足",
    ),
    Area.OTHER: (
        "能源计量器具配备不全", "在用{n}台高耗能设备未列入淘汰计划", "能源利用状况报告数据不完整",
    ),
}  # fmt: skip

PLACES: dict[Area, tuple[str, ...]] = {
    Area.COAL_MINE_SAFETY: ("{n}号煤层回采工作面", "{n}号煤层掘进工作面", "井下中央变电所", "主运输大巷"),
    Area.POWER: ("10千伏{line}线", "35千伏{line}线", "{township}{village}村", "{township}工业园区"),
    Area.CIVIL_EXPLOSIVES: ("储存库区", "销售门店"),
    Area.OTHER: ("生产车间", "锅炉房"),
}  # fmt: skip
LINE_NAMES = ("北岭", "石门", "凤鸣", "柳沟", "东坪", "西河", "龙池", "马坊", "双泉", "桃园")

WITHDRAWAL_EXPLANATIONS: dict[WithdrawalAct, tuple[str, ...]] = {
    WithdrawalAct.REVOKED: (
        "青崖县人民政府作出行政复议决定，以认定事实不清、证据不足为由撤销本决定。本局已撤下原决定的公示内容。",
        "青崖县人民法院作出行政判决，撤销本决定。判决已生效，本局已撤下原决定的公示内容。",
    ),
    WithdrawalAct.CONFIRMED_ILLEGAL: (
        "青崖县人民法院作出行政判决，确认本决定违法。判决已生效，本局已撤下原决定的公示内容。",
    ),
    WithdrawalAct.ORDERED_REMADE: (
        "青崖县人民政府作出行政复议决定，以适用依据错误为由撤销本决定，并责令本局重新作出行政处罚决定。"
        "本局已撤下原决定的公示内容。",
    ),
    WithdrawalAct.CHANGED: (
        "青崖县人民政府作出行政复议决定，变更本决定的罚款数额。本局已撤下原决定的公示内容。",
    ),
    WithdrawalAct.CONFIRMED_INVALID: (
        "青崖县人民法院作出行政判决，确认本决定无效。判决已生效，本局已撤下原决定的公示内容。",
    ),
}
REPLACEMENT_NOTE = "本决定系依{organ}的决定重新作出，原决定已撤下。"
REPLACEMENT_ORGANS = ("青崖县人民政府行政复议", "青崖县人民法院行政判决")
REPLACED_SUFFIX = "重新作出的决定见下方链接。"


@dataclass(frozen=True)
class CorrectionText:
    """A correction entry's public fields and texts (R-A6)."""

    fields: tuple[str, ...]
    summary: str
    reason: str


CORRECTIONS_PENALTY: tuple[CorrectionText, ...] = (
    CorrectionText(("facts",), "违法事实中的检查日期录入有误，已按行政处罚决定书更正。",
                   "公示时日期录入错误，与行政处罚决定书不一致。"),
    CorrectionText(("party.name",), "行政相对人名称中的一个错别字已更正。",
                   "公示时名称录入错误，与营业执照不一致。"),
    CorrectionText(("basis",), "处罚依据中的条款项序号已更正。",
                   "年度公示信息核查中发现条款项序号录入错误。"),
    CorrectionText(("penalty.fine_yuan",), "罚款金额的数字录入顺序颠倒，已更正。",
                   "与行政处罚决定书核对时发现金额录入错误。"),
    CorrectionText(("violation_type",), "违法行为类型的表述已按决定书规范。",
                   "公示时违法行为类型与决定书的表述不一致。"),
)  # fmt: skip
CORRECTIONS_INSPECTION: tuple[CorrectionText, ...] = (
    CorrectionText(("inspection_item",), "检查事项编号选择有误，已更正。",
                   "公示时事项编号选择错误，与检查通知书载明的抽查事项不一致。"),
    CorrectionText(("result",), "检查结果中发现问题的数量已更正。",
                   "公示时问题数量录入错误，与检查记录不一致。"),
    CorrectionText(("party.name",), "被检查单位名称中的一个错别字已更正。",
                   "公示时名称录入错误，与营业执照不一致。"),
)  # fmt: skip

SECTIONS: dict[Area, str] = {
    Area.COAL_MINE_SAFETY: "煤矿安全监管科",
    Area.POWER: "电力能源科",
    Area.CIVIL_EXPLOSIVES: "民爆安全监管科",
    Area.OTHER: "节能监察科",
}
DUTIES = (
    "贯彻执行国家和省、市关于工业和信息化、煤炭、电力、民用爆炸物品行业管理的法律法规和方针政策。",
    "负责全县煤矿安全生产的行业监督管理，依法查处煤矿安全生产违法行为。",
    "负责全县电力行业管理和电力设施保护的监督管理，依法查处窃电、擅自转供电和危害电力设施安全等违法行为。",
    "负责全县民用爆炸物品销售企业的行业监督管理，依法查处民用爆炸物品销售环节的违法行为。",
    "负责全县工业节能监察，依法查处重点用能单位违反节约能源法律法规的行为。",
    "组织实施“双随机、一公开”监管，编制并公开随机抽查事项清单。",
)
LEGAL_BASES = (
    ("中华人民共和国行政处罚法", "全国人民代表大会常务委员会", "2021-07-15"),
    ("中华人民共和国安全生产法", "全国人民代表大会常务委员会", "2021-09-01"),
    ("中华人民共和国电力法", "全国人民代表大会常务委员会", "2018-12-29"),
    ("中华人民共和国节约能源法", "全国人民代表大会常务委员会", "2018-10-26"),
    ("煤矿安全生产条例", "国务院", "2024-05-01"),
    ("民用爆炸物品安全管理条例", "国务院", "2014-07-29"),
    ("电力供应与使用条例", "国务院", "2019-03-02"),
    ("电力设施保护条例", "国务院", "2011-01-08"),
)
PENALTY_STEPS = (
    ("立案", "发现涉嫌违法行为，符合立案标准的，报本局负责人批准立案。", "15 个工作日内决定是否立案"),
    ("调查取证", "两名以上持证执法人员调查取证，出示执法证件，制作笔录，全过程记录。", "立案后及时进行"),
    ("法制审核", "重大执法决定由政策法规科进行法制审核。", "收到送审材料之日起 7 个工作日内"),
    ("告知", "告知拟作出的处罚内容及事实、理由、依据和陈述、申辩、听证的权利。", "作出决定前"),
    ("决定", "本局负责人审查决定；重大执法决定经集体讨论决定。", "立案之日起 90 日内"),
    ("送达", "决定书当场交付或者 7 日内送达当事人。", "7 日内"),
    ("公示", "在本网站公示行政处罚决定信息。", "决定作出之日起 7 个工作日内"),
)  # fmt: skip
INSPECTION_STEPS = (
    ("制定计划", "依据随机抽查事项清单制定年度检查计划。", "每年 1 月 31 日前"),
    ("双随机抽取", "随机抽取检查对象和检查人员，公开抽取种子，全程留痕。", "检查实施前"),
    ("实施检查", "两名以上持证执法人员实施检查，出示执法证件，制作检查记录。", "按检查计划"),
    ("公示", "在本网站公示行政检查结果。", "检查结果作出之日起 20 个工作日内"),
)  # fmt: skip
REMEDIES = (
    ("行政复议", "青崖县人民政府", "自知道或者应当知道该行政行为之日起 60 日内",
     "认为本局的行政行为侵犯其合法权益的，可以向青崖县人民政府申请行政复议。"),
    ("行政诉讼", "青崖县人民法院", "自知道或者应当知道作出行政行为之日起 6 个月内",
     "也可以直接向青崖县人民法院提起行政诉讼。"),
)  # fmt: skip
