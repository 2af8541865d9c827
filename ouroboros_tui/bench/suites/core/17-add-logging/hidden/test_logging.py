import logging

import sync


def test_logs_instead_of_printing(caplog, capsys):
    caplog.set_level(logging.DEBUG, logger="sync")
    target = {"a": 1}
    assert sync.sync({"a": 1, "b": 2}, target) == ["b"]
    assert target == {"a": 1, "b": 2}
    assert capsys.readouterr().out == ""
    records = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert ("sync", logging.INFO, "copied b") in records
    assert ("sync", logging.DEBUG, "skipped a") in records
