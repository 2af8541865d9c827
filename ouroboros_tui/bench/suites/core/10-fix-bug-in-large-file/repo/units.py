"""Unit conversions: one function per pair of units, generated from the factor tables below.

Every factor is the size of one unit in the group's base unit (meters, kilograms, liters, seconds).
"""

LENGTH = {
    'millimeters': 0.001,
    'centimeters': 0.01,
    'meters': 1.0,
    'kilometers': 1000.0,
    'inches': 0.0254,
    'feet': 0.3048,
    'yards': 0.9144,
    'miles': 1609.344,
    'nautical_miles': 1852.0,
}

MASS = {
    'milligrams': 1e-06,
    'grams': 0.001,
    'kilograms': 1.0,
    'tonnes': 1000.0,
    'ounces': 0.028349523125,
    'pounds': 0.45359237,
    'stones': 6.35029318,
}

VOLUME = {
    'milliliters': 0.001,
    'liters': 1.0,
    'cubic_meters': 1000.0,
    'teaspoons': 0.00492892159375,
    'tablespoons': 0.01478676478125,
    'cups': 0.2365882365,
    'pints': 0.473176473,
    'quarts': 0.946352946,
    'gallons': 3.785411784,
}

DURATION = {
    'seconds': 1.0,
    'minutes': 60.0,
    'hours': 3600.0,
    'days': 86400.0,
    'weeks': 604800.0,
}


def _check_non_negative(value: float, unit: str) -> None:
    if value < 0:
        raise ValueError(f"a negative amount of {unit}: {value}")


def millimeters_to_centimeters(value: float) -> float:
    """Convert a length from millimeters to centimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "millimeters")
    return value * LENGTH["millimeters"] / LENGTH["centimeters"]


def millimeters_to_meters(value: float) -> float:
    """Convert a length from millimeters to meters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "millimeters")
    return value * LENGTH["millimeters"] / LENGTH["meters"]


def millimeters_to_kilometers(value: float) -> float:
    """Convert a length from millimeters to kilometers.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "millimeters")
    return value * LENGTH["millimeters"] / LENGTH["kilometers"]


def millimeters_to_inches(value: float) -> float:
    """Convert a length from millimeters to inches.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "millimeters")
    return value * LENGTH["millimeters"] / LENGTH["inches"]


def millimeters_to_feet(value: float) -> float:
    """Convert a length from millimeters to feet.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "millimeters")
    return value * LENGTH["millimeters"] / LENGTH["feet"]


def millimeters_to_yards(value: float) -> float:
    """Convert a length from millimeters to yards.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "millimeters")
    return value * LENGTH["millimeters"] / LENGTH["yards"]


def millimeters_to_miles(value: float) -> float:
    """Convert a length from millimeters to miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "millimeters")
    return value * LENGTH["millimeters"] / LENGTH["miles"]


def millimeters_to_nautical_miles(value: float) -> float:
    """Convert a length from millimeters to nautical miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "millimeters")
    return value * LENGTH["millimeters"] / LENGTH["nautical_miles"]


def centimeters_to_millimeters(value: float) -> float:
    """Convert a length from centimeters to millimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "centimeters")
    return value * LENGTH["centimeters"] / LENGTH["millimeters"]


def centimeters_to_meters(value: float) -> float:
    """Convert a length from centimeters to meters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "centimeters")
    return value * LENGTH["centimeters"] / LENGTH["meters"]


def centimeters_to_kilometers(value: float) -> float:
    """Convert a length from centimeters to kilometers.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "centimeters")
    return value * LENGTH["centimeters"] / LENGTH["kilometers"]


def centimeters_to_inches(value: float) -> float:
    """Convert a length from centimeters to inches.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "centimeters")
    return value * LENGTH["centimeters"] / LENGTH["inches"]


def centimeters_to_feet(value: float) -> float:
    """Convert a length from centimeters to feet.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "centimeters")
    return value * LENGTH["centimeters"] / LENGTH["feet"]


def centimeters_to_yards(value: float) -> float:
    """Convert a length from centimeters to yards.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "centimeters")
    return value * LENGTH["centimeters"] / LENGTH["yards"]


def centimeters_to_miles(value: float) -> float:
    """Convert a length from centimeters to miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "centimeters")
    return value * LENGTH["centimeters"] / LENGTH["miles"]


def centimeters_to_nautical_miles(value: float) -> float:
    """Convert a length from centimeters to nautical miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "centimeters")
    return value * LENGTH["centimeters"] / LENGTH["nautical_miles"]


def meters_to_millimeters(value: float) -> float:
    """Convert a length from meters to millimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "meters")
    return value * LENGTH["meters"] / LENGTH["millimeters"]


def meters_to_centimeters(value: float) -> float:
    """Convert a length from meters to centimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "meters")
    return value * LENGTH["meters"] / LENGTH["centimeters"]


