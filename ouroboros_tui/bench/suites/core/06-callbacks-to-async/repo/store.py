"""A user store with a callback API."""

USERS = {1: {"id": 1, "name": "Ada"}, 2: {"id": 2, "name": "Grace"}, 3: {"id": 3, "name": "Linus"}}


def load_user(user_id, callback):
    user = USERS.get(user_id)
    if user is None:
        callback(KeyError(user_id), None)
    else:
        callback(None, dict(user))
