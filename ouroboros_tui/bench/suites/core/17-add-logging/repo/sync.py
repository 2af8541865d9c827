def sync(source, target):
    """Copy every key of source missing or different in target; return the copied keys."""
    copied = []
    for name, content in sorted(source.items()):
        if target.get(name) == content:
            print(f"skipped {name}")
            continue
        target[name] = content
        copied.append(name)
        print(f"copied {name}")
    return copied
