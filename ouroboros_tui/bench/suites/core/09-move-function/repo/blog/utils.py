import re
from datetime import date


def slugify(title):
    """'Hello, World!' -> 'hello-world'."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)


def iso_day(day: date) -> str:
    return day.isoformat()
