"""Reading a flaky sensor."""


def read_temperature(device):
    return device.read() / 10