def meters_to_kilometers(value: float) -> float:
    """Convert a length from meters to kilometers.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "meters")
    return value * LENGTH["meters"] / LENGTH["kilometers"]


def meters_to_inches(value: float) -> float:
    """Convert a length from meters to inches.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "meters")
    return value * LENGTH["meters"] / LENGTH["inches"]


def meters_to_feet(value: float) -> float:
    """Convert a length from meters to feet.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "meters")
    return value * LENGTH["meters"] / LENGTH["feet"]


def meters_to_yards(value: float) -> float:
    """Convert a length from meters to yards.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "meters")
    return value * LENGTH["meters"] / LENGTH["yards"]


def meters_to_miles(value: float) -> float:
    """Convert a length from meters to miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "meters")
    return value * LENGTH["meters"] / LENGTH["miles"]


def meters_to_nautical_miles(value: float) -> float:
    """Convert a length from meters to nautical miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "meters")
    return value * LENGTH["meters"] / LENGTH["nautical_miles"]


def kilometers_to_millimeters(value: float) -> float:
    """Convert a length from kilometers to millimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "kilometers")
    return value * LENGTH["kilometers"] / LENGTH["millimeters"]


def kilometers_to_centimeters(value: float) -> float:
    """Convert a length from kilometers to centimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "kilometers")
    return value * LENGTH["kilometers"] / LENGTH["centimeters"]


def kilometers_to_meters(value: float) -> float:
    """Convert a length from kilometers to meters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "kilometers")
    return value * LENGTH["kilometers"] / LENGTH["meters"]


def kilometers_to_inches(value: float) -> float:
    """Convert a length from kilometers to inches.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "kilometers")
    return value * LENGTH["kilometers"] / LENGTH["inches"]


def kilometers_to_feet(value: float) -> float:
    """Convert a length from kilometers to feet.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "kilometers")
    return value * LENGTH["kilometers"] / LENGTH["feet"]


def kilometers_to_yards(value: float) -> float:
    """Convert a length from kilometers to yards.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "kilometers")
    return value * LENGTH["kilometers"] / LENGTH["yards"]


def kilometers_to_miles(value: float) -> float:
    """Convert a length from kilometers to miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "kilometers")
    return value * LENGTH["kilometers"] / LENGTH["miles"]


def kilometers_to_nautical_miles(value: float) -> float:
    """Convert a length from kilometers to nautical miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "kilometers")
    return value * LENGTH["kilometers"] / LENGTH["nautical_miles"]


def inches_to_millimeters(value: float) -> float:
    """Convert a length from inches to millimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "inches")
    return value * LENGTH["inches"] / LENGTH["millimeters"]


def inches_to_centimeters(value: float) -> float:
    """Convert a length from inches to centimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "inches")
    return value * LENGTH["inches"] / LENGTH["centimeters"]


def inches_to_meters(value: float) -> float:
    """Convert a length from inches to meters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "inches")
    return value * LENGTH["inches"] / LENGTH["meters"]


def inches_to_kilometers(value: float) -> float:
    """Convert a length from inches to kilometers.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "inches")
    return value * LENGTH["inches"] / LENGTH["kilometers"]


def inches_to_feet(value: float) -> float:
    """Convert a length from inches to feet.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "inches")
    return value * LENGTH["inches"] / LENGTH["feet"]


def inches_to_yards(value: float) -> float:
    """Convert a length from inches to yards.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "inches")
    return value * LENGTH["inches"] / LENGTH["yards"]


def inches_to_miles(value: float) -> float:
    """Convert a length from inches to miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "inches")
    return value * LENGTH["inches"] / LENGTH["miles"]


def inches_to_nautical_miles(value: float) -> float:
    """Convert a length from inches to nautical miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "inches")
    return value * LENGTH["inches"] / LENGTH["nautical_miles"]


def feet_to_millimeters(value: float) -> float:
    """Convert a length from feet to millimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "feet")
    return value * LENGTH["feet"] / LENGTH["millimeters"]


def feet_to_centimeters(value: float) -> float:
    """Convert a length from feet to centimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "feet")
    return value * LENGTH["feet"] / LENGTH["centimeters"]


def feet_to_meters(value: float) -> float:
    """Convert a length from feet to meters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "feet")
    return value * LENGTH["feet"] / LENGTH["meters"]


def feet_to_kilometers(value: float) -> float:
    """Convert a length from feet to kilometers.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "feet")
    return value * LENGTH["feet"] / LENGTH["kilometers"]


def feet_to_inches(value: float) -> float:
    """Convert a length from feet to inches.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "feet")
    return value * LENGTH["feet"] / LENGTH["inches"]


def feet_to_yards(value: float) -> float:
    """Convert a length from feet to yards.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "feet")
    return value * LENGTH["feet"] / LENGTH["yards"]


