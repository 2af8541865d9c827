import pytest

from bank import Account, InsufficientFunds


def test_normal_withdrawal():
    account = Account("ann", 100)
    assert account.withdraw(30) == 70


@pytest.mark.parametrize("amount", [0, -5])
def test_non_positive_amount(amount):
    account = Account("ann", 100)
    with pytest.raises(ValueError):
        account.withdraw(amount)
    assert account.balance == 100


def test_overdraft():
    account = Account("ann", 10)
    with pytest.raises(InsufficientFunds):
        account.withdraw(11)
    assert issubclass(InsufficientFunds, ValueError)
    assert account.balance == 10
