from accounts.models import Usr

_USERS: dict[str, Usr] = {}


def register(name):
    user = Usr(name)
    _USERS[name] = user
    return user


def find(name) -> Usr | None:
    return _USERS.get(name)