def feet_to_miles(value: float) -> float:
    """Convert a length from feet to miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "feet")
    return value * LENGTH["feet"] / LENGTH["miles"]


def feet_to_nautical_miles(value: float) -> float:
    """Convert a length from feet to nautical miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "feet")
    return value * LENGTH["feet"] / LENGTH["nautical_miles"]


def yards_to_millimeters(value: float) -> float:
    """Convert a length from yards to millimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "yards")
    return value * LENGTH["yards"] / LENGTH["millimeters"]


def yards_to_centimeters(value: float) -> float:
    """Convert a length from yards to centimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "yards")
    return value * LENGTH["yards"] / LENGTH["centimeters"]


def yards_to_meters(value: float) -> float:
    """Convert a length from yards to meters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "yards")
    return value * LENGTH["yards"] / LENGTH["meters"]


def yards_to_kilometers(value: float) -> float:
    """Convert a length from yards to kilometers.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "yards")
    return value * LENGTH["yards"] / LENGTH["kilometers"]


def yards_to_inches(value: float) -> float:
    """Convert a length from yards to inches.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "yards")
    return value * LENGTH["yards"] / LENGTH["inches"]


def yards_to_feet(value: float) -> float:
    """Convert a length from yards to feet.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "yards")
    return value * LENGTH["yards"] / LENGTH["feet"]


def yards_to_miles(value: float) -> float:
    """Convert a length from yards to miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "yards")
    return value * LENGTH["yards"] / LENGTH["miles"]


def yards_to_nautical_miles(value: float) -> float:
    """Convert a length from yards to nautical miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "yards")
    return value * LENGTH["yards"] / LENGTH["nautical_miles"]


def miles_to_millimeters(value: float) -> float:
    """Convert a length from miles to millimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "miles")
    return value * LENGTH["miles"] / LENGTH["millimeters"]


def miles_to_centimeters(value: float) -> float:
    """Convert a length from miles to centimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "miles")
    return value * LENGTH["miles"] / LENGTH["centimeters"]


def miles_to_meters(value: float) -> float:
    """Convert a length from miles to meters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "miles")
    return value * LENGTH["miles"] / LENGTH["meters"]


def miles_to_kilometers(value: float) -> float:
    """Convert a length from miles to kilometers.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "miles")
    return value / LENGTH["miles"] * LENGTH["kilometers"]


def miles_to_inches(value: float) -> float:
    """Convert a length from miles to inches.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "miles")
    return value * LENGTH["miles"] / LENGTH["inches"]


def miles_to_feet(value: float) -> float:
    """Convert a length from miles to feet.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "miles")
    return value * LENGTH["miles"] / LENGTH["feet"]


def miles_to_yards(value: float) -> float:
    """Convert a length from miles to yards.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "miles")
    return value * LENGTH["miles"] / LENGTH["yards"]


def miles_to_nautical_miles(value: float) -> float:
    """Convert a length from miles to nautical miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "miles")
    return value * LENGTH["miles"] / LENGTH["nautical_miles"]


def nautical_miles_to_millimeters(value: float) -> float:
    """Convert a length from nautical miles to millimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "nautical_miles")
    return value * LENGTH["nautical_miles"] / LENGTH["millimeters"]


def nautical_miles_to_centimeters(value: float) -> float:
    """Convert a length from nautical miles to centimeters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "nautical_miles")
    return value * LENGTH["nautical_miles"] / LENGTH["centimeters"]


def nautical_miles_to_meters(value: float) -> float:
    """Convert a length from nautical miles to meters.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "nautical_miles")
    return value * LENGTH["nautical_miles"] / LENGTH["meters"]


def nautical_miles_to_kilometers(value: float) -> float:
    """Convert a length from nautical miles to kilometers.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "nautical_miles")
    return value * LENGTH["nautical_miles"] / LENGTH["kilometers"]


def nautical_miles_to_inches(value: float) -> float:
    """Convert a length from nautical miles to inches.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "nautical_miles")
    return value * LENGTH["nautical_miles"] / LENGTH["inches"]


def nautical_miles_to_feet(value: float) -> float:
    """Convert a length from nautical miles to feet.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "nautical_miles")
    return value * LENGTH["nautical_miles"] / LENGTH["feet"]


def nautical_miles_to_yards(value: float) -> float:
    """Convert a length from nautical miles to yards.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "nautical_miles")
    return value * LENGTH["nautical_miles"] / LENGTH["yards"]


def nautical_miles_to_miles(value: float) -> float:
    """Convert a length from nautical miles to miles.

    Raises ValueError for a negative length.
    """
    _check_non_negative(value, "nautical_miles")
    return value * LENGTH["nautical_miles"] / LENGTH["miles"]


def milligrams_to_grams(value: float) -> float:
    """Convert a mass from milligrams to grams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "milligrams")
    return value * MASS["milligrams"] / MASS["grams"]


