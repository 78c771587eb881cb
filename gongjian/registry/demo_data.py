"""The raw material of the demo district (梅列区, 三明市), as the source briefing of 2010 describes
it: three streets, 25 urban communities, 271 resident units, and the people who do the work.

Only lists live here; ``demo.py`` combines them with a seeded random generator. Names of
places, organisations and people are realistic but invented; the figures the briefing quotes
come out of this data, never out of constants in the statistics code.
"""

from __future__ import annotations

from typing import NamedTuple

DISTRICT = {"name": "梅列区", "city": "三明市", "code": "350402"}

#: (street, work committee)
STREETS = [
    ("列东街道", "列东街道工委"),
    ("列西街道", "列西街道工委"),
    ("徐碧街道", "徐碧街道工委"),
]

#: Party organisation form by size: 党委 for the largest, 党总支, else 党支部.
PARTY_COMMITTEE, PARTY_GENERAL_BRANCH, PARTY_BRANCH = "党委", "党总支", "党支部"


class CommunitySpec(NamedTuple):
    street: str
    name: str
    road: str  # the road the office (and most units) are on
    number: int  # office house number
    households: int
    population: int
    lat: float
    lng: float
    units: int  # how many resident units take part
    party_form: str


# Sanming's urban area lies along the Shaxi river: 列东 on the north-east bank, 列西 on the
# west bank, 徐碧 to the south. Each community sits a few hundred metres from the next.
COMMUNITIES = [
    CommunitySpec("列东街道", "江滨社区", "江滨路", 12, 3260, 9830, 26.268210, 117.636540, 18, PARTY_BRANCH),
    CommunitySpec("列东街道", "东霞社区", "东霞路", 8, 3010, 9120, 26.273580, 117.640210, 16, PARTY_GENERAL_BRANCH),
    CommunitySpec("列东街道", "东新社区", "东新一路", 36, 2780, 8350, 26.276930, 117.634880, 14, PARTY_GENERAL_BRANCH),
    CommunitySpec("列东街道", "新南社区", "新市南路", 21, 2450, 7410, 26.264470, 117.641930, 12, PARTY_GENERAL_BRANCH),
    CommunitySpec("列东街道", "列东社区", "列东街", 55, 4120, 12580, 26.271160, 117.645620, 20, PARTY_COMMITTEE),
    CommunitySpec("列东街道", "三路口社区", "新市北路", 88, 3350, 10090, 26.280740, 117.641170, 15, PARTY_GENERAL_BRANCH),
    CommunitySpec("列东街道", "乾龙社区", "乾龙新村", 3, 1980, 6020, 26.285310, 117.647460, 9, PARTY_BRANCH),
    CommunitySpec("列东街道", "东安社区", "东安路", 17, 1760, 5290, 26.288920, 117.639080, 8, PARTY_BRANCH),
    CommunitySpec("列东街道", "高岩社区", "高岩路", 6, 1520, 4610, 26.293150, 117.645010, 6, PARTY_BRANCH),
    CommunitySpec("列西街道", "列西社区", "列西街", 40, 3890, 11760, 26.266850, 117.617290, 19, PARTY_COMMITTEE),
    CommunitySpec("列西街道", "富兴社区", "富兴路", 25, 2690, 8040, 26.271420, 117.612830, 13, PARTY_GENERAL_BRANCH),
    CommunitySpec("列西街道", "青山社区", "青山路", 9, 2210, 6630, 26.262230, 117.611560, 10, PARTY_BRANCH),
    CommunitySpec("列西街道", "龙岗社区", "龙岗路", 14, 2040, 6150, 26.276610, 117.618390, 9, PARTY_BRANCH),
    CommunitySpec("列西街道", "翁墩社区", "翁墩新村", 2, 1830, 5480, 26.281180, 117.612070, 8, PARTY_BRANCH),
    CommunitySpec("列西街道", "梅岭社区", "梅岭新村", 1, 2520, 7570, 26.258310, 117.618840, 11, PARTY_GENERAL_BRANCH),
    CommunitySpec("列西街道", "群英社区", "群英路", 30, 1690, 5110, 26.285960, 117.617030, 7, PARTY_BRANCH),
    CommunitySpec("列西街道", "新村社区", "工农路", 11, 1610, 4870, 26.253620, 117.613410, 7, PARTY_BRANCH),
    CommunitySpec("列西街道", "下洋社区", "下洋路", 5, 1480, 4460, 26.290250, 117.621760, 6, PARTY_BRANCH),
    CommunitySpec("徐碧街道", "徐碧社区", "徐碧一路", 19, 3560, 10740, 26.241880, 117.626520, 15, PARTY_COMMITTEE),
    CommunitySpec("徐碧街道", "红印山社区", "红印山路", 7, 2630, 7910, 26.247450, 117.620380, 11, PARTY_GENERAL_BRANCH),
    CommunitySpec("徐碧街道", "崇荣社区", "崇荣路", 16, 2320, 6990, 26.236210, 117.631940, 9, PARTY_BRANCH),
    CommunitySpec("徐碧街道", "新亭社区", "新亭路", 23, 1940, 5830, 26.230570, 117.624710, 8, PARTY_BRANCH),
    CommunitySpec("徐碧街道", "城西社区", "徐碧二路", 42, 1870, 5650, 26.244030, 117.613920, 7, PARTY_BRANCH),
    CommunitySpec("徐碧街道", "碧湖社区", "碧湖路", 4, 1720, 5170, 26.226840, 117.633210, 7, PARTY_BRANCH),
    CommunitySpec("徐碧街道", "金星社区", "金星路", 10, 1560, 4690, 26.236980, 117.640150, 6, PARTY_BRANCH),
]

