"""The demo district's 2010 annual plans: what each of the 25 communities decomposed its year
into, who took each task, how it went month by month, and what resident units paid for.

``build(district)`` writes, deterministically and only once per district:

- the district's five work categories;
- a published 2010 plan per community, its tasks shared out in proportion to the community's
  resident units (284 in all), each with target, deadline, lead organisation, responsible
  leader (the lead organisation's head, else its own liaison, as ``leader_person``; never
  someone of another organisation), liaison and co-organisers; every resident unit leads or co-organises at least one;
- the lead organisations' step-by-step plans (milestones) and monthly reports from February
  to December, each stamped with when it was submitted: most by the 5th of the following
  month, some late and a few missing, each community keeping its own habits (so a ranking
  has something to rank); a few tasks are still unfinished at the year's end; a few photos
  for 江滨社区;
- 94 community-building items led or assisted by resident units, whose contributions total
  505,000.00 yuan, plus a few items residents' groups ran without unit money;
- some residents' feedback with the staff's answers, and street comments.

Nothing here stores a figure: the counts the statistics report are counted from these rows.
Writes go through ``services`` (one object) or ``services.bulk_create_logged`` (many), so
every row has its change-log row with source ``demo``.
"""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongjian.core.models import ObjectChange
from gongjian.registry.models import Affiliation, Community, Organisation

from . import progress, services
from .models import (
    AnnualPlan,
    BuildingItem,
    Contribution,
    Evidence,
    Feedback,
    Milestone,
    ProgressReport,
    Task,
    TaskComment,
    WorkCategory,
)

YEAR = 2010
SOURCE = "demo"
SEED = "gongjian-targets-2010"
#: How many tasks the district's communities took in 2010, and the community-building items
#: resident units led or assisted with the money they gave (the briefing of 2010-10-20).
TASKS_TOTAL = 284
UNIT_ITEMS_TOTAL = 94
UNIT_FUNDS_TOTAL = Decimal("505000.00")
#: Reports were written February to December, each due by the 5th of the following month.
REPORT_MONTHS = range(2, 13)

Kind = Organisation.Kind


@dataclass(frozen=True)
class TaskTemplate:
    """A kind of task a community sets, with the steps its lead organisation plans.

    ``lead``: "unit" (a resident unit, preferring names with one of ``prefer``) or the
    template of a community organisation's name. ``steps``: (step, month due). ``item``:
    (title, lowest, highest yuan) when the task is carried out as a funded building item."""

    category: int
    title: str
    what: str
    quantity: int | None
    unit: str
    steps: tuple
    deadline: tuple[int, int]
    lead: str = "unit"
    prefer: tuple = ()
    budget: tuple[int, int] | None = None
    item: tuple[str, int, int] | None = None
    weight: int = 1
    description: str = ""
    done: tuple = ()


