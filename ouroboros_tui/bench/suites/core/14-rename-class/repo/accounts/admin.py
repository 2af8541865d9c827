from accounts import models


def make_admin(name):
    return models.Usr(name, admin=True)
