import asyncio
import inspect

import pytest

import service
import store


def test_load_user_is_a_coroutine_function():
    assert inspect.iscoroutinefunction(store.load_user)
    assert list(inspect.signature(store.load_user).parameters) == ["user_id"]
    assert asyncio.run(store.load_user(2)) == {"id": 2, "name": "Grace"}


def test_unknown_user_raises():
    with pytest.raises(KeyError):
        asyncio.run(store.load_user(99))


def test_load_names_awaits_in_order():
    assert inspect.iscoroutinefunction(service.load_names)
    assert asyncio.run(service.load_names([3, 1])) == ["Linus", "Ada"]
