import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from kaohe.accounts.models import User
from kaohe.demo.organization import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    LARGE_CODE,
    build_demo,
    build_large,
    demo_exists,
)
from kaohe.organizations.models import Member, Organization, OrgKind


class Command(BaseCommand):
    help = "Build the demo organization (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=["standard", "large"],
            default="standard",
            help="standard: 12 branches, ~300 members; large: 5,000 branches, 100,000 members.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only build when the database holds no organization at all (used by `make run`).",
        )

    def handle(self, *args, size, if_empty, **options):
        today = timezone.localdate()
        started = time.perf_counter()
        if size == "large":
            if Organization.objects.filter(code=LARGE_CODE).exists():
                self.stdout.write("The large demo is already loaded.")
            else:
                root = build_large(today=today)
                self._report_built(root, started)
            return
        if (if_empty and Organization.objects.exists()) or demo_exists():
            self.stdout.write("演示数据已存在 / demo data already present.")
        else:
            root = build_demo(today=today)
            self._report_built(root, started)
        self._print_logins()

    def _report_built(self, root: Organization, started: float) -> None:
        subtree = Organization.objects.filter(path__startswith=root.path)
        branches = subtree.filter(kind=OrgKind.BRANCH).count()
        members = Member.objects.filter(branch__path__startswith=root.path).count()
        self.stdout.write(
            f"Built {root.name}: {subtree.count()} organizations, {branches} branches, "
            f"{members} members in {time.perf_counter() - started:.1f} s."
        )

    def _print_logins(self) -> None:
        present = set(
            User.objects.filter(username__in=[d.username for d in DEMO_LOGINS]).values_list(
                "username", flat=True
            )
        )
        if not present:
            return
        self.stdout.write("")
        self.stdout.write(f"演示账号 / demo logins (密码 password: {DEMO_PASSWORD})")
        for login in DEMO_LOGINS:
            if login.username in present:
                self.stdout.write(f"  {login.username:<10} {login.role:<10} {login.scope}")
        self.stdout.write("打开 / open http://127.0.0.1:8000/")
