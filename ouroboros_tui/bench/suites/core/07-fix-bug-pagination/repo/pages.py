"""Splitting results into pages."""


def page_count(items, size):
    return (len(items) + size - 1) // size


def paginate(items, page, size):
    if page < 1:
        raise ValueError("pages start at 1")
    start = page * size
    return items[start:start + size]
