from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum

from gongjian.posts import demo, stats
from gongjian.posts.models import ELIGIBLE_VALUES, Holding, Post, PostKind, ServiceEntry
from gongjian.registry.demo import DemoContext, build_demo, demo_district

pytestmark = pytest.mark.django_db


def test_demo_posts_count_up_to_the_briefing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    build_demo()
    district = demo_district()
    year = demo.YEAR
    # The figures are counted from the rows, never stored.
    assert stats.post_holders(year=year, district=district) == demo.HOLDERS == 815
    assert stats.post_kinds(year=year, district=district) >= 20
    assert {"平安创建岗", "文明劝导岗", "廉政监督岗"} <= set(PostKind.objects.values_list("name", flat=True))
    assert stats.incident_post_communities(year=year, district=district) == 25
    # Holders are eligible: of a category the kind is open to, in the post's community.
    for h in Holding.objects.select_related("post", "post__kind", "person")[:400]:
        assert h.person.category in h.post.kind.categories and h.person.category in ELIGIBLE_VALUES
        assert h.person.community_id == h.post.community_id
    # The member login holds nothing (it claims in the browser test); the unit's people hold posts.
    member = get_user_model().objects.get(username="member")
    assert not Holding.objects.filter(person__user=member).exists()
    unit = get_user_model().objects.get(username="unit")
    org = unit.role_assignments.get().organisation
    assert Holding.objects.filter(person__affiliations__organisation=org).exists()
    # Service logs that look real: hours vary by post, some weeks are empty, nothing in the future.
    by_kind = dict(ServiceEntry.objects.values_list("holding__post__kind__name").annotate(h=Sum("hours")))
    assert len(set(by_kind.values())) > 10
    weeks = Counter(d.isocalendar()[1] for d in ServiceEntry.objects.values_list("date", flat=True))
    assert min(weeks.values()) < max(weeks.values()) / 3
    assert not ServiceEntry.objects.filter(date__year__gt=year).exists()
    # The member's community has standing posts with places left for a claim.
    member_posts = Post.objects.filter(community=member.person.community, year=year, kind__temporary=False)
    assert any(
        p.capacity > p.holdings.filter(status="active").count() and "no_post" in p.kind.categories for p in member_posts
    )
    # Deleting the part and building it again gives the same rows (a seeded generator).
    import random

    entries = ServiceEntry.objects.count()
    demo.delete(district)
    assert not Holding.objects.exists()
    demo.build(DemoContext(district=district, rng=random.Random("168:posts"), say=lambda m: None))
    assert stats.post_holders(year=demo.YEAR, district=district) == 815
    assert ServiceEntry.objects.count() == entries
