"""Small plane geometry helpers."""

import math


def distance(a, b):
    return math.hypot(b[0] - a[0], b[1] - a[1])


def midpoint(a, b):
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def perimeter(points):
    total = 0.0
    for i, point in enumerate(points):
        total += distance(point, points[(i + 1) % len(points)])
    return total


def scale(points, factor):
    return [(x * factor, y * factor) for x, y in points]
