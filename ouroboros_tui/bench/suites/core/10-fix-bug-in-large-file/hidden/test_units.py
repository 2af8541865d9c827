import math

import pytest

import trip
import units


def test_miles_to_kilometers():
    assert math.isclose(units.miles_to_kilometers(10), 16.09344)
    assert trip.trip_km([1, 2]) == 4.828


def test_the_rest_of_the_file_is_untouched():
    assert math.isclose(units.kilometers_to_miles(16.09344), 10)
    assert math.isclose(units.pounds_to_kilograms(1), 0.45359237)
    assert math.isclose(units.weeks_to_hours(1), 168)
    assert sum(1 for name in dir(units) if "_to_" in name) == 206
    with pytest.raises(ValueError):
        units.miles_to_kilometers(-1)
