import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from kaohe.accounts.models import User
from kaohe.demo.assessments import (
    build_demo_assessments,
    demo_assessments_exist,
    summary,
)
from kaohe.demo.organization import (
    DEMO_CODE,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    LARGE_CODE,
    build_demo,
    build_large,
    demo_exists,
)
from kaohe.demo.records import build_demo_records, build_large_records, demo_records_exist
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
        parser.add_argument(
            "--with-records",
            action="store_true",
            help="large only: also write a year of records (about 10 million rows).",
        )

    def handle(self, *args, size, if_empty, with_records, **options):
        today = timezone.localdate()
        started = time.perf_counter()
        if size == "large":
            self._large(today, started, with_records)
            return
        if demo_exists():
            root = Organization.objects.get(code=DEMO_CODE)
            if not self._complete(root, today):
                self.stdout.write("演示数据已存在 / demo data already present.")
        elif if_empty and Organization.objects.exists():
            self.stdout.write("演示数据已存在 / demo data already present.")
        else:
            root = build_demo(today=today)
            self._report_built(root, started)
            self._complete(root, today)
        self._print_logins()

    def _large(self, today, started: float, with_records: bool) -> None:
        root = Organization.objects.filter(code=LARGE_CODE).first()
        if root is None:
            root = build_large(today=today)
            self._report_built(root, started)
        else:
            self.stdout.write("The large demo is already loaded.")
        if with_records and not demo_records_exist(root):
            counts = build_large_records(root, today.year - 1, today=today)
            self.stdout.write(
                f"Records of {today.year - 1}: {counts['total']:,} rows "
                f"({counts['Attendance']:,} attendance) in {counts['seconds']} s."
            )

    def _complete(self, root: Organization, today) -> bool:
        """Add the demo's records and assessments where they are missing; True if any were."""
        added = False
        if not demo_records_exist(root):
            started = time.perf_counter()
            counts = build_demo_records(root, today=today)
            self.stdout.write(
                f"工作记录 / records: {sum(counts.values()):,} rows for {today.year - 1} and "
                f"{today.year} to date in {time.perf_counter() - started:.1f} s."
            )
            added = True
        if not demo_assessments_exist(root):
            started = time.perf_counter()
            done = build_demo_assessments(root, today=today)
            self.stdout.write(
                f"考核 / assessments of {today.year - 1}: {len(done)} computed in "
                f"{time.perf_counter() - started:.1f} s"
            )
            for line in summary(done):
                self.stdout.write(line)
            added = True
        return added

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
