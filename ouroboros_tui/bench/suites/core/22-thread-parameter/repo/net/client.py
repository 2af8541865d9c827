from net import transport


def fetch(url):
    return transport.send(url, timeout=30)