# -- compounds ---------------------------------------------------------------------------

#: Compound names made from the community's short name ({short} = 江滨 for 江滨社区).
COMPOUND_LOCAL = ["{short}小区", "{short}新村", "{short}花园", "{short}佳园", "{short}苑"]
#: Estates and work-unit housing found anywhere in town.
COMPOUND_GENERIC = [
    "福泰花园", "金色家园", "翠竹苑", "丽景湾", "明珠花园", "沙溪人家", "建设新村", "教师新村",
    "供电宿舍区", "邮电新村", "财政小区", "书香苑", "滨江花园", "怡景苑", "幸福里", "和谐家园",
    "金湖花苑", "锦绣华庭", "公安新村", "医院宿舍区", "粮食局宿舍区", "工商银行宿舍区",
    "玉兰苑", "桂花园", "阳光水岸", "世纪花园", "东方名城", "金桥花园", "香樟苑", "碧水蓝天",
    "麒麟山庄", "凤凰苑", "嘉华园", "银河小区", "新华小区", "友谊新村", "红旗新村", "春晖园",
    "文化新村", "交通新村", "林业宿舍区", "电信小区", "建行宿舍区", "农行宿舍区", "检察院宿舍区",
    "法院宿舍区", "水电宿舍区", "化工宿舍区", "纺织新村", "荷花苑", "兰亭苑", "梅园小区", "紫云苑",
    "清风苑", "龙湖花园", "金沙花园", "华侨新村", "名仕花园", "天元小区", "福源小区", "育才新村",
    "安居小区", "东湖苑", "江南花园", "新城花园", "锦江苑", "翠湖山庄", "富华苑",
]
#: Work-unit housing of the steel works, only on the west bank (列西街道).
STEEL_STREET = "列西街道"
COMPOUND_STEEL = ["三钢一村", "三钢二村", "三钢三村", "三钢生活区"]

#: Property companies (物业) that manage some compounds.
PROPERTY_BRANDS = ["福泰", "嘉和", "金盛", "绿城", "恒安", "鑫源", "沙溪", "明安", "华宇", "永安居"]

# -- organisations of each community ----------------------------------------------------------

#: (name template, must have) civil organisations (民间组织); {name} = 江滨社区.
CIVIL_ORGS = [
    ("{name}老年协会", True),
    ("{name}志愿者服务队", True),
    ("{name}文艺队", True),
    ("{name}义务巡逻队", False),
    ("{name}腰鼓队", False),
    ("{name}书画协会", False),
]
#: Name of the non-public enterprise friendship association some communities formed.
NON_PUBLIC_ASSOCIATION = "{name}非公企业联谊会"

