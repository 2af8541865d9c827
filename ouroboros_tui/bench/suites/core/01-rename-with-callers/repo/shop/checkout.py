from shop.pricing import calc_total


def checkout(cart):
    total = calc_total(cart["items"])
    return {"customer": cart["customer"], "total": total}
