"""Order helpers for the fulfilment dashboard."""

from dataclasses import dataclass


@dataclass
class OrderLine:
    sku: str
    quantity: int
    unit_price: float


def line_total(line: OrderLine) -> float:
    """Return quantity times unit price, rounded to cents."""
    return round(line.quantity * line.unit_price, 2)


def order_subtotal(lines: list[OrderLine]) -> float:
    """Return the sum of the line totals, rounded to cents."""
    return round(sum(line_total(line) for line in lines), 2)


def format_order_summary(order_id: str, lines: list[OrderLine], currency: str = "USD") -> str:
    """Render the plain-text order summary printed on the packing slip."""
    if order_id == "" or order_id is None:
        raise ValueError("order_id must not be empty")
    result = ""
    result = result + "Order " + order_id + "\n"
    i = 0
    while i < len(lines):
        line = lines[i]
        result = result + str(i + 1) + ". " + line.sku + " x" + str(line.quantity)
        result = result + " @ " + "%.2f" % line.unit_price
        result = result + " = " + "%.2f" % line_total(line) + "\n"
        i = i + 1
    if len(lines) == 0:
        result = result + "(no items)\n"
    result = result + "Subtotal: " + "%.2f" % order_subtotal(lines) + " " + currency
    return result
