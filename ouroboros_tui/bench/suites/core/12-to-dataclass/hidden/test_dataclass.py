import dataclasses

from library import Book, shelf


def test_book_is_a_dataclass_with_three_fields():
    assert dataclasses.is_dataclass(Book)
    assert [(f.name, f.type) for f in dataclasses.fields(Book)] in (
        [("title", str), ("author", str), ("year", int)],
        [("title", "str"), ("author", "str"), ("year", "int")],
    )


def test_behaviour_is_kept():
    a = Book("Dune", "Herbert", 1965)
    assert a == Book("Dune", "Herbert", 1965)
    assert repr(a) == "Book(title='Dune', author='Herbert', year=1965)"
    assert a.label() == "Dune (1965)"
    assert shelf([Book("B", "Y", 2), a]) == [a, Book("B", "Y", 2)]
