import pytest

from timing import Timer


def fake_clock(values):
    it = iter(values)
    return lambda: next(it)


def test_with_block_measures():
    with Timer(fake_clock([10.0, 12.5])) as t:
        pass
    assert t.elapsed == 2.5


def test_exception_propagates_and_time_is_kept():
    t = Timer(fake_clock([1.0, 4.0]))
    with pytest.raises(KeyError):
        with t:
            raise KeyError("x")
    assert t.elapsed == 3.0


def test_start_stop_still_work():
    t = Timer(fake_clock([0.0, 1.0])).start()
    assert t.stop() == 1.0
