import datetime

import pytest

from gongjian.core.params import MAX_ID, int_param, month_param, year_param


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("0", None), ("-1", None), ("abc", None), ("１２", None), ("²", None), ("1e3", None),
     (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("9" * 40, None), (None, None), ("", None)],
)
def test_int_param_gives_a_number_in_range_or_none(value, expected):
    assert int_param(value) == expected


def test_year_and_month_params_stay_in_a_sensible_range():
    assert year_param("2010") == 2010 and year_param("1899") is None and year_param("99999") is None
    assert month_param("2010-06") == month_param("2010-06-01") == datetime.date(2010, 6, 1)
    for bad in ("2010-13", "2010-0", "99999-01", "-2010-06", "2010", "x-y", None):
        assert month_param(bad) is None
