"""The similarity search, on the database the tests run on (SQLite: character bigrams;
PostgreSQL: pg_trgm), scored on the labelled near-duplicates the tests ship."""

import pytest
from django.db import connection

from gongjian.suggestions import evaluation, services, similarity
from gongjian.suggestions.models import SuggestionGram

pytestmark = pytest.mark.django_db


def test_normalise_and_bigrams():
    assert similarity.normalise("三号楼，楼道灯 不亮！ＡＢ") == "三号楼楼道灯不亮ab"
    assert similarity.bigrams("楼道灯") == {"楼道", "道灯"}
    assert similarity.dice({"a", "b"}, {"a", "c"}) == 0.5


def test_precision_and_recall_on_the_labelled_set(campaign):
    score = evaluation.evaluate(campaign)
    assert score.true_pairs >= 20
    assert score.precision >= 0.9, score
    assert score.recall >= 0.8, score


def test_search_stays_in_its_community_and_skips_merged(world, campaign, campaign_fx):
    a = services.suggestion_enter(actor=None, campaign=campaign, body="三号楼楼道灯坏了，建议更换声控灯", source_category="residents", channel="door")
    b = services.suggestion_enter(actor=None, campaign=campaign, body="建议更换三号楼坏了的楼道声控灯", source_category="residents", channel="web")
    services.suggestion_enter(actor=None, campaign=campaign_fx, body="三号楼楼道灯坏了，建议更换声控灯", source_category="residents", channel="door")
    found = similarity.find_similar("三号楼的楼道灯坏了，请更换声控灯", community_id=campaign.community_id)
    assert {m.suggestion.pk for m in found} == {a.pk, b.pk}
    assert all(0 < m.score <= 1 for m in found)
    services.suggestion_merge(actor=None, duplicate=b, into=a)
    assert [m.suggestion.pk for m in similarity.find_similar("三号楼的楼道灯坏了，请更换声控灯", community_id=campaign.community_id)] == [a.pk]
    assert similarity.find_similar("灯", community_id=campaign.community_id) == []  # too short to compare


def test_bigram_rows_only_where_pg_trgm_is_not_used(campaign):
    s = services.suggestion_enter(actor=None, campaign=campaign, body="建议安装监控", source_category="residents", channel="web")
    rows = set(SuggestionGram.objects.filter(suggestion=s).values_list("gram", flat=True))
    if connection.vendor == "postgresql":
        assert rows == set()
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'suggestion_search_trgm'")
            assert "gist_trgm_ops" in cursor.fetchone()[0]
    else:
        assert rows == {"建议", "议安", "安装", "装监", "监控"}


@pytest.mark.django_db
def test_search_uses_its_index(campaign):
    """On PostgreSQL the similar-suggestion query is a nearest-first scan of the GiST index; on
    SQLite the candidates come from the bigram table's index."""
    from gongjian.suggestions.models import Suggestion
    from gongjian.suggestions.similarity import gram_text, normalise

    if connection.vendor != "postgresql":
        plan = SuggestionGram.objects.filter(gram__in=["建议", "监控"]).values("suggestion_id").explain()
        assert "suggestiongram_gram_comm" in plan, plan
        return
    from django.contrib.postgres.search import TrigramDistance

    qs = Suggestion.objects.annotate(distance=TrigramDistance("search_text", gram_text(normalise("建议安装监控")))).order_by("distance")[:5]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = qs.explain()
        cursor.execute("RESET enable_seqscan")
    assert "suggestion_search_trgm" in plan and "Index Scan" in plan, plan
