"""Benchmark: a year of records for 5,000 branches and 100,000 members, end to end.

Measured, in one run on a fresh SQLite database:
- kaohe's pipeline: compute every metric by GROUP BY, score every branch and member with
  the engine, store the results (assessment_compute), per scheme and in total;
- the practical limit: a plain Polars pass computing the same metrics from the same rows
  already held in memory;
- the naive way (bench/naive.py): subject by subject, an ORM query per metric and per
  event type, the scalar evaluator over the sample's subjects together, and
  Model.objects.create() per result, item score and audit row, after pinning the facts
  document like the pipeline; on a sample (50 branches, the members of 25 branches, rolled
  back), extrapolated. It builds the same document and stores the same rows as the
  pipeline (tests/bench), so the ratio compares equal work.

Prints `BENCH <name> <value> <unit>` lines. Building the data is reported, not counted.
"""

import contextlib
import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

SCHEMES = Path(__file__).resolve().parent / "schemes"


def bench(name: str, value, unit: str) -> None:
    print(f"BENCH records.{name} {value} {unit}", flush=True)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(subjects: int | None = None) -> None:
    with scratch_var_dir():
        _run()


@contextlib.contextmanager
def scratch_var_dir():
    """A throwaway KAOHE_VAR_DIR for the benchmark's database (1.3 GB at full size), removed
    afterwards however the run ends; a KAOHE_VAR_DIR already set is the caller's, and kept."""
    if os.environ.get("KAOHE_VAR_DIR"):
        yield Path(os.environ["KAOHE_VAR_DIR"])
        return
    with tempfile.TemporaryDirectory(prefix="kaohe-bench-") as scratch:
        os.environ["KAOHE_VAR_DIR"] = scratch
        try:
            yield Path(scratch)
        finally:
            del os.environ["KAOHE_VAR_DIR"]
            if "django" in sys.modules:
                from django.db import connections

                connections.close_all()


def _run() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaohe.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kaohe.demo.organization import build_large
    from kaohe.demo.records import build_large_records

    call_command("migrate", verbosity=0)
    require_empty_database()
    today = datetime.date.today()  # noqa: DTZ011 — the benchmark's own data, any day will do
    year = today.year - 1
    started = time.perf_counter()
    root = build_large(today=today)
    build_large_records(root, year, today=today)
    bench("setup_seconds", f"{time.perf_counter() - started:.1f}", "s")
    if connection.vendor == "postgresql":
        # What autovacuum keeps on a server in use is not there yet right after a bulk
        # load: planner statistics (without them both ways would be timed on guessed plans)
        # and the visibility map (without it no index-only scan).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"records: on {connection.vendor}", flush=True)
    rows = _row_counts()
    bench("rows", sum(rows.values()), "rows")

    pipeline, runs = _pipeline(root, year)
    polars_seconds = _polars_reference(year)
    naive_seconds = _naive_extrapolated(root, runs)
    bench("polars_in_memory_seconds", f"{polars_seconds:.2f}", "s")
    bench("naive_orm_loop_seconds_extrapolated", f"{naive_seconds:.0f}", "s")
    bench("pipeline_vs_polars", f"{pipeline / polars_seconds:.1f}", "x")
    bench("naive_vs_pipeline", f"{naive_seconds / pipeline:.0f}", "x")
    bench("peak_rss", f"{peak_rss_mb():.0f}", "MB")
    # The pages come last: an export's workbook is not the pipeline's memory.
    for kind, (_, _, stored) in runs.items():
        bench(f"{kind}.first_sheet_seconds", f"{_first_sheet_seconds(stored):.2f}", "s")
    for page, seconds in _page_seconds(runs["member"][2]).items():
        bench(f"member.page.{page}_seconds", f"{seconds:.2f}", "s")
    for page, seconds in _secretary_page_seconds(runs["member"][2]).items():
        bench(f"secretary.page.{page}_seconds", f"{seconds:.2f}", "s")
    bench("peak_rss_with_pages", f"{peak_rss_mb():.0f}", "MB")


def require_empty_database() -> None:
    """The benchmark writes 9.5 million rows of made-up records: never into a database that
    holds anything (KAOHE_VAR_DIR or DATABASE_URL pointing at a real one), whose figures
    would be wrong besides."""
    from django.db import connection

    from kaohe.organizations.models import Organization

    if Organization.objects.exists():
        raise SystemExit(
            f"records benchmark: the database ({connection.settings_dict['NAME']}) already"
            " holds organizations; it needs an empty one. Unset KAOHE_VAR_DIR and DATABASE_URL"
            " (a scratch folder is then used), or point them at an empty database."
        )


