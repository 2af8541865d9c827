from datetime import date

from blog.utils import iso_day, slugify


def post_path(title, day: date):
    return f"/{iso_day(day)}/{slugify(title)}/"
