import pytest

import sensors


class Flaky:
    def __init__(self, failures):
        self.failures = failures
        self.calls = 0

    def read(self):
        self.calls += 1
        if self.calls <= self.failures:
            raise OSError("bus error")
        return 215


def test_retries_until_it_reads():
    device = Flaky(2)
    assert sensors.read_temperature(device) == 21.5
    assert device.calls == 3


def test_gives_up_after_three_calls():
    device = Flaky(5)
    with pytest.raises(OSError):
        sensors.read_temperature(device)
    assert device.calls == 3


def test_decorator_is_reusable_and_keeps_the_name():
    calls = []

    @sensors.retry(2)
    def boom():
        calls.append(1)
        raise OSError("x")

    with pytest.raises(OSError):
        boom()
    assert len(calls) == 2
    assert boom.__name__ == "boom"
    assert sensors.read_temperature.__name__ == "read_temperature"
