class ShoppingCart:
    def __init__(self):
        self._items = {}

    def add_item(self, name, price, quantity=1):
        self._items[name] = (price, quantity)

    def remove_item(self, name):
        self._items.pop(name, None)

    def total(self):
        return sum(price * quantity for price, quantity in self._items.values())
