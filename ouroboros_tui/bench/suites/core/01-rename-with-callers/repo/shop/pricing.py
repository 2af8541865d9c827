"""Prices of orders."""

TAX = 0.2


def calc_total(items):
    """Sum of price * quantity, with tax."""
    subtotal = sum(price * qty for price, qty in items)
    return round(subtotal * (1 + TAX), 2)
