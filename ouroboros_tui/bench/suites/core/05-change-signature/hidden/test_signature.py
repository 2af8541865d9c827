import inspect

from geo import points, routes


def test_distance_takes_two_points():
    assert list(inspect.signature(points.distance).parameters) == ["a", "b"]
    assert points.distance((0, 0), (3, 4)) == 5.0


def test_callers_still_work():
    assert routes.route_length([(0, 0), (3, 4), (3, 0)]) == 9.0
    assert routes.farthest_from((0, 0), [(1, 1), (5, 5), (2, 0)]) == (5, 5)
