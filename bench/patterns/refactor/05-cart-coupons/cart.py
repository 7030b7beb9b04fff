"""Shopping cart used by the storefront API."""


class Cart:
    """A customer's cart; prices are in the store currency."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[float, int]] = {}
        self.discount = 0.0
        self.coupon: str | None = None

    def add(self, sku: str, unit_price: float, quantity: int = 1) -> None:
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        _, current = self.items.get(sku, (unit_price, 0))
        self.items[sku] = (unit_price, current + quantity)

    def subtotal(self) -> float:
        return round(sum(price * qty for price, qty in self.items.values()), 2)

    def apply_coupon(self, code: str) -> float:
        """Apply a coupon code and return the discount it gives."""
        code = code.strip().upper()
        if self.coupon is not None:
            raise ValueError(f"coupon {self.coupon} is already applied")
        if code == "SAVE10":
            if self.subtotal() >= 20:
                self.discount = round(self.subtotal() * 0.10, 2)
                self.coupon = code
                return self.discount
            else:
                raise ValueError("SAVE10 needs a subtotal of at least 20.00")
        elif code == "SAVE20":
            if self.subtotal() >= 100:
                self.discount = round(self.subtotal() * 0.20, 2)
                self.coupon = code
                return self.discount
            else:
                raise ValueError("SAVE20 needs a subtotal of at least 100.00")
        elif code == "FIVEOFF":
            if self.subtotal() >= 15:
                self.discount = 5.0
                self.coupon = code
                return self.discount
            else:
                raise ValueError("FIVEOFF needs a subtotal of at least 15.00")
        else:
            raise ValueError(f"unknown coupon: {code}")

    def total(self) -> float:
        return round(self.subtotal() - self.discount, 2)