def milligrams_to_kilograms(value: float) -> float:
    """Convert a mass from milligrams to kilograms.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "milligrams")
    return value * MASS["milligrams"] / MASS["kilograms"]


def milligrams_to_tonnes(value: float) -> float:
    """Convert a mass from milligrams to tonnes.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "milligrams")
    return value * MASS["milligrams"] / MASS["tonnes"]


def milligrams_to_ounces(value: float) -> float:
    """Convert a mass from milligrams to ounces.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "milligrams")
    return value * MASS["milligrams"] / MASS["ounces"]


def milligrams_to_pounds(value: float) -> float:
    """Convert a mass from milligrams to pounds.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "milligrams")
    return value * MASS["milligrams"] / MASS["pounds"]


def milligrams_to_stones(value: float) -> float:
    """Convert a mass from milligrams to stones.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "milligrams")
    return value * MASS["milligrams"] / MASS["stones"]


def grams_to_milligrams(value: float) -> float:
    """Convert a mass from grams to milligrams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "grams")
    return value * MASS["grams"] / MASS["milligrams"]


def grams_to_kilograms(value: float) -> float:
    """Convert a mass from grams to kilograms.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "grams")
    return value * MASS["grams"] / MASS["kilograms"]


def grams_to_tonnes(value: float) -> float:
    """Convert a mass from grams to tonnes.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "grams")
    return value * MASS["grams"] / MASS["tonnes"]


def grams_to_ounces(value: float) -> float:
    """Convert a mass from grams to ounces.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "grams")
    return value * MASS["grams"] / MASS["ounces"]


def grams_to_pounds(value: float) -> float:
    """Convert a mass from grams to pounds.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "grams")
    return value * MASS["grams"] / MASS["pounds"]


def grams_to_stones(value: float) -> float:
    """Convert a mass from grams to stones.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "grams")
    return value * MASS["grams"] / MASS["stones"]


def kilograms_to_milligrams(value: float) -> float:
    """Convert a mass from kilograms to milligrams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "kilograms")
    return value * MASS["kilograms"] / MASS["milligrams"]


def kilograms_to_grams(value: float) -> float:
    """Convert a mass from kilograms to grams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "kilograms")
    return value * MASS["kilograms"] / MASS["grams"]


def kilograms_to_tonnes(value: float) -> float:
    """Convert a mass from kilograms to tonnes.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "kilograms")
    return value * MASS["kilograms"] / MASS["tonnes"]


def kilograms_to_ounces(value: float) -> float:
    """Convert a mass from kilograms to ounces.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "kilograms")
    return value * MASS["kilograms"] / MASS["ounces"]


def kilograms_to_pounds(value: float) -> float:
    """Convert a mass from kilograms to pounds.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "kilograms")
    return value * MASS["kilograms"] / MASS["pounds"]


def kilograms_to_stones(value: float) -> float:
    """Convert a mass from kilograms to stones.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "kilograms")
    return value * MASS["kilograms"] / MASS["stones"]


def tonnes_to_milligrams(value: float) -> float:
    """Convert a mass from tonnes to milligrams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "tonnes")
    return value * MASS["tonnes"] / MASS["milligrams"]


def tonnes_to_grams(value: float) -> float:
    """Convert a mass from tonnes to grams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "tonnes")
    return value * MASS["tonnes"] / MASS["grams"]


def tonnes_to_kilograms(value: float) -> float:
    """Convert a mass from tonnes to kilograms.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "tonnes")
    return value * MASS["tonnes"] / MASS["kilograms"]


def tonnes_to_ounces(value: float) -> float:
    """Convert a mass from tonnes to ounces.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "tonnes")
    return value * MASS["tonnes"] / MASS["ounces"]


def tonnes_to_pounds(value: float) -> float:
    """Convert a mass from tonnes to pounds.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "tonnes")
    return value * MASS["tonnes"] / MASS["pounds"]


def tonnes_to_stones(value: float) -> float:
    """Convert a mass from tonnes to stones.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "tonnes")
    return value * MASS["tonnes"] / MASS["stones"]


def ounces_to_milligrams(value: float) -> float:
    """Convert a mass from ounces to milligrams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "ounces")
    return value * MASS["ounces"] / MASS["milligrams"]


def ounces_to_grams(value: float) -> float:
    """Convert a mass from ounces to grams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "ounces")
    return value * MASS["ounces"] / MASS["grams"]


def ounces_to_kilograms(value: float) -> float:
    """Convert a mass from ounces to kilograms.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "ounces")
    return value * MASS["ounces"] / MASS["kilograms"]


def ounces_to_tonnes(value: float) -> float:
    """Convert a mass from ounces to tonnes.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "ounces")
    return value * MASS["ounces"] / MASS["tonnes"]


def ounces_to_pounds(value: float) -> float:
    """Convert a mass from ounces to pounds.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "ounces")
    return value * MASS["ounces"] / MASS["pounds"]