def _row_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        tables = [
            t for t in connection.introspection.table_names(cursor) if t.startswith("records_")
        ]
        counts = {}
        for table in tables:
            # Table names come from the database's own catalogue, never from input.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts


def _pipeline(root, year: int) -> tuple[float, dict]:
    from kaohe.assessments.facts import build_facts
    from kaohe.assessments.services import (
        assessment_open,
        assessment_run,
        scheme_version_from_file,
    )
    from kaohe.scoring import Period

    total = 0.0
    runs = {}
    for name in ("bench-branch", "bench-member"):
        version, scheme = scheme_version_from_file(SCHEMES / f"{name}.yaml")
        assessment = assessment_open(
            scheme_version=version, organization=root, period=Period("year", year), by=None
        )
        started = time.perf_counter()
        built = build_facts(scheme, assessment)
        metrics_done = time.perf_counter()
        run = assessment_run(
            assessment=assessment,
            scheme=scheme,
            facts_json=built.data,
            member_branches=built.member_branches,
            by=None,
        )
        finished = time.perf_counter()
        kind = scheme.subject
        bench(f"{kind}.subjects", run.subject_count, "subjects")
        bench(f"{kind}.metrics_seconds", f"{metrics_done - started:.2f}", "s")
        bench(f"{kind}.score_and_store_seconds", f"{finished - metrics_done:.2f}", "s")
        total += finished - started
        runs[kind] = (scheme, built.data, run)
    bench("pipeline_seconds", f"{total:.2f}", "s")
    return total, runs


