import json

import pytest

import settings


def test_missing_file_gives_defaults(tmp_path):
    result = settings.load_settings(tmp_path / "nope.json")
    assert result == {"theme": "dark", "font_size": 12}
    result["theme"] = "light"
    assert settings.DEFAULTS["theme"] == "dark"


def test_file_values_are_merged(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"font_size": 14}))
    assert settings.load_settings(path) == {"theme": "dark", "font_size": 14}


def test_bad_json_still_raises(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{nope")
    with pytest.raises(ValueError):
        settings.load_settings(path)