#: (name template, mass kind, must have) mass organisations (群团组织).
MASS_ORGS = [
    ("{name}团支部", "youth_league", True),
    ("{name}妇联", "women", True),
    ("{name}关心下一代工作委员会", "five_elders", True),
    ("{name}“五老”志愿服务队", "five_elders", False),
    ("{name}计生协会", "other", False),
]
#: A community trade union federation where enough non-public enterprises sit.
UNION = "{name}工会联合会"

# -- resident units (驻区单位) -----------------------------------------------------------------

ORGAN, INSTITUTION, STATE, NON_PUBLIC = "organ", "institution", "state_enterprise", "non_public"


class UnitSpec(NamedTuple):
    name: str
    kind: str
    serves: int = 0  # how many neighbouring communities of the same street it also serves


#: Units that stand in a particular community.
UNITS_ANCHORED: dict[str, list[UnitSpec]] = {
    "江滨社区": [
        UnitSpec("国网三明供电公司列东供电所", STATE, 3),
        UnitSpec("梅列区人民法院", ORGAN, 1),
        UnitSpec("中国工商银行三明列东支行", STATE),
        UnitSpec("梅列区教育局", ORGAN),
        UnitSpec("三明市沙溪大酒店", NON_PUBLIC),
    ],
    "东霞社区": [
        UnitSpec("梅列区人民检察院", ORGAN),
        UnitSpec("三明市第一医院东霞分院", INSTITUTION),
        UnitSpec("三明市列东中学", INSTITUTION, 1),
    ],
    "东新社区": [
        UnitSpec("梅列区财政局", ORGAN),
        UnitSpec("三明日报社", INSTITUTION),
        UnitSpec("中国建设银行三明分行", STATE),
    ],
    "新南社区": [UnitSpec("梅列区民政局", ORGAN), UnitSpec("三明市实验小学", INSTITUTION)],
    "列东社区": [
        UnitSpec("三明市第一医院", INSTITUTION, 2),
        UnitSpec("梅列区公安分局列东派出所", ORGAN, 2),
        UnitSpec("中国电信三明分公司", STATE),
        UnitSpec("新华书店三明分店", STATE),
        UnitSpec("三明市列东小学", INSTITUTION),
    ],
    "三路口社区": [
        UnitSpec("三明汽车站", STATE),
        UnitSpec("梅列区卫生局", ORGAN),
        UnitSpec("三明市妇幼保健院", INSTITUTION),
    ],
    "乾龙社区": [UnitSpec("三明市第一中学", INSTITUTION)],
    "列西社区": [
        UnitSpec("国网三明供电公司列西供电所", STATE, 2),
        UnitSpec("三明钢铁厂炼铁厂", STATE, 1),
        UnitSpec("梅列区公安分局列西派出所", ORGAN),
        UnitSpec("三明市第二中学", INSTITUTION),
    ],
    "富兴社区": [UnitSpec("三明钢铁厂轧钢厂", STATE), UnitSpec("三明钢铁厂职工医院", STATE)],
    "青山社区": [UnitSpec("三明钢铁厂焦化厂", STATE)],
    "龙岗社区": [UnitSpec("三明钢铁厂生活服务公司", STATE)],
    "梅岭社区": [UnitSpec("三明市第九中学", INSTITUTION)],
    "徐碧社区": [
        UnitSpec("国网三明供电公司徐碧供电所", STATE, 2),
        UnitSpec("梅列区行政服务中心", ORGAN),
        UnitSpec("三明学院", INSTITUTION, 1),
    ],
    "红印山社区": [UnitSpec("三明市中西医结合医院", INSTITUTION), UnitSpec("梅列区公安分局徐碧派出所", ORGAN)],
    "崇荣社区": [UnitSpec("三明职业技术学院", INSTITUTION)],
}

