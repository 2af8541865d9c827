def total_area(rects):
    return sum(r.area() for r in rects)


def fence_needed(rects):
    return sum(r.perimeter() for r in rects)
