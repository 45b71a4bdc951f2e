"""Chinese is the primary language: every source string must be translated, and the
compiled catalogue that ships must be the one built from the .po file."""

import subprocess
from pathlib import Path

import kaohe

CATALOGUE = Path(kaohe.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_string_has_a_chinese_translation():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE / "django.po")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_shipped_catalogue_is_compiled_from_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(CATALOGUE / "django.po")], check=True)
    assert compiled.read_bytes() == (CATALOGUE / "django.mo").read_bytes(), (
        "run `make messages` and commit django.mo"
    )


def test_templates_strings_are_all_in_the_catalogue(tmp_path):
    """makemessages on the source finds no msgid the committed catalogue lacks."""
    source = Path(kaohe.__file__).parent
    po = (CATALOGUE / "django.po").read_text()
    result = subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--keyword=_",
            "--keyword=gettext_lazy",
            "--keyword=gettext",
            "--from-code=UTF-8",
            "-o",
            "-",
            *map(str, sorted(source.rglob("*.py"))),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    missing = [
        line[len('msgid "') : -1]
        for line in result.stdout.splitlines()
        if line.startswith('msgid "') and line != 'msgid ""' and line not in po
    ]
    assert not missing, f"strings in Python code missing from django.po: {missing}"
