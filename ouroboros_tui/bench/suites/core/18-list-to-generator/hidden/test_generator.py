import inspect

from records import parse_records
from report import count_by_city

LINES = ["# name, city", "ann, Oslo", "", "bob, Rome", "cy, Oslo"]


def test_is_a_lazy_generator():
    assert inspect.isgeneratorfunction(parse_records)

    def lines():
        yield "ann, Oslo"
        raise AssertionError("read too far")

    assert next(parse_records(lines())) == {"name": "ann", "city": "Oslo"}


def test_report_still_counts():
    assert count_by_city(LINES) == ({"Oslo": 2, "Rome": 1}, 3)