T = TaskTemplate
TEMPLATES = [
    # 党建联抓
    T(0, "召开社区党建联席会议", "每季度召开一次党建联席会，研究共建事项", 4, "次",
      (("制定联席会议年度议题", 3), ("召开第二季度联席会议", 6), ("召开第三季度联席会议", 9), ("年终总结联席会议", 12)), (12, 31),
      lead="{short}社区党*", description="由社区党组织牵头，驻区成员单位轮流承办，通报共建进展，协调解决难点问题。",
      done=("召开联席会议，{n}家成员单位参加", "通报上季度共建任务进展", "协调解决成员单位提出的问题{k}件")),
    T(0, "在职党员进社区“认岗服务”", "组织本单位在职党员到社区报到并认领服务岗位", 20, "人",
      (("动员在职党员到社区报到", 3), ("认领服务岗位并公示", 4), ("开展岗位服务活动", 10)), (11, 30), prefer=("局", "院", "所"),
      description="本单位在职党员持报到卡到社区报到，结合特长认领平安创建、文明劝导等岗位。",
      done=("{k}名在职党员到社区报到", "认领服务岗位{k}个", "开展岗位服务{k}人次")),
    T(0, "结对帮扶困难党员", "与社区困难党员、老党员结对，定期走访帮扶", 5, "户",
      (("摸排困难党员名单", 3), ("确定结对帮扶对象", 4), ("节日走访慰问", 9)), (12, 31), budget=(3000, 8000),
      item=("困难党员结对帮扶", 2000, 6000), done=("走访困难党员{k}户", "送去慰问金和生活用品", "帮助解决实际困难{k}件")),
    T(0, "非公企业党建联谊活动", "联合驻区非公企业开展党建联谊和党员教育", 2, "次",
      (("商定联谊活动方案", 4), ("开展“七一”党建联谊", 7), ("开展年终联谊交流", 11)), (11, 30), prefer=("有限公司", "酒店", "宾馆"),
      done=("{k}家非公企业参加联谊", "组织企业党员参观学习", "交流企业党建工作经验")),
    T(0, "党员远程教育站点共建", "协助社区建成党员远程教育站点并正常收看", 1, "个",
      (("确定站点场地", 3), ("采购安装设备", 5), ("组织党员收看学习", 10)), (10, 31), prefer=("电信", "移动", "联通", "广播电视"),
      budget=(8000, 20000), item=("党员远程教育站点设备", 8000, 15000), done=("完成设备调试", "组织党员收看远程教育节目{k}次", "培训站点管理员{k}名")),
    T(0, "“七一”主题党日共建活动", "与社区党组织联合开展主题党日活动", 1, "次",
      (("制定活动方案", 5), ("开展主题党日活动", 7)), (7, 31), done=("{k}名党员参加主题党日", "重温入党誓词并开展志愿服务")),
    T(0, "社区党员活动室共建", "协助改善社区党员活动室设施", 1, "间",
      (("提出改造方案", 3), ("购置桌椅和电教设备", 6), ("投入使用", 8)), (8, 31), budget=(5000, 15000),
      item=("党员活动室桌椅及电教设备", 5000, 12000), done=("完成活动室粉刷", "购置桌椅{k}套", "活动室投入使用")),
    T(0, "创先争优公开承诺践诺", "社区党员公开承诺事项按期兑现", 100, "%",
      (("汇总党员承诺事项并上墙公示", 3), ("年中检查承诺兑现情况", 7), ("年终评议践诺情况", 12)), (12, 31), lead="{name}居委会",
      done=("公示党员承诺{k}条", "检查承诺兑现情况", "对未兑现事项进行督促")),
    # 治安联防
    T(1, "小区技防监控安装", "在老旧小区主要出入口和路段安装监控探头", 8, "个",
      (("勘察确定安装点位", 3), ("采购监控设备", 5), ("安装调试并接入监控室", 8)), (9, 30), prefer=("供电", "电信", "移动", "公安", "派出所"),
      budget=(15000, 45000), item=("小区治安监控探头安装", 15000, 40000), weight=2,
      description="结合小区“四管”模式，在无物业管理的老旧小区安装监控，接入社区监控室。", done=("完成{k}个点位勘察", "安装监控探头{k}个", "监控画面接入社区监控室")),
    T(1, "义务巡逻队夜间巡逻", "组织义务巡逻队开展夜间治安巡逻", 3, "次/周",
      (("组建巡逻队并排班", 2), ("开展常态化夜间巡逻", 12)), (12, 31), lead="{name}义务巡逻队",
      done=("开展夜间巡逻{k}次", "发现并上报安全隐患{k}处", "劝导可疑人员{k}人次")),
    T(1, "消防安全隐患排查整治", "对辖区楼栋和沿街店面开展消防隐患排查", 12, "栋",
      (("制定排查方案", 3), ("逐栋排查隐患", 6), ("督促整改并复查", 9)), (10, 31), prefer=("消防", "安全生产", "供电"),
      budget=(3000, 10000), item=("楼道灭火器配置", 3000, 8000), done=("排查楼栋{k}栋", "发现消防隐患{k}处", "整改完成隐患{k}处")),
    T(1, "矛盾纠纷排查调解", "每月排查矛盾纠纷，调解成功率95%以上", 95, "%",
      (("建立纠纷排查台账", 3), ("每月排查调解", 11), ("年终汇总分析", 12)), (12, 31), prefer=("法院", "司法", "律师"),
      done=("排查矛盾纠纷{k}起", "调解成功{k}起", "开展法律咨询{k}人次")),
    T(1, "流动人口和出租房屋登记", "流动人口和出租房屋信息登记率达到100%", 100, "%",
      (("入户登记流动人口", 5), ("核查出租房屋", 8), ("建立动态管理台账", 10)), (10, 31), prefer=("派出所", "公安"),
      done=("登记流动人口{k}人", "核查出租房屋{k}户", "更新管理台账")),
    T(1, "禁毒和反邪教宣传", "开展禁毒、反邪教宣传进社区活动", 4, "次",
      (("制作宣传展板", 4), ("“6·26”禁毒日集中宣传", 6), ("入户发放宣传资料", 10)), (10, 31), prefer=("公安", "检察", "司法"),
      done=("发放宣传资料{k}份", "制作宣传展板{k}块", "开展集中宣传{k}次")),
    T(1, "小区路灯维修和增设", "维修和增设小区路灯，消除照明盲区", 20, "盏",
      (("排查照明盲区", 3), ("维修损坏路灯", 5), ("增设新路灯", 9)), (9, 30), prefer=("供电",),
      budget=(6000, 20000), item=("小区路灯维修增设", 6000, 20000), done=("维修路灯{k}盏", "增设路灯{k}盏", "消除照明盲区{k}处")),
    T(1, "法律进社区咨询服务", "每月到社区开展一次法律咨询", 12, "次",
      (("确定驻点律师和法官", 2), ("每月开展法律咨询", 12)), (12, 31), prefer=("法院", "司法", "律师", "检察"),
      done=("开展法律咨询{k}次", "接待居民咨询{k}人次", "代写法律文书{k}份")),
    # 卫生联管
    T(2, "老旧下水道改造", "改造老旧小区破损下水管道，解决污水外溢", 800, "米",
      (("勘察管网现状", 3), ("制定改造方案并筹集资金", 4), ("施工改造", 8), ("验收", 9)), (9, 30), prefer=("住房", "建设", "自来水", "城市建设"),
      budget=(20000, 60000), item=("老旧下水道改造", 20000, 60000), weight=3,
      description="驻区单位共同出资，对老旧小区破损下水道分段改造，彻底解决雨季污水外溢问题。", done=("完成管网勘察{k}米", "改造下水管道{k}米", "疏通排污井{k}个")),
    T(2, "楼道卫生集中整治", "以楼幢为单位组织党员干部和居民清理楼道", 30, "栋",
      (("划分楼幢责任区", 3), ("集中清理楼道杂物", 5), ("建立长效保洁制度", 9)), (9, 30),
      done=("清理楼道{k}栋", "清运垃圾杂物{k}车", "组织党员干部{k}人次参加")),
    T(2, "“大手牵小手”卫生监督", "组织老人和儿童参与卫生监督，劝导乱倒垃圾", 10, "次",
      (("组建“大手牵小手”监督队", 3), ("开展卫生监督活动", 11)), (11, 30), lead="{name}老年协会",
      done=("老人儿童{k}人参加监督", "劝导乱倒垃圾{k}人次", "开展卫生监督{k}次")),
    T(2, "沙溪河沿岸环境整治", "清理沙溪河沿岸垃圾和乱堆乱放", 2, "公里",
      (("沿岸垃圾集中清理", 4), ("整治乱堆乱放", 7), ("建立巡查制度", 10)), (10, 31), prefer=("环境保护", "城市管理"),
      done=("清理河岸{k}米", "清运垃圾{k}吨", "整治乱堆乱放{k}处")),
    T(2, "小区绿化补植", "对小区绿地进行补植和养护", 500, "平方米",
      (("确定补植区域", 3), ("春季补植", 4), ("养护管理", 10)), (10, 31), prefer=("农业", "园林", "城市"),
      budget=(5000, 15000), item=("小区绿化补植", 5000, 15000), done=("补植绿地{k}平方米", "种植树苗{k}株", "开展绿地养护{k}次")),
    T(2, "除“四害”和病媒防治", "开展春秋两季除“四害”活动", 2, "次",
      (("春季除“四害”", 4), ("秋季除“四害”", 9)), (9, 30), prefer=("疾病预防", "卫生", "医院"),
      done=("投放灭鼠药{k}公斤", "清理卫生死角{k}处", "消杀面积{k}平方米")),
    T(2, "垃圾桶和果皮箱配置", "为小区和沿街配置垃圾桶和果皮箱", 40, "个",
      (("统计需求点位", 3), ("采购配置", 5)), (6, 30), prefer=("城市管理", "环境"),
      budget=(3000, 9000), item=("垃圾桶果皮箱购置", 3000, 9000), done=("配置垃圾桶{k}个", "配置果皮箱{k}个")),
    T(2, "“6·18”洪灾后清淤消杀", "洪水退后及时清淤、消杀，防止疫情发生", 100, "%",
      (("清理淤泥和垃圾", 6), ("全面消毒杀菌", 7), ("复查卫生死角", 8)), (8, 31), prefer=("疾病预防", "卫生", "医院", "消防"),
      budget=(5000, 20000), item=("洪灾后清淤消杀", 5000, 20000), weight=2,
      description="“6·18”洪灾后，组织党员干部和驻区单位职工清淤消杀，恢复社区环境。", done=("清理淤泥{k}吨", "消杀面积{k}平方米", "组织{k}名职工参加清淤")),
    # 服务联手
    T(3, "“绿色网吧”上网技术培训", "举办居民上网技术培训班", 4, "期",
      (("制定培训计划", 3), ("举办第一、二期培训班", 5), ("举办第三、四期培训班", 10)), (10, 31), lead="{name}团支部",
      budget=(2000, 6000), item=("社区“绿色网吧”电脑购置", 10000, 30000), weight=2,
      description="社区“绿色网吧”的日常管理和培训交由团支部负责，面向居民开展实用上网技术培训。", done=("举办培训班{k}期", "培训居民{k}人", "开放“绿色网吧”{k}天")),
    T(3, "暑期青少年夏令营", "暑假期间举办青少年夏令营", 3, "期",
      (("制定夏令营方案", 5), ("举办夏令营", 8)), (8, 31), lead="{name}团支部",
      done=("举办夏令营{k}期", "{k}名青少年参加", "组织参观学习和安全教育")),
    T(3, "空巢老人结对关爱", "为空巢和独居老人结对，定期上门服务", 30, "户",
      (("摸排空巢老人", 3), ("结对并建立服务档案", 4), ("定期上门服务", 12)), (12, 31), lead="{name}志愿者服务队",
      done=("结对空巢老人{k}户", "上门服务{k}人次", "帮助老人解决困难{k}件")),
    T(3, "下岗失业人员再就业培训", "为下岗失业人员开展技能培训并推荐就业", 50, "人",
      (("摸底登记培训需求", 3), ("开展技能培训", 7), ("推荐就业岗位", 10)), (10, 31), prefer=("人力资源", "技工", "职业", "学院"),
      done=("培训下岗失业人员{k}人", "推荐就业{k}人", "举办招聘会{k}场")),
    T(3, "困难户节日慰问", "春节、中秋走访慰问低保户和困难户", 20, "户",
      (("春节慰问", 2), ("中秋慰问", 9)), (9, 30), budget=(3000, 10000), item=("困难户节日慰问", 3000, 10000),
      done=("慰问困难户{k}户", "送去慰问金和物品", "了解困难群众需求")),
    T(3, "社区卫生义诊", "每两个月到社区开展一次义诊", 6, "次",
      (("确定义诊医生和日期", 2), ("开展义诊", 12)), (12, 31), prefer=("医院", "卫生", "保健"),
      done=("开展义诊{k}次", "为居民测量血压、血糖{k}人次", "发放健康资料{k}份")),
    T(3, "便民服务点共建", "在社区设立便民服务点，方便居民缴费办事", 1, "个",
      (("确定服务点位置", 3), ("设立便民服务点", 5), ("开展便民服务", 10)), (10, 31), prefer=("银行", "邮政", "电信", "移动", "联通", "自来水"),
      done=("设立便民服务点", "为居民办理业务{k}笔", "开展上门服务{k}次")),
    T(3, "“6·18”洪灾受灾群众帮扶", "帮助受灾群众渡过难关、恢复生产生活", 100, "%",
      (("紧急转移安置受灾群众", 6), ("发放救灾物资", 7), ("帮助灾后重建", 9)), (9, 30), budget=(5000, 30000),
      item=("“6·18”洪灾受灾群众救助", 5000, 30000), weight=2, done=("转移安置群众{k}人", "发放救灾物资{k}份", "帮助修缮受损房屋{k}户")),
    T(3, "社区居家养老服务站建设", "协助建成社区居家养老服务站", 1, "个",
      (("选定站点", 3), ("配置设施", 6), ("开展助餐助洁服务", 10)), (10, 31), prefer=("民政", "福利", "医院"),
      budget=(10000, 30000), item=("居家养老服务站设施", 10000, 30000), weight=2, done=("配置服务设施{k}件", "为老人提供服务{k}人次")),
    # 文体活动联谊
    T(4, "“邻里一家亲”文艺晚会", "举办“邻里一家亲”社区文艺晚会", 1, "场",
      (("征集节目", 7), ("排练", 8), ("举办晚会", 9)), (9, 30), budget=(3000, 8000), item=("“邻里一家亲”晚会舞台音响", 3000, 8000),
      done=("征集节目{k}个", "组织排练{k}次", "{k}名居民观看晚会")),
    T(4, "社区文艺队共建", "与社区联合组建文艺队并定期排练", 1, "支",
      (("组建文艺队", 3), ("定期排练", 10)), (10, 31), budget=(3000, 10000), item=("社区文艺队服装道具", 3000, 10000),
      done=("文艺队员{k}人", "排练{k}次", "参加演出{k}场")),
    T(4, "和谐家庭评选", "开展和谐家庭评选表彰", 10, "户",
      (("发动居民推荐", 5), ("评选公示", 9), ("表彰", 10)), (10, 31), lead="{name}妇联",
      done=("推荐和谐家庭{k}户", "评选公示", "表彰和谐家庭{k}户")),
    T(4, "文明楼院创建", "开展文明楼院创建活动", 5, "个",
      (("确定创建楼院", 3), ("开展创建活动", 9), ("验收命名", 11)), (11, 30),
      done=("确定创建楼院{k}个", "开展文明劝导{k}次", "清理楼院卫生{k}次")),
    T(4, "婚育新风进万家", "开展婚育新风进万家宣传服务活动", 4, "次",
      (("制定宣传方案", 3), ("开展宣传服务", 11)), (11, 30), prefer=("人口和计划生育", "保健", "卫生"),
      done=("开展宣传活动{k}次", "发放宣传资料{k}份", "为育龄妇女提供服务{k}人次")),
    T(4, "全民健身运动会", "联合举办社区全民健身运动会", 1, "次",
      (("筹备运动会", 8), ("举办运动会", 10)), (10, 31), prefer=("体育", "文化", "学校", "中学"),
      budget=(8000, 25000), item=("社区健身器材安装", 8000, 25000), done=("设置比赛项目{k}个", "{k}名居民参赛", "安装健身器材{k}件")),
    T(4, "广场舞和太极拳培训", "在文化广场开展广场舞、太极拳培训", 12, "次",
      (("确定培训老师", 3), ("开展培训", 11)), (11, 30), lead="{name}文艺队",
      done=("开展培训{k}次", "参加培训居民{k}人次")),
    T(4, "图书漂流和读书会", "为社区图书室捐赠图书，组织读书会", 500, "册",
      (("募集图书", 4), ("开展读书会", 10)), (10, 31), prefer=("图书馆", "学校", "中学", "小学", "新华书店", "日报"),
      done=("捐赠图书{k}册", "举办读书会{k}次")),
]

