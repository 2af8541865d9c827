class Usr:
    def __init__(self, name, admin=False):
        self.name = name
        self.admin = admin

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"
