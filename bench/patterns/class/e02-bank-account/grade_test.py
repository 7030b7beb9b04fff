import pytest

from solution import BankAccount


def test_deposit_and_withdraw():
    account = BankAccount()
    assert account.balance == 0
    account.deposit(100)
    account.withdraw(30)
    assert account.balance == 70


def test_starting_balance_and_exact_withdrawal():
    account = BankAccount(50)
    account.withdraw(50)
    assert account.balance == 0


def test_fractional_amounts():
    account = BankAccount(1.5)
    account.deposit(0.25)
    assert account.balance == 1.75


def test_bad_amounts():
    account = BankAccount(10)
    for amount in (0, -5):
        with pytest.raises(ValueError):
            account.deposit(amount)
        with pytest.raises(ValueError):
            account.withdraw(amount)
    with pytest.raises(ValueError):
        account.withdraw(11)
    assert account.balance == 10
