import pytest

from warehouse import Warehouse


def make_warehouse() -> Warehouse:
    wh = Warehouse("north")
    wh.put("A1", "bolt", 3)
    wh.put("A2", "bolt", 1)
    wh.put("A1", "nut", 12)
    wh.put("B1", "washer", 2)
    wh.put("B2", "screw", 4)
    return wh


def test_default_threshold():
    assert make_warehouse().low_stock_report() == [("washer", 2), ("bolt", 4), ("screw", 4)]


def test_totals_span_bins():
    wh = Warehouse("w")
    wh.put("X", "gear", 2)
    wh.put("Y", "gear", 2)
    wh.put("Z", "gear", 2)
    assert wh.low_stock_report(7) == [("gear", 6)]
    assert wh.low_stock_report(6) == []


def test_threshold_is_exclusive():
    assert ("nut", 12) not in make_warehouse().low_stock_report(12)
    assert ("nut", 12) in make_warehouse().low_stock_report(13)


def test_ties_sorted_by_sku():
    wh = Warehouse("w")
    for sku in ["zeta", "alpha", "mid"]:
        wh.put("bin", sku, 1)
    assert wh.low_stock_report() == [("alpha", 1), ("mid", 1), ("zeta", 1)]


def test_empty_warehouse():
    assert Warehouse("empty").low_stock_report() == []


def test_zero_threshold_gives_empty_report():
    assert make_warehouse().low_stock_report(0) == []


def test_negative_threshold_raises():
    with pytest.raises(ValueError):
        make_warehouse().low_stock_report(-1)


def test_returns_list_of_tuples():
    report = make_warehouse().low_stock_report(100)
    assert isinstance(report, list)
    assert all(isinstance(row, tuple) and len(row) == 2 for row in report)
    assert [sku for sku, _ in report] == ["washer", "bolt", "screw", "nut"]


def test_report_does_not_modify_bins():
    wh = make_warehouse()
    before = {bin_id: dict(contents) for bin_id, contents in wh.bins.items()}
    wh.low_stock_report(50)
    assert wh.bins == before
