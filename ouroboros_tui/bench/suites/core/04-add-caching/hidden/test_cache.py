import backend
import rates


def test_each_currency_is_fetched_once():
    backend.CALLS.clear()
    for _ in range(5):
        assert rates.convert(100, "EUR", "USD") == 108.0
    assert sorted(backend.CALLS) == ["EUR", "USD"]


def test_results_are_unchanged():
    assert rates.exchange_rate("gbp") == 0.86
    assert rates.convert(86, "GBP", "EUR") == 100.0