def ounces_to_stones(value: float) -> float:
    """Convert a mass from ounces to stones.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "ounces")
    return value * MASS["ounces"] / MASS["stones"]


def pounds_to_milligrams(value: float) -> float:
    """Convert a mass from pounds to milligrams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "pounds")
    return value * MASS["pounds"] / MASS["milligrams"]


def pounds_to_grams(value: float) -> float:
    """Convert a mass from pounds to grams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "pounds")
    return value * MASS["pounds"] / MASS["grams"]


def pounds_to_kilograms(value: float) -> float:
    """Convert a mass from pounds to kilograms.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "pounds")
    return value * MASS["pounds"] / MASS["kilograms"]


def pounds_to_tonnes(value: float) -> float:
    """Convert a mass from pounds to tonnes.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "pounds")
    return value * MASS["pounds"] / MASS["tonnes"]


def pounds_to_ounces(value: float) -> float:
    """Convert a mass from pounds to ounces.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "pounds")
    return value * MASS["pounds"] / MASS["ounces"]


def pounds_to_stones(value: float) -> float:
    """Convert a mass from pounds to stones.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "pounds")
    return value * MASS["pounds"] / MASS["stones"]


def stones_to_milligrams(value: float) -> float:
    """Convert a mass from stones to milligrams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "stones")
    return value * MASS["stones"] / MASS["milligrams"]


def stones_to_grams(value: float) -> float:
    """Convert a mass from stones to grams.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "stones")
    return value * MASS["stones"] / MASS["grams"]


def stones_to_kilograms(value: float) -> float:
    """Convert a mass from stones to kilograms.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "stones")
    return value * MASS["stones"] / MASS["kilograms"]


def stones_to_tonnes(value: float) -> float:
    """Convert a mass from stones to tonnes.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "stones")
    return value * MASS["stones"] / MASS["tonnes"]


def stones_to_ounces(value: float) -> float:
    """Convert a mass from stones to ounces.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "stones")
    return value * MASS["stones"] / MASS["ounces"]


def stones_to_pounds(value: float) -> float:
    """Convert a mass from stones to pounds.

    Raises ValueError for a negative mass.
    """
    _check_non_negative(value, "stones")
    return value * MASS["stones"] / MASS["pounds"]


def milliliters_to_liters(value: float) -> float:
    """Convert a volume from milliliters to liters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "milliliters")
    return value * VOLUME["milliliters"] / VOLUME["liters"]


def milliliters_to_cubic_meters(value: float) -> float:
    """Convert a volume from milliliters to cubic meters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "milliliters")
    return value * VOLUME["milliliters"] / VOLUME["cubic_meters"]


def milliliters_to_teaspoons(value: float) -> float:
    """Convert a volume from milliliters to teaspoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "milliliters")
    return value * VOLUME["milliliters"] / VOLUME["teaspoons"]


def milliliters_to_tablespoons(value: float) -> float:
    """Convert a volume from milliliters to tablespoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "milliliters")
    return value * VOLUME["milliliters"] / VOLUME["tablespoons"]


def milliliters_to_cups(value: float) -> float:
    """Convert a volume from milliliters to cups.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "milliliters")
    return value * VOLUME["milliliters"] / VOLUME["cups"]


def milliliters_to_pints(value: float) -> float:
    """Convert a volume from milliliters to pints.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "milliliters")
    return value * VOLUME["milliliters"] / VOLUME["pints"]


def milliliters_to_quarts(value: float) -> float:
    """Convert a volume from milliliters to quarts.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "milliliters")
    return value * VOLUME["milliliters"] / VOLUME["quarts"]


def milliliters_to_gallons(value: float) -> float:
    """Convert a volume from milliliters to gallons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "milliliters")
    return value * VOLUME["milliliters"] / VOLUME["gallons"]


def liters_to_milliliters(value: float) -> float:
    """Convert a volume from liters to milliliters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "liters")
    return value * VOLUME["liters"] / VOLUME["milliliters"]


def liters_to_cubic_meters(value: float) -> float:
    """Convert a volume from liters to cubic meters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "liters")
    return value * VOLUME["liters"] / VOLUME["cubic_meters"]


def liters_to_teaspoons(value: float) -> float:
    """Convert a volume from liters to teaspoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "liters")
    return value * VOLUME["liters"] / VOLUME["teaspoons"]


def liters_to_tablespoons(value: float) -> float:
    """Convert a volume from liters to tablespoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "liters")
    return value * VOLUME["liters"] / VOLUME["tablespoons"]


def liters_to_cups(value: float) -> float:
    """Convert a volume from liters to cups.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "liters")
    return value * VOLUME["liters"] / VOLUME["cups"]


def liters_to_pints(value: float) -> float:
    """Convert a volume from liters to pints.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "liters")
    return value * VOLUME["liters"] / VOLUME["pints"]


