"""Currency conversion."""

import backend


def exchange_rate(currency):
    return backend.fetch_rate(currency.upper())


def convert(amount, source, target):
    return round(amount / exchange_rate(source) * exchange_rate(target), 2)
