import enum

import pytest

from orders import Order, Status


def test_status_is_an_enum():
    assert issubclass(Status, enum.Enum)
    assert [(s.name, s.value) for s in Status] == [("NEW", "new"), ("PAID", "paid"), ("SHIPPED", "shipped")]


def test_transitions():
    order = Order(1)
    assert order.status is Status.NEW
    with pytest.raises(ValueError):
        order.ship()
    order.pay()
    order.ship()
    assert order.status is Status.SHIPPED