def _first_sheet_seconds(run) -> float:
    """Opening one subject's score sheet for the first time. A bulk run (the members) stores
    no explanations: the sheet explains itself from the run's pinned facts on first view."""
    from kaohe.assessments.selectors import result_sheet

    result = run.results.order_by("-total", "pk")[run.results.count() // 2]
    started = time.perf_counter()
    result_sheet(result)
    return time.perf_counter() - started


def _page_seconds(run) -> dict[str, float]:
    """The member run's pages as an admin of the committee opens them: the dashboard, the
    ranking, the awards, the review and facts pages, a score sheet not yet explained, and
    the ranking export."""
    from django.urls import reverse

    assessment = run.assessment.pk
    unexplained = run.results.filter(items__explanations=[]).order_by("pk").first()
    subject = unexplained.subject_key if unexplained else run.results.first().subject_key
    return _timed_pages(
        _bench_user(is_superuser=True),
        {
            "dashboard": reverse("home"),
            "ranking": reverse("assessments:detail", args=[assessment]),
            "awards": reverse("assessments:awards", args=[assessment]),
            "review": reverse("assessments:review", args=[assessment]),
            "facts": reverse("assessments:facts", args=[assessment]),
            "sheet": reverse("assessments:subject", args=[assessment, subject]),
            "export": reverse("assessments:export", args=[assessment]),
        },
    )


def _secretary_page_seconds(run) -> dict[str, float]:
    """A branch secretary's pages (one branch of 5,000): what the scoping gate costs where
    it narrows most. The dashboard, the records index, the branch's records page and
    its meetings, its 发展党员台账, and a member's score sheet of the member run."""
    from django.urls import reverse

    from kaohe.accounts.models import Role
    from kaohe.accounts.services import role_grant

    result = run.results.order_by("pk").first()
    secretary = _bench_user()
    role_grant(user=secretary, role=Role.SECRETARY, organization=result.organization)
    records = reverse("records:organization", args=[result.organization_id])
    return _timed_pages(
        secretary,
        {
            "dashboard": reverse("home"),
            "records": reverse("records:index"),
            "branch_records": records,
            "meetings": f"{records}?kind=meeting",
            "development": reverse("records:development", args=[result.organization_id]),
            "sheet": reverse("assessments:subject", args=[run.assessment.pk, result.subject_key]),
        },
    )


def _bench_user(**kwargs):
    import secrets

    from kaohe.accounts.services import user_create

    return user_create(
        username=f"bench-{secrets.token_hex(4)}", password=secrets.token_urlsafe(), **kwargs
    )


def _timed_pages(user, pages: dict[str, str]) -> dict[str, float]:
    """Each page's whole request as `user` (Django's test client: no network); a page that
    does not answer 200 stops the benchmark."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    seconds = {}
    for name, url in pages.items():
        started = time.perf_counter()
        response = client.get(url)
        seconds[name] = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    return seconds


def _polars_reference(year: int) -> float:
    """The same metrics from the same rows in memory: the floor for any implementation."""
    import polars as pl
    from django.db import connection

    start, end = f"{year}-01-01", f"{year}-12-31"
    connection.ensure_connection()
    # The rows are read first, untimed: the measurement is the computing alone.

    def frame(sql: str) -> pl.DataFrame:
        return pl.read_database(sql, connection.connection)

    meetings = frame("SELECT id, organization_id, kind, held_on FROM records_meeting")
    attendance = frame("SELECT meeting_id, member_id, status FROM records_attendance")
    members = frame("SELECT id AS member_id, branch_id FROM organizations_member")
    organizations = frame("SELECT id, kind, path FROM organizations_organization")
    dues = frame(
        "SELECT member_id, organization_id, month, amount_due, amount_paid, paid_on"
        " FROM records_duespayment"
    )
    notes = frame("SELECT member_id, organization_id, month, result FROM records_studynotecheck")
    points = frame("SELECT member_id, month, points FROM records_applearningpoints")
    started = time.perf_counter()
    in_year = meetings.filter(
        pl.col("held_on").cast(pl.Utf8).is_between(pl.lit(start), pl.lit(end))
    )
    in_year.group_by("organization_id", "kind").len()
    # The branch a meeting belongs to (metrics._held_by_branch): a branch's own, a 党小组's
    # parent (the path one step shorter); above branch level, each attendee's branch.
    branch_paths = organizations.filter(pl.col("kind") == "branch").select(
        "path", held_by=pl.col("id")
    )
    held_by = pl.concat(
        [
            branch_paths.join(organizations.select("id", "path"), on="path"),
            organizations.filter(pl.col("kind") == "group")
            .with_columns(pl.col("path").str.slice(0, pl.col("path").str.len_chars() - 4))
            .join(branch_paths, on="path")
            .select("path", "held_by", "id"),
        ]
    ).select("id", "held_by")
    joined = (
        attendance.join(
            in_year.select("id", "organization_id"), left_on="meeting_id", right_on="id"
        )
        .join(members, on="member_id")
        .join(held_by, left_on="organization_id", right_on="id", how="left")
        .with_columns(
            present=pl.col("status") == "present",
            branch=pl.coalesce("held_by", "branch_id"),
        )
    )
    joined.group_by("member_id").agg(pl.len(), pl.col("present").sum())
    joined.group_by("branch").agg(pl.len(), pl.col("present").sum())
    for table in (dues, notes):
        for key in ("member_id", "organization_id"):
            table.group_by(key).len()
    # 未及时足额: short, or paid on or after the first of the next month.
    late = pl.col("paid_on") >= pl.col("month").cast(pl.Date).dt.offset_by("1mo")
    dues.with_columns(
        arrears=(pl.col("amount_paid") < pl.col("amount_due")) | late.fill_null(False)
    ).group_by("organization_id").agg(pl.col("arrears").sum())
    notes.group_by("member_id", "result").len()
    points.group_by("member_id").agg(pl.col("points").sum())
    return time.perf_counter() - started


def _naive_extrapolated(root, runs: dict) -> float:
    """The naive way (bench/naive.py) on a sample, in a transaction rolled back afterwards,
    extrapolated to every subject: 50 branches, and the members of the first 25 branches
    (whole branches, so ranks and award quotas within a branch see their real group)."""
    from django.db import transaction

    from kaohe.bench.naive import naive_run
    from kaohe.organizations.models import Member, Organization, OrgKind

    branches = Organization.objects.filter(path__startswith=root.path, kind=OrgKind.BRANCH)
    members = Member.objects.filter(branch__path__startswith=root.path)
    first_branches = branches.order_by("path").values("pk")[:25]
    samples = {
        "branch": lambda: list(branches.order_by("path")[:50]),
        "member": lambda: list(
            Member.objects.filter(branch_id__in=first_branches).order_by("branch_id", "id")
        ),
    }
    total = 0.0
    for name, sample in samples.items():
        scheme, _, pipeline_run = runs[name]
        population = branches.count() if name == "branch" else members.count()
        with transaction.atomic():
            # Listing the subjects is timed too: the pipeline's metrics time includes its own.
            started = time.perf_counter()
            subjects = sample()
            naive_run(
                assessment=pipeline_run.assessment,
                scheme=scheme,
                subjects=subjects,
                member_branches={m.pk: m.branch_id for m in subjects} if name == "member" else {},
                population=population,
            )
            per_subject = (time.perf_counter() - started) / len(subjects)
            transaction.set_rollback(True)
        bench(f"naive.{name}_ms_per_subject", f"{per_subject * 1000:.2f}", "ms")
        total += per_subject * population
    return total
