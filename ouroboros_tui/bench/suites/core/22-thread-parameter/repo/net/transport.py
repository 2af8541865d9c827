SENT = []


def send(url, timeout):
    SENT.append((url, timeout))
    return {"url": url, "status": 200}
