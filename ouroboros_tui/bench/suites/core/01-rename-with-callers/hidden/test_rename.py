from shop import checkout, pricing, report


def test_new_name_exists_and_old_is_gone():
    assert pricing.order_total([(10.0, 2)]) == 24.0
    assert not hasattr(pricing, "calc_total")


def test_callers_use_the_new_name():
    assert checkout.checkout({"customer": "ann", "items": [(5.0, 1)]}) == {"customer": "ann", "total": 6.0}
    assert report.daily_report([{"id": 7, "items": [(1.0, 1)]}]) == "7: 1.20"
