import hashlib
import re
from pathlib import Path

from django.contrib.staticfiles import finders

import kaohe

VENDOR = Path(kaohe.__file__).parent / "static" / "vendor"


def test_vendored_files_match_the_recorded_versions_and_hashes():
    table = (VENDOR / "VENDOR.md").read_text()
    rows = re.findall(r"\| ([\w/.-]+\.js) \| ([0-9a-f]{64}) \| .*?\(([\w/.-]+)", table)
    assert {path for path, _, _ in rows} == {"htmx/htmx.min.js", "echarts/echarts.min.js"}
    for path, digest, licence in rows:
        assert hashlib.sha256((VENDOR / path).read_bytes()).hexdigest() == digest, path
        assert (VENDOR / licence).is_file(), licence


def test_every_asset_the_layout_loads_is_served_by_the_app(client, world):
    client.force_login(world.admin_a)
    page = client.get("/").content.decode()
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', page)
    assert "vendor/htmx/htmx.min.js" in assets and "kaohe/kaohe.css" in assets
    for asset in assets:
        assert finders.find(asset), asset