#: Units tied to a street (one of each per street, placed in any of its communities);
#: {street} = 列东 for 列东街道.
UNITS_BY_STREET = [
    UnitSpec("梅列区司法局{street}司法所", ORGAN),
    UnitSpec("三明市工商局梅列分局{street}工商所", ORGAN),
    UnitSpec("梅列区地税局{street}税务所", ORGAN),
    UnitSpec("{street}街道社区卫生服务中心", INSTITUTION),
    UnitSpec("{street}街道中心幼儿园", INSTITUTION),
    UnitSpec("中国邮政三明市{street}支局", STATE),
    UnitSpec("中国农业银行三明{street}支行", STATE),
    UnitSpec("中国银行三明{street}支行", STATE),
    UnitSpec("三明农村商业银行{street}支行", STATE),
    UnitSpec("中国移动三明分公司{street}营业厅", STATE),
    UnitSpec("中国石化三明石油分公司{street}加油站", STATE),
    UnitSpec("三明市自来水公司{street}营业所", STATE),
]

#: Units named after the community they stand in ({short} = 江滨).
UNITS_BY_COMMUNITY = [
    UnitSpec("{short}社区卫生服务站", INSTITUTION),
    UnitSpec("三明市{short}幼儿园", INSTITUTION),
    UnitSpec("中国建设银行三明{short}储蓄所", STATE),
    UnitSpec("兴业银行三明{short}支行", STATE),
    UnitSpec("中国联通三明分公司{short}营业厅", STATE),
    UnitSpec("永辉超市三明{short}店", NON_PUBLIC),
    UnitSpec("三明市{short}农贸市场管理有限公司", NON_PUBLIC),
    UnitSpec("三明市{short}大药房", NON_PUBLIC),
    UnitSpec("三明市{short}酒店", NON_PUBLIC),
]

#: District and city bodies that can sit in any community.
UNITS_GLOBAL = [
    UnitSpec("梅列区人民代表大会常务委员会机关", ORGAN),
    UnitSpec("政协梅列区委员会机关", ORGAN),
    UnitSpec("梅列区委党校", ORGAN),
    UnitSpec("梅列区司法局", ORGAN),
    UnitSpec("梅列区人力资源和社会保障局", ORGAN),
    UnitSpec("梅列区住房和城乡建设局", ORGAN),
    UnitSpec("梅列区城市管理行政执法局", ORGAN),
    UnitSpec("梅列区文化体育局", ORGAN),
    UnitSpec("梅列区审计局", ORGAN),
    UnitSpec("梅列区统计局", ORGAN),
    UnitSpec("梅列区环境保护局", ORGAN),
    UnitSpec("梅列区交通局", ORGAN),
    UnitSpec("梅列区农业局", ORGAN),
    UnitSpec("梅列区人口和计划生育局", ORGAN),
    UnitSpec("梅列区档案局", ORGAN),
    UnitSpec("梅列区国家税务局", ORGAN),
    UnitSpec("梅列区地方税务局", ORGAN),
    UnitSpec("梅列区总工会", ORGAN),
    UnitSpec("共青团梅列区委", ORGAN),
    UnitSpec("梅列区妇女联合会", ORGAN),
    UnitSpec("梅列区人民武装部", ORGAN),
    UnitSpec("梅列区消防大队", ORGAN),
    UnitSpec("梅列区安全生产监督管理局", ORGAN),
    UnitSpec("梅列区发展和改革局", ORGAN),
    UnitSpec("梅列区经济贸易局", ORGAN),
    UnitSpec("梅列区科学技术局", ORGAN),
    UnitSpec("梅列区物价局", ORGAN),
    UnitSpec("梅列区房产管理局", ORGAN),
    UnitSpec("三明市公安局交通警察支队梅列大队", ORGAN),
    UnitSpec("三明市国土资源局梅列分局", ORGAN),
    UnitSpec("三明市质量技术监督局梅列分局", ORGAN),
    UnitSpec("三明市规划局梅列分局", ORGAN),
    UnitSpec("三明市食品药品监督管理局梅列分局", ORGAN),
    UnitSpec("三明市气象局", ORGAN),
    UnitSpec("三明市地震局", ORGAN),
    UnitSpec("三明市图书馆", INSTITUTION),
    UnitSpec("三明市博物馆", INSTITUTION),
    UnitSpec("三明市广播电视台", INSTITUTION),
    UnitSpec("三明市青少年宫", INSTITUTION),
    UnitSpec("三明市老年大学", INSTITUTION),
    UnitSpec("三明市体育中心", INSTITUTION),
    UnitSpec("三明市住房公积金管理中心", INSTITUTION),
    UnitSpec("三明市疾病预防控制中心", INSTITUTION),
    UnitSpec("梅列区疾病预防控制中心", INSTITUTION),
    UnitSpec("梅列区医院", INSTITUTION),
    UnitSpec("梅列区文化馆", INSTITUTION),
    UnitSpec("梅列区实验幼儿园", INSTITUTION),
    UnitSpec("梅列区特殊教育学校", INSTITUTION),
    UnitSpec("三明市第十中学", INSTITUTION),
    UnitSpec("三明市第八中学", INSTITUTION),
    UnitSpec("三明市沙溪小学", INSTITUTION),
    UnitSpec("三明市高级技工学校", INSTITUTION),
    UnitSpec("三明市卫生学校", INSTITUTION),
    UnitSpec("三明市中心血站", INSTITUTION),
    UnitSpec("三明市社会福利院", INSTITUTION),
    UnitSpec("三明市人民医院体检中心", INSTITUTION),
    UnitSpec("三明市公共交通有限公司", STATE),
    UnitSpec("三明市燃气有限公司", STATE),
    UnitSpec("三明化工有限责任公司", STATE),
    UnitSpec("三明纺织有限公司", STATE),
    UnitSpec("三明市医药有限公司", STATE),
    UnitSpec("三明市烟草公司梅列分公司", STATE),
    UnitSpec("三明市粮食局直属粮库", STATE),
    UnitSpec("三明市百货公司", STATE),
    UnitSpec("三明市建筑工程公司", STATE),
    UnitSpec("三明市城市建设投资集团有限公司", STATE),
    UnitSpec("中国人民财产保险三明分公司", STATE),
    UnitSpec("中国人寿保险三明分公司", STATE),
    UnitSpec("三明火车站", STATE),
    UnitSpec("三明市食品有限公司", STATE),
    UnitSpec("三明市外贸有限公司", STATE),
    UnitSpec("三明宾馆", STATE),
]

