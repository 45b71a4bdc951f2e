from kaohe.scoring import Period


def test_period_labels():
    assert Period("year", 2025).label() == "2025年度"
    assert Period("year").label() == "年度"
    assert Period("half_year", 2025, 2).label() == "2025年下半年"
    assert Period("quarter", 2025, 3).label() == "2025年第3季度"
    assert Period("month", 2025, 11).label() == "2025年11月"
