from decimal import Decimal

import pytest

from solution import summarize_sales


def test_basic_totals():
    text = "region,amount\nnorth,10.50\nsouth,3\nnorth,4.25\n"
    assert summarize_sales(text) == {"north": Decimal("14.75"), "south": Decimal("3")}


def test_values_are_exact_decimals():
    text = "region,amount\neu,0.1\neu,0.2\n"
    result = summarize_sales(text)
    assert isinstance(result["eu"], Decimal)
    assert result["eu"] == Decimal("0.3")


def test_column_order_extra_columns_and_negative_amounts():
    text = "id,amount,note,region\n1,100.00,first,west\n2,-25.5,refund,west\n3,0.125,x,east\n"
    assert summarize_sales(text) == {"west": Decimal("74.5"), "east": Decimal("0.125")}


def test_order_of_first_appearance():
    text = "region,amount\nzulu,1\nalpha,1\nmike,1\nalpha,1\n"
    assert list(summarize_sales(text)) == ["zulu", "alpha", "mike"]


def test_quoted_fields_and_whitespace():
    text = 'region,amount\n"North, East", 12.50 \n" south ",2\n"North, East",1\n'
    assert summarize_sales(text) == {"North, East": Decimal("13.50"), "south": Decimal("2")}


def test_empty_rows_skipped_and_header_only():
    assert summarize_sales("region,amount\n") == {}
    assert summarize_sales("region,amount\nnorth,1\n,\n\nnorth,2\n") == {"north": Decimal("3")}


def test_missing_column_raises():
    with pytest.raises(ValueError):
        summarize_sales("region,total\nnorth,1\n")
    with pytest.raises(ValueError):
        summarize_sales("")


def test_empty_region_raises():
    with pytest.raises(ValueError):
        summarize_sales("region,amount\n  ,5\n")


def test_invalid_amount_raises():
    for amount in ["", "abc", "NaN", "1e3", '"1,5"', "Infinity", "1.2.3"]:
        with pytest.raises(ValueError):
            summarize_sales(f"region,amount\nnorth,{amount}\n")
