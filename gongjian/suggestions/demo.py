"""The demo district's 2010 solicitation: a campaign in every community early in the year and
the 247 reasonable suggestions collected from the six categories of sources through the six
channels, written as people wrote them. Each one asks for something one of the community's
2010 tasks does (the joint meetings adopt them into those tasks: ``meetings/demo.py``).

Deterministic (a seeded generator) and written once per district; nothing stores a figure:
the statistics count these rows."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from gongjian.core.services import bulk_create_logged, delete_with_changes
from gongjian.registry.models import Community, Compound
from gongjian.targets.models import Task

from . import similarity
from .models import Campaign, Notice, Suggestion, SuggestionGram

YEAR = 2010
SOURCE = "demo"
SEED = "gongjian-suggestions-2010"
#: Reasonable suggestions the communities collected in 2010 (the briefing of 2010-10-20).
SUGGESTIONS_TOTAL = 247

CATEGORIES = ["liaison_leader", "liaison_unit", "resident_unit", "civil", "mass", "residents"]
#: The channels each category of source is usually heard through.
CHANNELS = {
    "liaison_leader": ["joint_meeting", "door"],
    "liaison_unit": ["joint_meeting", "web"],
    "resident_unit": ["joint_meeting", "web", "board"],
    "civil": ["representatives", "board", "door"],
    "mass": ["party_meeting", "representatives"],
    "residents": ["door", "board", "web", "representatives", "party_meeting"],
}
#: How the category's voice opens a suggestion.
OPENINGS = {
    "liaison_leader": ["挂点联系时了解到，", "走访中群众反映，", ""],
    "liaison_unit": ["我单位挂点联系时发现，", "结合挂点共建，", ""],
    "resident_unit": ["我单位职工反映，", "作为驻区单位，我们提出：", ""],
    "civil": ["老年协会会员反映，", "文艺队队员提出，", "志愿者服务队提出，"],
    "mass": ["团支部青年提出，", "妇联执委反映，", "“五老”同志提出，"],
    "residents": ["", "我是{compound}的住户，", "{compound}居民反映，"],
}
#: What people asked for, by a word of the task it became ({c}: a compound of the community).
ASKS = [
    ("监控", ["{c}出入口没有监控，晚上经常有电动车被盗，建议安装治安监控探头", "{c}后门一带是监控盲区，建议增设监控并接入社区监控室"]),
    ("路灯", ["{c}的路灯坏了好几盏，晚上出行很不方便，建议尽快维修并增设路灯", "{c}巷子里太暗，老人晚上不敢出门，建议增设路灯"]),
    ("下水道", ["{c}的老旧下水道经常堵塞，雨天污水漫到路面，建议进行下水道改造", "{c}化粪池和下水管道老化渗漏，建议改造老旧下水道"]),
    ("楼道", ["{c}楼道灯不亮，上下楼摸黑，建议更换楼道声控灯", "{c}楼道堆放杂物，存在消防隐患，建议组织清理楼道"]),
    ("消防", ["{c}楼道没有灭火器，电动车在楼道充电很危险，建议排查消防隐患", "沿街店面消防通道被占用，建议开展消防安全检查"]),
    ("巡逻", ["{c}夜间治安不好，建议组织义务巡逻队晚上巡逻", "建议在{c}周边增加夜间巡逻，保障居民安全"]),
    ("绿色网吧", ["社区青少年放学后去黑网吧，建议办一个绿色网吧，由团支部管理", "建议建设社区绿色网吧，开展电脑上网培训，让老人也学会上网"]),
    ("网吧", ["建议社区开办绿色网吧，提供健康的上网环境"]),
    ("老年", ["社区老人多，没有活动的地方，建议建设老年活动室", "建议完善老年活动室设施，添置棋牌桌和书报"]),
    ("文明劝导", ["{c}乱扔垃圾、乱停车现象多，建议设立文明劝导岗", "建议组织党员开展文明劝导，劝阻乱贴小广告"]),
    ("卫生", ["{c}卫生死角多，垃圾清运不及时，建议开展环境卫生集中整治", "建议组织居民定期开展卫生大扫除，清理卫生死角"]),
    ("垃圾", ["{c}垃圾乱倒现象严重，建议增设垃圾桶并安排专人清运"]),
    ("大手牵小手", ["建议老年协会组织老人带孩子参加卫生监督，从小养成不乱扔垃圾的习惯"]),
    ("文艺", ["建议联合驻区单位组建社区文艺队，丰富居民业余生活", "希望社区多组织广场文艺活动，老人和年轻人都能参加"]),
    ("邻里", ["邻里之间互不认识，建议举办“邻里一家亲”活动", "建议开展邻里节活动，促进邻里和谐"]),
    ("文明", ["建议开展文明楼院评比，提高居民文明素质", "建议评选和谐家庭、文明楼院，树立身边榜样"]),
    ("困难", ["社区困难党员和老党员生活不易，建议开展结对帮扶", "建议节日期间走访慰问困难群众"]),
    ("帮扶", ["建议驻区单位与困难家庭结对帮扶"]),
    ("党员", ["建议在职党员到社区报到，认领服务岗位", "建议组织党员开展志愿服务，亮身份、作表率"]),
    ("联席", ["建议定期召开党建联席会议，及时协调解决社区共建难题"]),
    ("非公企业", ["建议把驻区非公企业吸收进党建联席会，开展党建联谊活动"]),
    ("调解", ["{c}邻里纠纷时有发生，建议设立调解室，请律师定期坐诊", "建议加强矛盾纠纷排查调解，把问题解决在萌芽状态"]),
    ("流动人口", ["{c}出租房多，流动人口管理跟不上，建议开展出租房屋登记"]),
    ("禁毒", ["建议在社区开展禁毒宣传，提高青少年防范意识"]),
    ("健身", ["建议在{c}空地安装健身器材，方便居民锻炼"]),
    ("培训", ["建议为下岗失业人员举办就业技能培训班", "希望社区开设电脑培训班，教居民实用上网技术"]),
    ("夏令营", ["暑假孩子没人管，建议团支部举办暑期夏令营"]),
    ("计生", ["建议开展婚育新风进万家宣传活动"]),
    ("婚育", ["建议开展婚育新风进万家活动，宣传优生优育知识"]),
]
ENDINGS = ["。", "，希望尽快解决。", "，请社区协调驻区单位支持。", "，居民都很期盼。", "。"]


def _share(total: int, weights: list[float]) -> list[int]:
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], -i), reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _ask_for(task: Task, rng: random.Random) -> str:
    text = f"{task.title}{task.target_what}"
    for word, asks in ASKS:
        if word in text:
            return rng.choice(asks)
    return f"建议{task.target_what}"


def build(district, *, say=lambda message: None) -> bool:
    """Write the district's 2010 campaigns and suggestions unless it has some already."""
    if Campaign.objects.filter(community__street__district=district, year=YEAR).exists():
        say(f"{district.name}：{YEAR} 年征求意见已存在，未作改动。")
        return False
    with transaction.atomic():
        _build(district, random.Random(SEED), say)
    return True


