"""mask_free_text on texts residents really write: what identifies a person goes, the rest stays."""

import pytest

from gongjian.core.masking import mask_free_text


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("我是江滨花园3栋502室的张桂兰，电话13905980000，楼道灯坏了", ["13905980000", "3栋", "502"], ["江滨花园", "楼道灯坏了", "139****0000"]),
        ("有事打我手机：139 0598 0000", ["139 0598 0000", "0598"], ["139****0000"]),
        ("电话+86 139-0598-0000，晚上也行", ["139-0598", "0598-0000"], ["+86 139****0000", "晚上也行"]),
        ("手机１３９０５９８００００", ["１３９０５９８", "13905980000"], ["139****0000"]),
        ("座机0598-8221234找李师傅", ["8221234", "0598-822"], ["李师傅"]),
        ("身份证号35040219800101123X，请核实", ["35040219800101123X", "19800101"], ["请核实"]),
        ("我住五号楼三单元301，门口积水", ["五号楼", "三单元", "301"], ["门口积水"]),
        ("5栋301室的灯坏了", ["5栋", "301"], ["*栋*室的灯坏了"]),
        ("家住3-2-502，楼下停车乱", ["3-2-502", "502"], ["楼下停车乱"]),
        ("邮箱zhang.gl@163.com", ["zhang.gl"], ["@163.com"]),
    ],
)
def test_mask_free_text_on_residents_texts(text, gone, kept):
    masked = mask_free_text(text)
    for part in gone:
        assert part not in masked, masked
    for part in kept:
        assert part in masked, masked


def test_mask_free_text_leaves_years_amounts_scores_and_whole_buildings():
    text = "2010年花了15000元修了3处，比分3-2，楼道灯亮了"
    assert mask_free_text(text) == text
    report = "已更换1号楼、2号楼声控灯8盏，三号楼下月完成"  # where, not who
    assert mask_free_text(report) == report
    assert mask_free_text("") == "" and mask_free_text(None) == ""