#: Items residents' groups ran without money from resident units (not counted as unit items).
COMMUNITY_ITEMS = [
    ("{name}老年协会", "“大手牵小手”卫生监督岗", "社区老年协会组织老人和儿童参与卫生监督。"),
    ("{name}志愿者服务队", "志愿者义务清扫街巷", "志愿者每月义务清扫社区街巷。"),
]

FEEDBACK = [
    ("下水道改造后小区再也不返臭味了，感谢驻区单位！", "", "感谢您的肯定，改造后我们会定期疏通维护。"),
    ("监控装好后晚上出门安心多了，希望后门也能装一个。", "王", "已将后门点位列入下一批安装计划。"),
    ("夏令营什么时候报名？孩子想参加。", "", "报名已在社区服务大厅开始，欢迎来电咨询。"),
    ("楼道里的杂物清了又堆，能不能定期检查？", "陈", "已建立楼长巡查制度，每周检查一次。"),
    ("路灯修好了，老人晚上散步方便多了。", "", "谢谢，我们会继续排查照明盲区。"),
]
COMMENTS = [
    "进度符合要求，请继续按计划推进。",
    "请补充本月佐证照片。",
    "进度滞后，请说明原因并提出整改措施。",
    "此项工作成效明显，可在街道推广。",
]


