"""Production as docs/configuration.md sets it up: migrated, static files collected, served by
gunicorn behind a TLS-terminating proxy. The login page answers in Chinese with its security
headers, and the hashed static files are served by the app itself, cached for good."""

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.project.test_production_settings import SECRET, environment, kaohe

PRODUCTION = {
    "KAOHE_ENV": "production",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "127.0.0.1",
    "KAOHE_BEHIND_PROXY": "1",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, dict, bytes]:
    # What the proxy adds: the request came over HTTPS, in Chinese.
    request = urllib.request.Request(
        url, headers={"X-Forwarded-Proto": "https", "Accept-Language": "zh-CN,zh;q=0.9"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_the_login_page_and_static_files_through_gunicorn(tmp_path):
    env = PRODUCTION | {"KAOHE_VAR_DIR": str(tmp_path)}
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        done = kaohe(*command, **env)
        assert done.returncode == 0, done.stdout + done.stderr
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "kaohe.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        env=environment(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                status, headers, body = get(f"{base}/accounts/login/")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None and time.monotonic() < deadline, (
                    "gunicorn did not start"
                )
                time.sleep(0.2)
        page = body.decode()
        assert status == 200 and "登录" in page
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        assert headers["X-Frame-Options"] == "DENY"
        script = re.search(r'src="(/static/kaohe/kaohe\.[0-9a-f]{12}\.js)"', page)
        assert script, "the page links the hashed, collected script"
        status, headers, body = get(base + script.group(1))
        assert status == 200 and b"data-shown-with" in body
        assert "immutable" in headers["Cache-Control"]
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Traceback" not in output, output