#: Non-public enterprises: 三明市 + brand + trade.
NON_PUBLIC_BRANDS = [
    "恒达", "鑫源", "华丰", "宏远", "明辉", "盛泰", "永兴", "金盛", "闽中", "丰源", "瑞达", "嘉禾",
    "天成", "福瑞", "佳和", "远航", "兴达", "万通", "东方", "金桥", "华美", "银泰", "如意", "鸿运",
    "顺昌", "新锐", "博文", "同心", "信诚", "康泰",
]
NON_PUBLIC_TRADES = [
    "商贸有限公司", "房地产开发有限公司", "建筑工程有限公司", "物流有限公司", "汽车销售服务有限公司",
    "装饰工程有限公司", "餐饮管理有限公司", "大酒店", "宾馆", "印刷有限公司", "家政服务有限公司",
    "电子科技有限公司", "会计师事务所", "律师事务所", "机械制造有限公司", "建材有限公司",
    "食品有限公司", "茶业有限公司", "广告有限公司", "驾驶培训有限公司", "眼镜店", "连锁药店",
]

#: Title of a unit's head (负责人), by how the unit's name ends; the first match wins.
UNIT_HEAD_TITLES = [
    ("宾馆", "总经理"), ("储蓄所", "主任"), ("分理处", "主任"), ("支行", "行长"), ("分行", "行长"), ("法院", "院长"),
    ("检察院", "检察长"), ("医院", "院长"), ("分院", "院长"), ("学院", "院长"), ("福利院", "院长"),
    ("保健院", "院长"), ("体检中心", "主任"), ("分局", "局长"), ("局", "局长"), ("派出所", "所长"),
    ("所", "所长"), ("党校", "常务副校长"), ("幼儿园", "园长"), ("学校", "校长"), ("中学", "校长"),
    ("小学", "校长"), ("厂", "厂长"), ("站", "站长"), ("报社", "社长"), ("电视台", "台长"),
    ("馆", "馆长"), ("中心", "主任"), ("机关", "秘书长"), ("部", "部长"), ("大队", "大队长"),
    ("宫", "主任"), ("大学", "校长"), ("区委", "书记"), ("总工会", "主席"), ("联合会", "主席"),
    ("营业厅", "经理"), ("事务所", "主任"), ("大药房", "经理"), ("酒店", "总经理"),
    ("店", "店长"), ("公司", "经理"), ("营业所", "所长"), ("支局", "局长"), ("库", "主任"),
]
#: Some units' heads are named by their Party post instead.
UNIT_PARTY_TITLE = "党支部书记"


