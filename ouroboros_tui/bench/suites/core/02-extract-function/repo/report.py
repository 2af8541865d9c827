"""Plain-text invoices and receipts."""


def invoice_lines(items):
    out = []
    for name, qty, price in items:
        label = name.strip().title()
        total = qty * price
        out.append(f"{label:<20}{qty:>4} x {price:>8.2f} = {total:>9.2f}")
    return out


def receipt_lines(items):
    out = ["RECEIPT"]
    for name, qty, price in items:
        label = name.strip().title()
        total = qty * price
        out.append(f"{label:<20}{qty:>4} x {price:>8.2f} = {total:>9.2f}")
    out.append("thank you")
    return out