def liters_to_quarts(value: float) -> float:
    """Convert a volume from liters to quarts.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "liters")
    return value * VOLUME["liters"] / VOLUME["quarts"]


def liters_to_gallons(value: float) -> float:
    """Convert a volume from liters to gallons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "liters")
    return value * VOLUME["liters"] / VOLUME["gallons"]


def cubic_meters_to_milliliters(value: float) -> float:
    """Convert a volume from cubic meters to milliliters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cubic_meters")
    return value * VOLUME["cubic_meters"] / VOLUME["milliliters"]


def cubic_meters_to_liters(value: float) -> float:
    """Convert a volume from cubic meters to liters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cubic_meters")
    return value * VOLUME["cubic_meters"] / VOLUME["liters"]


def cubic_meters_to_teaspoons(value: float) -> float:
    """Convert a volume from cubic meters to teaspoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cubic_meters")
    return value * VOLUME["cubic_meters"] / VOLUME["teaspoons"]


def cubic_meters_to_tablespoons(value: float) -> float:
    """Convert a volume from cubic meters to tablespoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cubic_meters")
    return value * VOLUME["cubic_meters"] / VOLUME["tablespoons"]


def cubic_meters_to_cups(value: float) -> float:
    """Convert a volume from cubic meters to cups.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cubic_meters")
    return value * VOLUME["cubic_meters"] / VOLUME["cups"]


def cubic_meters_to_pints(value: float) -> float:
    """Convert a volume from cubic meters to pints.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cubic_meters")
    return value * VOLUME["cubic_meters"] / VOLUME["pints"]


def cubic_meters_to_quarts(value: float) -> float:
    """Convert a volume from cubic meters to quarts.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cubic_meters")
    return value * VOLUME["cubic_meters"] / VOLUME["quarts"]


def cubic_meters_to_gallons(value: float) -> float:
    """Convert a volume from cubic meters to gallons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cubic_meters")
    return value * VOLUME["cubic_meters"] / VOLUME["gallons"]


def teaspoons_to_milliliters(value: float) -> float:
    """Convert a volume from teaspoons to milliliters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "teaspoons")
    return value * VOLUME["teaspoons"] / VOLUME["milliliters"]


def teaspoons_to_liters(value: float) -> float:
    """Convert a volume from teaspoons to liters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "teaspoons")
    return value * VOLUME["teaspoons"] / VOLUME["liters"]


def teaspoons_to_cubic_meters(value: float) -> float:
    """Convert a volume from teaspoons to cubic meters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "teaspoons")
    return value * VOLUME["teaspoons"] / VOLUME["cubic_meters"]


def teaspoons_to_tablespoons(value: float) -> float:
    """Convert a volume from teaspoons to tablespoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "teaspoons")
    return value * VOLUME["teaspoons"] / VOLUME["tablespoons"]


def teaspoons_to_cups(value: float) -> float:
    """Convert a volume from teaspoons to cups.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "teaspoons")
    return value * VOLUME["teaspoons"] / VOLUME["cups"]


def teaspoons_to_pints(value: float) -> float:
    """Convert a volume from teaspoons to pints.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "teaspoons")
    return value * VOLUME["teaspoons"] / VOLUME["pints"]


def teaspoons_to_quarts(value: float) -> float:
    """Convert a volume from teaspoons to quarts.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "teaspoons")
    return value * VOLUME["teaspoons"] / VOLUME["quarts"]


def teaspoons_to_gallons(value: float) -> float:
    """Convert a volume from teaspoons to gallons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "teaspoons")
    return value * VOLUME["teaspoons"] / VOLUME["gallons"]


def tablespoons_to_milliliters(value: float) -> float:
    """Convert a volume from tablespoons to milliliters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "tablespoons")
    return value * VOLUME["tablespoons"] / VOLUME["milliliters"]


def tablespoons_to_liters(value: float) -> float:
    """Convert a volume from tablespoons to liters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "tablespoons")
    return value * VOLUME["tablespoons"] / VOLUME["liters"]


def tablespoons_to_cubic_meters(value: float) -> float:
    """Convert a volume from tablespoons to cubic meters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "tablespoons")
    return value * VOLUME["tablespoons"] / VOLUME["cubic_meters"]


def tablespoons_to_teaspoons(value: float) -> float:
    """Convert a volume from tablespoons to teaspoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "tablespoons")
    return value * VOLUME["tablespoons"] / VOLUME["teaspoons"]


def tablespoons_to_cups(value: float) -> float:
    """Convert a volume from tablespoons to cups.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "tablespoons")
    return value * VOLUME["tablespoons"] / VOLUME["cups"]


def tablespoons_to_pints(value: float) -> float:
    """Convert a volume from tablespoons to pints.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "tablespoons")
    return value * VOLUME["tablespoons"] / VOLUME["pints"]


