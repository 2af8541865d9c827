def with_vat(net):
    return round(net * (1 + 0.21), 2)


def vat_of(net):
    return round(net * 0.21, 2)


def net_from_gross(gross):
    return round(gross / (1 + 0.21), 2)
