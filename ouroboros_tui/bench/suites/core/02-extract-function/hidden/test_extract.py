import inspect

import report


def test_format_row_formats_one_row():
    assert report.format_row(" green tea ", 2, 3.5) == "Green Tea              2 x     3.50 =      7.00"


def test_both_functions_use_it_and_keep_their_output():
    items = [("apple", 3, 0.5), ("bread loaf", 1, 2.25)]
    assert report.invoice_lines(items) == [report.format_row(*i) for i in items]
    assert report.receipt_lines(items) == ["RECEIPT", *[report.format_row(*i) for i in items], "thank you"]
    for fn in (report.invoice_lines, report.receipt_lines):
        assert "format_row" in inspect.getsource(fn)