def _writer(stdout):
    if stdout is None:
        return lambda message: None
    return lambda message: stdout.write(message + "\n")


def _aware(date: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(date.year, date.month, date.day, hour))


def _month_end(year: int, month: int) -> datetime.date:
    return progress.add_months(datetime.date(year, month, 1), 1) - datetime.timedelta(days=1)


def _due(month: datetime.date) -> datetime.date:
    """A month's report is due by the 5th of the following month."""
    return progress.add_months(month, 1).replace(day=ProgressReport.DUE_DAY)


@dataclass(frozen=True)
class _Habits:
    """How punctually one community's units report: the chance a report is late, and the
    chance a month's report is never written."""

    late: float
    missing: float


def _share(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder): the parts sum exactly."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], -i), reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


@dataclass
class _CommunityPlan:
    community: Community
    short: str
    units: list[Organisation]
    orgs: dict[str, Organisation]
    party_org: Organisation | None
    plan: AnnualPlan | None = None
    tasks: list[tuple[Task, TaskTemplate]] = field(default_factory=list)
    co: dict[int, list[int]] = field(default_factory=dict)


def build(district, *, stdout=None) -> bool:
    """Build the 2010 plans of ``district`` unless it has some already. Returns True when it
    wrote them."""
    say = _writer(stdout)
    if AnnualPlan.objects.filter(community__street__district=district, year=YEAR).exists():
        say(f"{district.name}：{YEAR} 年度工作任务已存在，未作改动。")
        return False
    with transaction.atomic():
        _Builder(district, random.Random(SEED), say).run()
    return True


