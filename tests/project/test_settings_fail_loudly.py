import pytest
from django.core.exceptions import ImproperlyConfigured

from kaohe.conf import env_bool, env_choice, env_int, env_list, env_str


def test_booleans_accept_the_usual_spellings(monkeypatch):
    for raw, value in [("1", True), ("yes", True), ("ON", True), ("0", False), ("off", False)]:
        monkeypatch.setenv("KAOHE_X", raw)
        assert env_bool("KAOHE_X", default=not value) is value


def test_a_misspelt_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("KAOHE_DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="KAOHE_DEBUG='ture' is not a boolean"):
        env_bool("KAOHE_DEBUG", default=False)


def test_integers_are_checked_for_type_and_minimum(monkeypatch):
    monkeypatch.setenv("KAOHE_N", "five")
    with pytest.raises(ImproperlyConfigured, match="KAOHE_N='five' is not an integer"):
        env_int("KAOHE_N", 5)
    monkeypatch.setenv("KAOHE_N", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("KAOHE_N", 5, minimum=1)


def test_required_string_and_choices(monkeypatch):
    monkeypatch.delenv("KAOHE_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="KAOHE_REQUIRED is required"):
        env_str("KAOHE_REQUIRED")
    monkeypatch.setenv("KAOHE_ENV", "prod")
    with pytest.raises(ImproperlyConfigured, match="must be one of"):
        env_choice("KAOHE_ENV", "development", ("development", "production"))


def test_lists_split_on_commas(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.example , b.example,,")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example", "b.example"]
