import inspect

from cart import Cart


def test_discount_method():
    assert Cart("TENOFF").discount(60) == 10
    assert Cart("TENOFF").discount(40) == 0
    assert Cart("HALF").discount(9) == 4.5
    assert Cart().discount(100) == 0


def test_total_uses_it():
    cart = Cart("HALF")
    cart.add(3, 2)
    assert cart.total() == 3
    assert "self.discount(" in inspect.getsource(Cart.total)
