from contacts import unique_emails


def test_case_and_space_insensitive_first_spelling_kept():
    emails = ["Bob@y.org", " Ann@X.org", "ann@x.org", "bob@Y.org ", "cy@z.org"]
    assert unique_emails(emails) == ["Bob@y.org", "Ann@X.org", "cy@z.org"]


def test_empty():
    assert unique_emails([]) == []
