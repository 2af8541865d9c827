import pytest

from pages import page_count, paginate

ITEMS = list(range(1, 11))


def test_first_and_last_page():
    assert paginate(ITEMS, 1, 4) == [1, 2, 3, 4]
    assert paginate(ITEMS, 3, 4) == [9, 10]
    assert paginate(ITEMS, 4, 4) == []


def test_every_item_on_exactly_one_page():
    pages = [paginate(ITEMS, p, 3) for p in range(1, page_count(ITEMS, 3) + 1)]
    assert [x for page in pages for x in page] == ITEMS


def test_page_zero_is_refused():
    with pytest.raises(ValueError):
        paginate(ITEMS, 0, 4)
