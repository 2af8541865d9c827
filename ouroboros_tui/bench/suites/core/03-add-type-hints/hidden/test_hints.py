import inspect
import typing

import geometry

FUNCS = [geometry.distance, geometry.midpoint, geometry.perimeter, geometry.scale]


def test_every_parameter_and_return_is_annotated():
    for fn in FUNCS:
        hints = typing.get_type_hints(fn)
        params = inspect.signature(fn).parameters
        assert set(params) <= set(hints), fn.__name__
        assert "return" in hints, fn.__name__


def test_the_types_say_what_the_values_are():
    assert typing.get_type_hints(geometry.distance)["return"] is float
    assert typing.get_type_hints(geometry.scale)["factor"] is float
    assert typing.get_type_hints(geometry.midpoint)["return"] == tuple[float, float]


def test_behaviour_is_unchanged():
    assert geometry.distance((0, 0), (3, 4)) == 5
    assert geometry.perimeter([(0, 0), (1, 0), (1, 1), (0, 1)]) == 4
    assert geometry.scale([(1, 2)], 2.0) == [(2.0, 4.0)]
