import subprocess
import sys


def test_scoring_package_and_cli_never_import_django():
    code = (
        "import sys\n"
        "import kaohe.scoring, kaohe.scoring.cli, kaohe.bench.scoring\n"
        "from kaohe.scoring.cli import main\n"
        "assert main(['scheme', 'list']) == 0\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print('DJANGO:', bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    env = {"PATH": "/usr/bin:/bin"}  # no DJANGO_SETTINGS_MODULE leaking in
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "DJANGO: []" in run.stdout
