from geo.points import distance


def route_length(stops):
    total = 0.0
    for (x1, y1), (x2, y2) in zip(stops, stops[1:]):
        total += distance(x1, y1, x2, y2)
    return total


def farthest_from(origin, stops):
    ox, oy = origin
    return max(stops, key=lambda s: distance(ox, oy, s[0], s[1]))
