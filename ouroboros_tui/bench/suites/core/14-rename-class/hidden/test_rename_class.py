from accounts import admin, models, registry


def test_class_is_renamed_everywhere():
    assert not hasattr(models, "Usr")
    assert repr(registry.register("ann")) == "User('ann')"
    assert isinstance(registry.find("ann"), models.User)
    assert admin.make_admin("root").admin is True
    assert type(admin.make_admin("x")) is models.User