def _build(district, rng: random.Random, say) -> None:
    communities = list(Community.objects.filter(street__district=district).select_related("street").order_by("street__name", "pk"))
    tasks_by: dict[int, list[Task]] = {}
    for task in Task.objects.filter(plan__community__in=communities, plan__year=YEAR).order_by("plan__community_id", "number"):
        tasks_by.setdefault(task.plan.community_id, []).append(task)
    compounds: dict[int, list[str]] = {}
    for compound in Compound.objects.filter(community__in=communities).order_by("pk"):
        compounds.setdefault(compound.community_id, []).append(compound.name)
    campaigns = []
    for c in communities:
        campaign = Campaign(
            community=c, year=YEAR, title=f"{c.name}{YEAR}年分类征求意见", opens_on=datetime.date(YEAR, 1, 4), closes_on=datetime.date(YEAR, 1, 22),
            status=Campaign.Status.CLOSED, notes="通过网络、公开栏、入户走访和党员大会、居民代表会、党建联席会，分别征求挂点领导、挂点单位、驻区单位、民间组织、群团组织、社区群众六类对象的意见建议。",
        )
        campaign.full_clean()
        campaigns.append(campaign)
    bulk_create_logged(actor=None, model=Campaign, objs=campaigns, source=SOURCE)
    counts = _share(SUGGESTIONS_TOTAL, [max(len(tasks_by.get(c.pk, [])), 1) for c in communities])
    suggestions: list[Suggestion] = []
    days: list[datetime.date] = []
    k = 0
    for c, campaign, n in zip(communities, campaigns, counts, strict=True):
        tasks = tasks_by.get(c.pk) or []
        if not tasks:
            continue
        names = compounds.get(c.pk) or [c.name]
        for i in range(n):
            task = tasks[i % len(tasks)]
            category = CATEGORIES[k % len(CATEGORIES)]
            k += 1
            channel = rng.choice(CHANNELS[category])
            compound = rng.choice(names)
            opening = rng.choice(OPENINGS[category]).format(compound=compound)
            ask = _ask_for(task, rng).format(c=compound if not opening.startswith(compound) else "小区")
            body = (opening + ask).rstrip("。") + rng.choice(ENDINGS)
            s = Suggestion(
                campaign=campaign, community=c, body=body, source_category=category, channel=channel,
                submitter_name="" if category == "residents" and rng.random() < 0.4 else "", **similarity.index_fields(body),
            )
            s.full_clean(exclude=["campaign", "community"])
            suggestions.append(s)
            days.append(datetime.date(YEAR, 1, rng.randint(4, 22)))
    bulk_create_logged(actor=None, model=Suggestion, objs=suggestions, source=SOURCE)
    similarity.write_grams(suggestions)
    by_day: dict[datetime.date, list[int]] = {}
    for s, day in zip(suggestions, days, strict=True):
        by_day.setdefault(day, []).append(s.pk)
    for day, ids in sorted(by_day.items()):  # when they were collected, not when the demo ran
        stamp = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        Suggestion.objects.filter(pk__in=ids).update(created_at=stamp, updated_at=stamp)
    say(f"{YEAR} 年征求意见：{len(campaigns)} 个社区，{len(suggestions)} 条意见建议。")


def delete(district) -> int:
    """Remove the district's campaigns, suggestions, bigrams and notices (and their change-log
    rows); the meetings part has removed what pointed at them."""
    in_district = {"community__street__district": district}
    Suggestion.objects.filter(**in_district).update(merged_into=None)
    SuggestionGram.objects.filter(suggestion__community__street__district=district).delete()
    total = Notice.objects.filter(suggestion__community__street__district=district).delete()[0]
    total += delete_with_changes(Suggestion, Suggestion.objects.filter(**in_district))
    total += delete_with_changes(Campaign, Campaign.objects.filter(**in_district))
    return total
