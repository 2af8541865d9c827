def greet(name):
    return f"Hello, {name.strip()}!"


def greet_all(names):
    return [greet(name) for name in names]
