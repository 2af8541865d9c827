from units import miles_to_kilometers


def trip_km(legs_in_miles):
    return round(sum(miles_to_kilometers(leg) for leg in legs_in_miles), 3)
