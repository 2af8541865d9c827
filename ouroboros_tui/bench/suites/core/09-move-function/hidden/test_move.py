from datetime import date

from blog import posts, text, utils


def test_slugify_lives_in_text():
    assert text.slugify("Hello, World!") == "hello-world"
    assert not hasattr(utils, "slugify")
    assert utils.iso_day(date(2024, 1, 2)) == "2024-01-02"


def test_posts_still_work():
    assert posts.post_path("A Day Out", date(2024, 5, 6)) == "/2024-05-06/a-day-out/"