def tablespoons_to_quarts(value: float) -> float:
    """Convert a volume from tablespoons to quarts.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "tablespoons")
    return value * VOLUME["tablespoons"] / VOLUME["quarts"]


def tablespoons_to_gallons(value: float) -> float:
    """Convert a volume from tablespoons to gallons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "tablespoons")
    return value * VOLUME["tablespoons"] / VOLUME["gallons"]


def cups_to_milliliters(value: float) -> float:
    """Convert a volume from cups to milliliters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cups")
    return value * VOLUME["cups"] / VOLUME["milliliters"]


def cups_to_liters(value: float) -> float:
    """Convert a volume from cups to liters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cups")
    return value * VOLUME["cups"] / VOLUME["liters"]


def cups_to_cubic_meters(value: float) -> float:
    """Convert a volume from cups to cubic meters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cups")
    return value * VOLUME["cups"] / VOLUME["cubic_meters"]


def cups_to_teaspoons(value: float) -> float:
    """Convert a volume from cups to teaspoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cups")
    return value * VOLUME["cups"] / VOLUME["teaspoons"]


def cups_to_tablespoons(value: float) -> float:
    """Convert a volume from cups to tablespoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cups")
    return value * VOLUME["cups"] / VOLUME["tablespoons"]


def cups_to_pints(value: float) -> float:
    """Convert a volume from cups to pints.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cups")
    return value * VOLUME["cups"] / VOLUME["pints"]


def cups_to_quarts(value: float) -> float:
    """Convert a volume from cups to quarts.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cups")
    return value * VOLUME["cups"] / VOLUME["quarts"]


def cups_to_gallons(value: float) -> float:
    """Convert a volume from cups to gallons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "cups")
    return value * VOLUME["cups"] / VOLUME["gallons"]


def pints_to_milliliters(value: float) -> float:
    """Convert a volume from pints to milliliters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "pints")
    return value * VOLUME["pints"] / VOLUME["milliliters"]


def pints_to_liters(value: float) -> float:
    """Convert a volume from pints to liters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "pints")
    return value * VOLUME["pints"] / VOLUME["liters"]


def pints_to_cubic_meters(value: float) -> float:
    """Convert a volume from pints to cubic meters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "pints")
    return value * VOLUME["pints"] / VOLUME["cubic_meters"]


def pints_to_teaspoons(value: float) -> float:
    """Convert a volume from pints to teaspoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "pints")
    return value * VOLUME["pints"] / VOLUME["teaspoons"]


def pints_to_tablespoons(value: float) -> float:
    """Convert a volume from pints to tablespoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "pints")
    return value * VOLUME["pints"] / VOLUME["tablespoons"]


def pints_to_cups(value: float) -> float:
    """Convert a volume from pints to cups.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "pints")
    return value * VOLUME["pints"] / VOLUME["cups"]


def pints_to_quarts(value: float) -> float:
    """Convert a volume from pints to quarts.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "pints")
    return value * VOLUME["pints"] / VOLUME["quarts"]


def pints_to_gallons(value: float) -> float:
    """Convert a volume from pints to gallons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "pints")
    return value * VOLUME["pints"] / VOLUME["gallons"]


def quarts_to_milliliters(value: float) -> float:
    """Convert a volume from quarts to milliliters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "quarts")
    return value * VOLUME["quarts"] / VOLUME["milliliters"]


def quarts_to_liters(value: float) -> float:
    """Convert a volume from quarts to liters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "quarts")
    return value * VOLUME["quarts"] / VOLUME["liters"]


def quarts_to_cubic_meters(value: float) -> float:
    """Convert a volume from quarts to cubic meters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "quarts")
    return value * VOLUME["quarts"] / VOLUME["cubic_meters"]


def quarts_to_teaspoons(value: float) -> float:
    """Convert a volume from quarts to teaspoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "quarts")
    return value * VOLUME["quarts"] / VOLUME["teaspoons"]


def quarts_to_tablespoons(value: float) -> float:
    """Convert a volume from quarts to tablespoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "quarts")
    return value * VOLUME["quarts"] / VOLUME["tablespoons"]


def quarts_to_cups(value: float) -> float:
    """Convert a volume from quarts to cups.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "quarts")
    return value * VOLUME["quarts"] / VOLUME["cups"]


def quarts_to_pints(value: float) -> float:
    """Convert a volume from quarts to pints.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "quarts")
    return value * VOLUME["quarts"] / VOLUME["pints"]


def quarts_to_gallons(value: float) -> float:
    """Convert a volume from quarts to gallons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "quarts")
    return value * VOLUME["quarts"] / VOLUME["gallons"]


