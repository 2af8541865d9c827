class Cart:
    def __init__(self, coupon=None):
        self.items = []
        self.coupon = coupon

    def add(self, price, qty=1):
        self.items.append((price, qty))

    def total(self):
        subtotal = sum(price * qty for price, qty in self.items)
        if self.coupon == "TENOFF" and subtotal >= 50:
            discount = 10
        elif self.coupon == "HALF":
            discount = subtotal / 2
        else:
            discount = 0
        return round(subtotal - discount, 2)
