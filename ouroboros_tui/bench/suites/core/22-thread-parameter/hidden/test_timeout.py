from net import api, client, transport


def test_default_timeout_is_ten_seconds():
    transport.SENT.clear()
    api.get_user(7)
    client.fetch("u")
    assert transport.SENT == [("https://api.example.org/users/7", 10.0), ("u", 10.0)]


def test_timeout_is_passed_through():
    transport.SENT.clear()
    api.get_user(1, timeout=2.5)
    assert transport.SENT == [("https://api.example.org/users/1", 2.5)]