def gallons_to_milliliters(value: float) -> float:
    """Convert a volume from gallons to milliliters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "gallons")
    return value * VOLUME["gallons"] / VOLUME["milliliters"]


def gallons_to_liters(value: float) -> float:
    """Convert a volume from gallons to liters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "gallons")
    return value * VOLUME["gallons"] / VOLUME["liters"]


def gallons_to_cubic_meters(value: float) -> float:
    """Convert a volume from gallons to cubic meters.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "gallons")
    return value * VOLUME["gallons"] / VOLUME["cubic_meters"]


def gallons_to_teaspoons(value: float) -> float:
    """Convert a volume from gallons to teaspoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "gallons")
    return value * VOLUME["gallons"] / VOLUME["teaspoons"]


def gallons_to_tablespoons(value: float) -> float:
    """Convert a volume from gallons to tablespoons.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "gallons")
    return value * VOLUME["gallons"] / VOLUME["tablespoons"]


def gallons_to_cups(value: float) -> float:
    """Convert a volume from gallons to cups.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "gallons")
    return value * VOLUME["gallons"] / VOLUME["cups"]


def gallons_to_pints(value: float) -> float:
    """Convert a volume from gallons to pints.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "gallons")
    return value * VOLUME["gallons"] / VOLUME["pints"]


def gallons_to_quarts(value: float) -> float:
    """Convert a volume from gallons to quarts.

    Raises ValueError for a negative volume.
    """
    _check_non_negative(value, "gallons")
    return value * VOLUME["gallons"] / VOLUME["quarts"]


def seconds_to_minutes(value: float) -> float:
    """Convert a duration from seconds to minutes.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "seconds")
    return value * DURATION["seconds"] / DURATION["minutes"]


def seconds_to_hours(value: float) -> float:
    """Convert a duration from seconds to hours.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "seconds")
    return value * DURATION["seconds"] / DURATION["hours"]


def seconds_to_days(value: float) -> float:
    """Convert a duration from seconds to days.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "seconds")
    return value * DURATION["seconds"] / DURATION["days"]


def seconds_to_weeks(value: float) -> float:
    """Convert a duration from seconds to weeks.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "seconds")
    return value * DURATION["seconds"] / DURATION["weeks"]


def minutes_to_seconds(value: float) -> float:
    """Convert a duration from minutes to seconds.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "minutes")
    return value * DURATION["minutes"] / DURATION["seconds"]


def minutes_to_hours(value: float) -> float:
    """Convert a duration from minutes to hours.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "minutes")
    return value * DURATION["minutes"] / DURATION["hours"]


def minutes_to_days(value: float) -> float:
    """Convert a duration from minutes to days.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "minutes")
    return value * DURATION["minutes"] / DURATION["days"]


def minutes_to_weeks(value: float) -> float:
    """Convert a duration from minutes to weeks.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "minutes")
    return value * DURATION["minutes"] / DURATION["weeks"]


def hours_to_seconds(value: float) -> float:
    """Convert a duration from hours to seconds.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "hours")
    return value * DURATION["hours"] / DURATION["seconds"]


def hours_to_minutes(value: float) -> float:
    """Convert a duration from hours to minutes.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "hours")
    return value * DURATION["hours"] / DURATION["minutes"]


def hours_to_days(value: float) -> float:
    """Convert a duration from hours to days.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "hours")
    return value * DURATION["hours"] / DURATION["days"]


def hours_to_weeks(value: float) -> float:
    """Convert a duration from hours to weeks.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "hours")
    return value * DURATION["hours"] / DURATION["weeks"]


def days_to_seconds(value: float) -> float:
    """Convert a duration from days to seconds.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "days")
    return value * DURATION["days"] / DURATION["seconds"]


def days_to_minutes(value: float) -> float:
    """Convert a duration from days to minutes.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "days")
    return value * DURATION["days"] / DURATION["minutes"]


def days_to_hours(value: float) -> float:
    """Convert a duration from days to hours.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "days")
    return value * DURATION["days"] / DURATION["hours"]


def days_to_weeks(value: float) -> float:
    """Convert a duration from days to weeks.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "days")
    return value * DURATION["days"] / DURATION["weeks"]


def weeks_to_seconds(value: float) -> float:
    """Convert a duration from weeks to seconds.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "weeks")
    return value * DURATION["weeks"] / DURATION["seconds"]


def weeks_to_minutes(value: float) -> float:
    """Convert a duration from weeks to minutes.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "weeks")
    return value * DURATION["weeks"] / DURATION["minutes"]


def weeks_to_hours(value: float) -> float:
    """Convert a duration from weeks to hours.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "weeks")
    return value * DURATION["weeks"] / DURATION["hours"]


def weeks_to_days(value: float) -> float:
    """Convert a duration from weeks to days.

    Raises ValueError for a negative duration.
    """
    _check_non_negative(value, "weeks")
    return value * DURATION["weeks"] / DURATION["days"]
