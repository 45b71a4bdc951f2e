"""Production mode is checked in a fresh process: settings are read once per process."""

import os
import subprocess
import sys

SECRET = "x7#kP2vQ9!mL4nR8sT1wY5zA3cE6gJ0hU2bD4fH6jK8lN0pQ-production-test"


def environment(**env) -> dict[str, str]:
    """This process's environment without kaohe's settings (the test run's own), and `env`."""
    own = ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS")
    kept = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KAOHE_", "DJANGO_")) and k not in own
    }
    return kept | env


def kaohe(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "kaohe", *args],
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_in_production(tmp_path):
    result = kaohe(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        KAOHE_ENV="production",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="kaohe.example.org",
        KAOHE_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = kaohe(
        "check",
        KAOHE_ENV="production",
        ALLOWED_HOSTS="kaohe.example.org",
        KAOHE_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_database_url_selects_postgresql(tmp_path):
    code = (
        "from django.conf import settings; import django; django.setup();"
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    environment = os.environ | {
        "DATABASE_URL": "postgres://kaohe:pw@db.internal:5432/kaohe",
        "DJANGO_SETTINGS_MODULE": "kaohe.settings",
        "KAOHE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr
