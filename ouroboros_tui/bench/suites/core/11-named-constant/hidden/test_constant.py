import billing


def test_constant_exists_and_values_hold():
    assert billing.VAT_RATE == 0.21
    assert billing.with_vat(100) == 121.0
    assert billing.vat_of(100) == 21.0
    assert billing.net_from_gross(121) == 100.0


def test_every_function_reads_the_constant(monkeypatch):
    monkeypatch.setattr(billing, "VAT_RATE", 0.1)
    assert billing.with_vat(100) == 110.0
    assert billing.vat_of(100) == 10.0
    assert billing.net_from_gross(110) == 100.0