def unit_head_title(unit_name: str) -> str:
    for suffix, title in UNIT_HEAD_TITLES:
        if unit_name.endswith(suffix):
            return title
    return "负责人"


# -- people ---------------------------------------------------------------------------------

#: Common surnames in Sanming, roughly by frequency (the first are the most common).
SURNAMES = (
    "陈林黄张吴李王郑刘杨罗邱曾廖魏谢赖江肖余朱叶徐周邓池詹卢蔡温何许范严胡郭施苏钟游高"
    "涂翁饶傅黎洪彭丁沈姜萧连"
)
GIVEN_MALE = "建国明华伟强军勇斌平志文辉俊杰涛峰鹏宏东海林福荣清德金生祥春旺水根昌光忠武新亮龙发兴义良成永"
GIVEN_FEMALE = "秀英华玉兰芳美珍丽娟霞萍红梅琴燕凤莲娇琳静婷雪艳敏慧月春桂芬琼素晶洁丹云"

#: Specialties (特长) with a weight; matched against posts and tasks later.
SPECIALTIES = [
    ("调解", 9), ("法律", 5), ("电工", 6), ("水电维修", 6), ("医疗", 4), ("护理", 4), ("文艺", 8),
    ("书法", 4), ("摄影", 3), ("电脑", 6), ("财会", 4), ("教育", 5), ("心理咨询", 2), ("厨艺", 3),
    ("驾驶", 4), ("治安巡逻", 7), ("环境卫生", 6), ("宣传", 5), ("体育", 4), ("家政", 3),
    ("消防", 3), ("外语", 2), ("园艺", 2),
]

#: Mobile number prefixes in use in 2010 (China Mobile, Unicom, Telecom).
MOBILE_PREFIXES = [
    "134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "187", "188",
    "130", "131", "132", "155", "156", "186", "133", "153", "180", "189",
]

#: District leaders who "hang" on a community (挂点领导): (post, how many communities).
LIAISON_LEADER_POSTS = [
    ("区委书记", 1), ("区委副书记、区长", 1), ("区委副书记", 1), ("区委常委、常务副区长", 2),
    ("区委常委、组织部部长", 2), ("区委常委、宣传部部长", 1), ("区委常委、纪委书记", 1),
    ("区委常委、政法委书记", 1), ("区委常委、统战部部长", 1), ("区委常委、人武部部长", 1),
    ("副区长", 1), ("副区长", 1), ("副区长", 1), ("区人大常委会主任", 1), ("区人大常委会副主任", 1),
    ("区人大常委会副主任", 2), ("区政协主席", 1), ("区政协副主席", 1), ("区政协副主席", 2),
    ("区委办主任", 1), ("区政府办主任", 1),
]

# -- demo logins ----------------------------------------------------------------------------


class LoginSpec(NamedTuple):
    username: str
    role: str  # an accounts.Role value, or "" for the superuser
    display: str  # first_name; "{person}" / "{unit}" filled in for people-based logins


DEMO_LOGINS = [
    LoginSpec("admin", "", "系统管理员"),
    LoginSpec("district", "district_office", "梅列区委组织部"),
    LoginSpec("lidong", "street_committee", "列东街道工委"),
    LoginSpec("liexi", "street_committee", "列西街道工委"),
    LoginSpec("jiangbin", "community_party", "江滨社区党支部"),
    LoginSpec("unit", "org_liaison", "{person}（{unit}联络员）"),
    LoginSpec("member", "member", "{person}（江滨社区党员）"),
    LoginSpec("resident", "resident", "{person}（江滨社区居民）"),
]
#: The scopes of the demo logins.
DEMO_STREETS = {"lidong": "列东街道", "liexi": "列西街道"}
DEMO_COMMUNITY = "江滨社区"
DEMO_UNIT = "国网三明供电公司列东供电所"
