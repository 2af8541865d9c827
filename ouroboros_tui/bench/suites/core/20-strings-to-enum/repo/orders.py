NEW = "new"
PAID = "paid"
SHIPPED = "shipped"


class Order:
    def __init__(self, number):
        self.number = number
        self.status = NEW

    def pay(self):
        self.status = PAID

    def ship(self):
        if self.status != PAID:
            raise ValueError(f"order {self.number} is {self.status}, not paid")
        self.status = SHIPPED
