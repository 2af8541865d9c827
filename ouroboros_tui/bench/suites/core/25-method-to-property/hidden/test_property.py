import pytest

from shapes.rect import Rectangle
from shapes.summary import fence_needed, total_area


def test_properties():
    r = Rectangle(2, 3)
    assert r.area == 6
    assert r.perimeter == 10
    with pytest.raises(AttributeError):
        r.area = 1


def test_summary():
    rects = [Rectangle(1, 1), Rectangle(2, 5)]
    assert total_area(rects) == 11
    assert fence_needed(rects) == 18
