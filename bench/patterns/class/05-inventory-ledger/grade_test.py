import pytest

from solution import InsufficientStockError, InventoryLedger


def test_receive_and_ship():
    ledger = InventoryLedger()
    ledger.receive("SKU-1", 10)
    ledger.receive("SKU-1", 5)
    ledger.ship("SKU-1", 12)
    assert ledger.on_hand("SKU-1") == 3


def test_unknown_sku():
    ledger = InventoryLedger()
    assert ledger.on_hand("missing") == 0
    assert ledger.history("missing") == []


def test_history_in_order():
    ledger = InventoryLedger()
    ledger.receive("A", 4)
    ledger.receive("B", 1)
    ledger.ship("A", 3)
    ledger.receive("A", 2)
    assert ledger.history("A") == [("receive", 4), ("ship", 3), ("receive", 2)]
    assert ledger.history("B") == [("receive", 1)]


def test_ship_exact_stock_to_zero():
    ledger = InventoryLedger()
    ledger.receive("A", 7)
    ledger.ship("A", 7)
    assert ledger.on_hand("A") == 0


def test_insufficient_stock_changes_nothing():
    ledger = InventoryLedger()
    ledger.receive("A", 2)
    with pytest.raises(InsufficientStockError):
        ledger.ship("A", 3)
    with pytest.raises(InsufficientStockError):
        ledger.ship("never-seen", 1)
    assert ledger.on_hand("A") == 2
    assert ledger.history("A") == [("receive", 2)]
    assert ledger.on_hand("never-seen") == 0
    assert ledger.history("never-seen") == []


def test_insufficient_stock_is_value_error():
    assert issubclass(InsufficientStockError, ValueError)


def test_invalid_quantity_and_sku():
    ledger = InventoryLedger()
    ledger.receive("A", 5)
    for qty in (0, -1):
        with pytest.raises(ValueError):
            ledger.receive("A", qty)
        with pytest.raises(ValueError):
            ledger.ship("A", qty)
    with pytest.raises(ValueError):
        ledger.receive("", 1)
    assert ledger.on_hand("A") == 5
    assert ledger.history("A") == [("receive", 5)]


def test_non_int_quantity():
    ledger = InventoryLedger()
    for qty in (1.0, "3", None):
        with pytest.raises(TypeError):
            ledger.receive("A", qty)
    ledger.receive("A", 1)
    with pytest.raises(TypeError):
        ledger.ship("A", 1.0)
    assert ledger.on_hand("A") == 1