def delete(district) -> int:
    """Remove the district's target-management rows (and their change-log rows and files)."""
    steps = [
        (Feedback, {"task__plan__community__street__district": district}),
        (TaskComment, {"task__plan__community__street__district": district}),
        (Evidence, {"report__task__plan__community__street__district": district}),
        (Contribution, {"item__community__street__district": district}),
        (BuildingItem, {"community__street__district": district}),
        (Milestone, {"task__plan__community__street__district": district}),
    ]
    total = 0
    Task.objects.filter(plan__community__street__district=district).update(latest_report=None)
    steps += [
        (ProgressReport, {"task__plan__community__street__district": district}),
        (Task, {"plan__community__street__district": district}),
        (AnnualPlan, {"community__street__district": district}),
        (WorkCategory, {"district": district}),
    ]
    for model, condition in steps:
        qs = model.objects.filter(**condition)
        if model is Evidence:
            for evidence in qs:
                evidence.file.delete(save=False)
        ids = list(qs.values_list("pk", flat=True))
        ct = ContentType.objects.get_for_model(model)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            ObjectChange.objects.filter(content_type=ct, object_id__in=chunk).delete()
            model.objects.filter(pk__in=chunk).delete()
        total += len(ids)
    return total


class _Builder:
    def __init__(self, district, rng: random.Random, say):
        self.district = district
        self.rng = rng
        self.say = say
        self.users = {u.username: u for u in get_user_model().objects.filter(username__in=["jiangbin", "lidong", "liexi", "district"])}

    # - helpers -

    @staticmethod
    def leader_for(org: Organisation, heads: dict) -> tuple[int | None, str, str]:
        """The lead organisation's head (person, name, post); a unit the registry names no
        head for answers through its own liaison. Never a person of another organisation."""
        return heads.get(org.pk, (None, "", ""))

    def run(self) -> None:
        categories = sorted(services.ensure_categories(actor=None, district=self.district, source=SOURCE), key=lambda c: c.order)
        communities = list(Community.objects.filter(street__district=self.district).select_related("street").order_by("street__name", "pk"))
        orgs = list(Organisation.objects.filter(community__in=communities).order_by("pk"))
        affiliations = list(
            Affiliation.objects.filter(organisation__in=orgs, role__in=[Affiliation.Role.HEAD, Affiliation.Role.LIAISON])
            .select_related("person").order_by("pk")
        )
        heads = {}
        for role in (Affiliation.Role.HEAD, Affiliation.Role.LIAISON):
            for a in affiliations:
                if a.role == role:
                    heads.setdefault(a.organisation_id, (a.person_id, a.person.name, a.title or "负责人"))
        liaisons: dict[int, int] = {}
        for a in affiliations:
            if a.role == Affiliation.Role.LIAISON:
                liaisons.setdefault(a.organisation_id, a.person_id)
        for a in affiliations:  # a community organisation's liaison is its head
            if a.role == Affiliation.Role.HEAD:
                liaisons.setdefault(a.organisation_id, a.person_id)
        works = []
        for c in communities:
            mine = [o for o in orgs if o.community_id == c.pk]
            by_template = {}
            short = c.name.removesuffix("社区")
            for o in mine:
                by_template[o.name.replace(c.name, "{name}", 1)] = o
            party = next((o for o in mine if o.kind == Kind.PARTY_ORG), None)
            works.append(_CommunityPlan(
                community=c, short=short, units=[o for o in mine if o.kind == Kind.RESIDENT_UNIT], orgs=by_template, party_org=party,
            ))
        counts = _share(TASKS_TOTAL, [max(len(w.units), 1) for w in works])
        self.build_plans(works)
        self.build_tasks(works, counts, categories, heads, liaisons)
        self.build_progress(works)
        self.build_items(works, categories)
        self.build_feedback(works)
        n_tasks = sum(len(w.tasks) for w in works)
        self.say(f"{YEAR} 年度工作任务：{len(works)} 个社区计划，{n_tasks} 项任务。")

    # - plans and tasks -

    def build_plans(self, works: list[_CommunityPlan]) -> None:
        published = _aware(datetime.date(YEAR, 1, 28))
        plans = []
        for w in works:
            w.plan = AnnualPlan(
                community=w.community, year=YEAR, title=f"{w.community.name}{YEAR}年度共建工作任务分解表",
                status=AnnualPlan.Status.PUBLISHED, published_at=published,
                notes="经社区党建联席会议研究确定，在年度工作任务分解与个人“设岗定责”大会上签订责任状，上墙公开接受居民监督。",
            )
            w.plan.full_clean()
            plans.append(w.plan)
        services.bulk_create_logged(actor=None, model=AnnualPlan, objs=plans, source=SOURCE)

    def pick_lead(self, w: _CommunityPlan, template: TaskTemplate, cycle: list[Organisation], used: set[int]) -> Organisation:
        if template.lead != "unit":
            # The community organisation named, else its volunteers, else the residents' committee.
            if template.lead.endswith("*"):
                found = w.party_org
            else:
                found = next((w.orgs[k] for k in (template.lead, "{name}志愿者服务队", "{name}居委会") if k in w.orgs), None)
            if found is not None:
                return found
        if not cycle:
            return w.orgs.get("{name}居委会") or w.party_org
        fresh = [u for u in cycle if u.pk not in used]
        if not fresh:  # every unit leads one already: start the round again
            used.clear()
            fresh = list(cycle)
        preferred = [u for u in fresh if any(p in u.name for p in template.prefer)]
        unit = self.rng.choice(preferred) if preferred else fresh[0]
        used.add(unit.pk)
        return unit

    def build_tasks(self, works, counts, categories, heads, liaisons) -> None:
        rng = self.rng
        tasks: list[Task] = []
        co_index: dict[int, list[int]] = {}
        flat: list[tuple[_CommunityPlan, Task, TaskTemplate]] = []
        for w, n in zip(works, counts, strict=True):
            # The green internet room is 江滨's own task (the briefing's example); the rest are drawn.
            must = [t for t in TEMPLATES if t.title.startswith("“绿色网吧”")] if w.short == "江滨" else []
            rest = [t for t in TEMPLATES if t not in must]
            chosen = must + rng.sample(rest, n - len(must))
            chosen.sort(key=lambda t: (t.category, TEMPLATES.index(t)))
            cycle = list(w.units)
            rng.shuffle(cycle)
            used: set[int] = set()
            community_orgs = [o for o in w.orgs.values() if o.kind in (Kind.CIVIL, Kind.MASS, Kind.RESIDENTS_COMMITTEE)]
            for number, template in enumerate(chosen, start=1):
                lead = self.pick_lead(w, template, cycle, used)
                leader_id, leader, title = self.leader_for(lead, heads)
                steps = template.steps
                deadline = _month_end(YEAR, template.deadline[0]) if template.deadline[1] >= 28 else datetime.date(YEAR, *template.deadline)
                quantity = template.quantity
                if quantity and template.unit not in ("%", "次/周") and quantity >= 10:
                    quantity = max(1, round(quantity * rng.uniform(0.6, 1.5) / 5) * 5)
                budget = None
                if template.budget:
                    budget = Decimal(round(rng.uniform(*template.budget), -2)).quantize(Decimal("0.01"))
                what = template.what
                target_date = None
                if len(steps) > 1 and rng.random() < 0.3:
                    target_date = datetime.date(YEAR, steps[-1][1], 15) if steps[-1][1] <= deadline.month else None
                task = Task(
                    plan=w.plan, number=number, category=categories[template.category], title=template.title,
                    description=template.description or f"{template.what}。由{lead.name}牵头，协办单位配合，按月报送进展。",
                    target_what=what, target_quantity=Decimal(quantity) if quantity is not None else None, target_unit=template.unit,
                    target_date=target_date, deadline=deadline, lead_organisation=lead, leader_person_id=leader_id, leader_name=leader, leader_title=title,
                    liaison_id=liaisons.get(lead.pk), budget=budget, weight=template.weight,
                )
                tasks.append(task)
                flat.append((w, task, template))
                w.tasks.append((task, template))
                partners = [u for u in w.units if u.pk != lead.pk] + [o for o in community_orgs if o.pk != lead.pk]
                k = rng.choice((0, 1, 1, 2, 2, 3))
                co_index[len(tasks) - 1] = sorted({o.pk for o in rng.sample(partners, min(k, len(partners)))})
            # Every resident unit takes part: a unit not yet in a task co-organises one.
            involved = {t.lead_organisation_id for t, _tpl in w.tasks}
            first = len(tasks) - len(w.tasks)
            for i in range(first, len(tasks)):
                involved.update(co_index[i])
            idle = [u for u in w.units if u.pk not in involved]
            for j, unit in enumerate(idle):
                i = first + (j * 7) % len(w.tasks)
                if tasks[i].lead_organisation_id == unit.pk:
                    i = first + (i - first + 1) % len(w.tasks)
                co_index[i] = sorted(set(co_index[i]) | {unit.pk})
        for task in tasks:
            task.full_clean(exclude=["plan", "category", "lead_organisation", "liaison", "leader_person"])
        services.bulk_create_logged(actor=None, model=Task, objs=tasks, source=SOURCE, m2m={"co_organisers": co_index})
        self.co_index = co_index
        self.all_tasks = flat

    # - milestones and monthly reports -

    def build_progress(self, works) -> None:
        rng = self.rng
        milestones: list[Milestone] = []
        reports: list[ProgressReport] = []
        per_task: dict[int, tuple[list[Milestone], list[ProgressReport]]] = {}
        # Each community has its habits: most report on time, a few are often late or forget.
        habits = {
            w.community.pk: _Habits(late=rng.choice((0.02, 0.05, 0.08, 0.12, 0.2, 0.35)), missing=rng.choice((0.0, 0.01, 0.02, 0.04, 0.08)))
            for w in works
        }
        for w, task, template in self.all_tasks:
            habit = habits[w.community.pk]
            steps = [
                (title, min(datetime.date(YEAR, month, 28 if month != 2 else 26), task.deadline))
                for title, month in template.steps
            ]
            ms = [
                Milestone(task=task, title=title, due=due, weight=rng.choice((1, 1, 2, 2, 3)) if len(steps) > 1 else 1)
                for title, due in steps
            ]
            start = min(rng.choice((2, 2, 3, 3, 4)), template.steps[0][1])
            end = task.deadline.month
            # The plan says when each step should be done: expected progress follows the steps.
            windows, begin = [], start
            for m in ms:
                due_month = max(m.due.month, begin)
                windows.append((begin, due_month, m.weight))
                begin = min(due_month + 1, 12)
            total_weight = sum(w for _b, _e, w in windows)

            def planned(month, windows=windows, total_weight=total_weight):
                done = sum(w * min(1, max(0, (month - b + 1) / (e - b + 1))) for b, e, w in windows)
                return min(100, round(100 * done / total_weight))
            pace = rng.choice((0.75, 0.85, 0.95, 1.0, 1.0, 1.05, 1.1, 1.15))
            # Behind at the deadline, most catch up in the months after it; a few never do.
            catch_up = rng.choice((0, 6, 10, 10, 15, 20, 25))
            scale_n, scale_k = rng.randint(5, 15), rng.randint(12, 60)  # the figures the reports quote grow with progress
            percent = 0
            rs = []
            for month in REPORT_MONTHS:
                if month < start:
                    continue
                missing = rng.random() < habit.missing
                expected = planned(month)
                target = min(100, round(expected * pace + rng.uniform(-4, 4)))
                percent = max(percent, target, 5)
                if month >= end and pace >= 0.95:
                    percent = 100
                elif month > end:
                    percent += catch_up
                if missing and percent < 100:
                    continue
                percent = min(percent, 100)
                gap = expected - percent
                status = ProgressReport.Status.ON_TRACK if gap < 10 else (ProgressReport.Status.AT_RISK if gap < 25 else ProgressReport.Status.LATE)
                spread = progress.spread(ms, percent)
                current = next((m for m, p in zip(ms, spread, strict=True) if p < 100), None)
                following = None
                if current is not None:
                    idx = ms.index(current)
                    following = ms[idx + 1] if idx + 1 < len(ms) else None
                step_index = ms.index(current) if current is not None else len(ms) - 1
                phrases = template.done or ("按计划推进",)
                phrase = phrases[min(step_index, len(phrases) - 1)].format(n=scale_n, k=max(1, round(scale_k * percent / 100)))
                step_title = (current or ms[-1]).title
                done_text = f"{step_title}，{phrase}。"
                if percent >= 100:
                    done_text = f"各项工作全部完成，{phrase}，已达到年度目标。"
                if current is None:
                    next_step = "巩固成果，整理台账资料，迎接年终民主评议。"
                elif following is not None and spread[ms.index(current)] > 60:
                    next_step = f"完成“{current.title}”，启动“{following.title}”。"
                else:
                    next_step = f"继续推进“{current.title}”。"
                if status != ProgressReport.Status.ON_TRACK:
                    next_step += "协调协办单位加大人员和资金投入，加快进度。"
                first = datetime.date(YEAR, month, 1)
                if rng.random() < habit.late:
                    when = _due(first) + datetime.timedelta(days=rng.choice((1, 2, 3, 5, 8, 12, 20)))
                else:
                    when = _due(first) - datetime.timedelta(days=rng.choice((0, 1, 2, 3, 4, 6, 8)))
                report = ProgressReport(
                    task=task, month=first, percent=percent, done_text=done_text, next_step=next_step, status=status,
                    submitted_at=_aware(when, rng.choice((9, 10, 11, 15, 16, 17))),
                )
                rs.append((report, spread))
                if percent >= 100:
                    break
            final = rs[-1][1] if rs else [0] * len(ms)
            for m, p in zip(ms, final, strict=True):
                m.percent = p
            for m_index, m in enumerate(ms):  # done on the last day of the month it reached 100
                if m.percent >= 100:
                    month = next(r.month for r, spread in rs if spread[m_index] >= 100)
                    m.done_on = min(_month_end(YEAR, month.month), task.deadline)
            milestones += ms
            reports += [r for r, _s in rs]
            per_task[task.pk] = (ms, [r for r, _s in rs])
        for m in milestones:
            m.full_clean(exclude=["task"])
        for r in reports:
            r.full_clean(exclude=["task"], validate_constraints=False)
        services.bulk_create_logged(actor=None, model=Milestone, objs=milestones, source=SOURCE)
        services.bulk_create_logged(actor=None, model=ProgressReport, objs=reports, source=SOURCE)
        updated = []
        for _w, task, _tpl in self.all_tasks:
            ms, rs = per_task[task.pk]
            latest = rs[-1] if rs else None
            task.percent = progress.milestone_percent(ms) if ms else (latest.percent if latest else 0)
            if task.percent >= 100:
                task.status = Task.Status.DONE
            elif latest is not None:
                task.status = latest.status
            else:
                task.status = Task.Status.NOT_STARTED
            task.last_report_month = latest.month if latest else None
            task.latest_report = latest
            updated.append(task)
            task.updated_at = latest.submitted_at if latest else _aware(datetime.date(YEAR, 1, 28))
        # Derived fields, as services.refresh_task_progress keeps them (no new version).
        Task.objects.bulk_update(updated, ["percent", "status", "last_report_month", "latest_report", "updated_at"], batch_size=500)
        # The rows carry the dates they were written in 2010, not the day the demo was loaded.
        for r in reports:
            r.created_at = r.updated_at = r.submitted_at
        ProgressReport.objects.bulk_update(reports, ["created_at", "updated_at"], batch_size=500)
        for month in REPORT_MONTHS:
            Milestone.objects.filter(task__plan__in=[w.plan for w in works], due__year=YEAR, due__month=month).update(created_at=_aware(datetime.date(YEAR, 2, 5)))
        AnnualPlan.objects.filter(pk__in=[w.plan.pk for w in works]).update(created_at=_aware(datetime.date(YEAR, 1, 15)), updated_at=_aware(datetime.date(YEAR, 1, 28)))
        self.say(f"分步实施：{len(milestones)} 个步骤，{len(reports)} 份月度进展报告。")
        self.add_photos(works)

    def add_photos(self, works) -> None:
        """A few photos on 江滨's latest reports, so the board has pictures to show."""
        from PIL import Image, ImageDraw

        jiangbin = next((w for w in works if w.short == "江滨"), None)
        if jiangbin is None:
            return
        rows = []
        palette = [(196, 30, 36), (33, 111, 179), (46, 139, 87), (230, 150, 30)]
        for i, (task, _tpl) in enumerate(jiangbin.tasks[:4]):
            report = task.latest_report
            if report is None:
                continue
            img = Image.new("RGB", (640, 420), (235, 238, 242))
            draw = ImageDraw.Draw(img)
            color = palette[i % len(palette)]
            draw.rectangle((40, 260, 600, 380), fill=color)
            draw.polygon(((60, 260), (200, 120), (340, 260)), fill=(120, 120, 120))
            draw.ellipse((460, 40, 560, 140), fill=(250, 210, 80))
            buffer = io.BytesIO()
            img.save(buffer, format="JPEG", quality=80)
            evidence = Evidence(
                report=report, kind=Evidence.Kind.PHOTO, content_type="image/jpeg", size=len(buffer.getvalue()),
                original_name=f"现场照片{i + 1}.jpg", caption=f"{task.title}现场",
            )
            evidence.file.save("evidence", ContentFile(buffer.getvalue()), save=False)
            rows.append(evidence)
        services.bulk_create_logged(actor=None, model=Evidence, objs=rows, source=SOURCE)

    # - community-building items and contributions -

    def build_items(self, works, categories) -> None:
        rng = self.rng
        candidates = []
        for w in works:
            for task, template in w.tasks:
                if template.item and task.lead_organisation.kind == Kind.RESIDENT_UNIT:
                    candidates.append((w, task, template))
        # Fall back to any unit-led task when too few fundable ones exist.
        if len(candidates) < UNIT_ITEMS_TOTAL:
            extra = [(w, t, tpl) for w in works for t, tpl in w.tasks if t.lead_organisation.kind == Kind.RESIDENT_UNIT and not tpl.item]
            candidates += extra
        chosen = candidates if len(candidates) <= UNIT_ITEMS_TOTAL else rng.sample(candidates, UNIT_ITEMS_TOTAL)
        chosen.sort(key=lambda row: (row[1].plan.community_id, row[1].number))
        costs = [rng.uniform(*(tpl.item[1:] if tpl.item else (2000, 8000))) for _w, _t, tpl in chosen]
        # Whole hundreds of yuan, summing exactly to the total.
        hundreds = _share(int(UNIT_FUNDS_TOTAL / 100), costs)
        items, contributions = [], []
        units_by_pk = {u.pk: u for w in works for u in w.units}
        for (w, task, template), amount in zip(chosen, hundreds, strict=True):
            title = template.item[0] if template.item else template.title
            completed = task.deadline if task.percent >= 100 else None
            item = BuildingItem(
                community=w.community, year=YEAR, title=title, category=task.category, task=task, completed_on=completed,
                description=f"{task.target_what}。{task.lead_organisation.name}牵头实施。",
            )
            item.full_clean(exclude=["community", "category", "task"])
            items.append(item)
            helpers = [units_by_pk[pk] for pk in self.co_index_for(task) if pk in units_by_pk][:2]
            shares = _share(amount, [rng.uniform(2.0, 4.0)] + [rng.uniform(0.5, 1.5) for _ in helpers])
            contributions.append((item, task.lead_organisation, Contribution.Role.LEAD, shares[0]))
            for helper, share in zip(helpers, shares[1:], strict=True):
                contributions.append((item, helper, Contribution.Role.ASSIST, share))
        for w in works[: len(COMMUNITY_ITEMS) * 3]:
            template, title, description = COMMUNITY_ITEMS[works.index(w) % len(COMMUNITY_ITEMS)]
            org = w.orgs.get(template)
            if org is None:
                continue
            item = BuildingItem(community=w.community, year=YEAR, title=title, category=categories[2], description=description)
            items.append(item)
            contributions.append((item, org, Contribution.Role.LEAD, 0))
        services.bulk_create_logged(actor=None, model=BuildingItem, objs=items, source=SOURCE)
        rows = []
        for item, org, role, hundreds_of_yuan in contributions:
            note = "出资并组织实施" if role == Contribution.Role.LEAD else "协助出资"
            if not hundreds_of_yuan:
                note = "组织志愿者出工出力"
            rows.append(Contribution(item=item, organisation=org, role=role, amount=Decimal(hundreds_of_yuan * 100).quantize(Decimal("0.01")), note=note))
        for row in rows:
            row.full_clean(exclude=["item", "organisation"], validate_constraints=False)
        services.bulk_create_logged(actor=None, model=Contribution, objs=rows, source=SOURCE)
        self.say(f"社区建设事项：{len(items)} 件，出资记录 {len(rows)} 条。")

    def co_index_for(self, task: Task) -> list[int]:
        if not hasattr(self, "_co_by_task"):
            self._co_by_task = {}
            for i, (_w, t, _tpl) in enumerate(self.all_tasks):
                self._co_by_task[t.pk] = self.co_index.get(i, [])
        return self._co_by_task.get(task.pk, [])

    # - residents' feedback and street comments -

    def build_feedback(self, works) -> None:
        rng = self.rng
        rows, comments = [], []
        staff = {"列东街道": self.users.get("lidong"), "列西街道": self.users.get("liexi")}
        answerer = self.users.get("jiangbin")
        for w in works:
            if not w.tasks:
                continue
            n = 3 if w.short == "江滨" else rng.choice((0, 1, 1))
            for j in range(n):
                task, _tpl = w.tasks[(j * 5 + 2) % len(w.tasks)]
                body, name, answer = FEEDBACK[(j + len(rows)) % len(FEEDBACK)]
                when = _aware(datetime.date(YEAR, 5 + j, 10 + j))
                rows.append(Feedback(
                    task=task, body=body, name=name, status=Feedback.Status.PUBLISHED, moderated_at=when, answer=answer,
                    answered_at=when, answered_by=answerer if w.short == "江滨" else None,
                    moderated_by=answerer if w.short == "江滨" else None,
                ))
            author = staff.get(w.community.street.name)
            if rng.random() < 0.5:
                task, _tpl = w.tasks[rng.randrange(len(w.tasks))]
                body = COMMENTS[2] if task.status in (Task.Status.AT_RISK, Task.Status.LATE) else rng.choice(COMMENTS[:2] + COMMENTS[3:])
                comments.append(TaskComment(task=task, author=author, author_name=(author.first_name or author.username) if author else w.community.street.committee_name, body=body))
        if rows:
            services.bulk_create_logged(actor=None, model=Feedback, objs=rows, source=SOURCE)
            for row in rows:
                Feedback.objects.filter(pk=row.pk).update(created_at=row.moderated_at - datetime.timedelta(days=2), updated_at=row.moderated_at)
        if comments:
            services.bulk_create_logged(actor=None, model=TaskComment, objs=comments, source=SOURCE)
