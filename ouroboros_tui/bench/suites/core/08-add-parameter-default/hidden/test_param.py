import inspect

from greetings import greet, greet_all


def test_default_keeps_the_old_behaviour():
    assert greet(" Ann ") == "Hello, Ann!"
    assert greet_all(["a", "b"]) == ["Hello, a!", "Hello, b!"]


def test_greeting_is_used():
    assert greet("Ann", greeting="Hi") == "Hi, Ann!"
    assert greet_all(["a"], greeting="Hey") == ["Hey, a!"]
    assert inspect.signature(greet).parameters["greeting"].default == "Hello"
