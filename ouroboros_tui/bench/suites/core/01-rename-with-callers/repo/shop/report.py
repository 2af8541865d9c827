from shop import pricing


def daily_report(orders):
    lines = []
    for order in orders:
        lines.append(f"{order['id']}: {pricing.calc_total(order['items']):.2f}")
    return "\n".join(lines)
