from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Min

from kaohe.assessments.metrics import CATALOGUE
from kaohe.assessments.models import Assessment, SchemeVersion
from kaohe.assessments.services import (
    assessment_combine,
    assessment_compute,
    assessment_open,
    assessment_verify,
    scheme_version_from_file,
    scheme_version_from_template,
)
from kaohe.organizations.models import Organization
from kaohe.scoring import FactsError, SchemeError, get_template, load_scheme, parse_period


class Command(BaseCommand):
    help = (
        "Compute an assessment from the work records (`assess run`), combine finalized ones "
        "into a year (`assess combine`), check stored results still recompute (`assess "
        "verify`), or list `assess metrics`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="compute metrics, score every subject, store results")
        run.add_argument("--scheme", required=True, help="template id or scheme YAML file")
        run.add_argument("--period", required=True, help="2025, 2025-H1, 2025-Q2 or 2025-03")
        run.add_argument("--org", type=int, help="organization id (default: the first root)")
        sub.add_parser("metrics", help="print the metrics computed from records")
        combine = sub.add_parser(
            "combine", help="汇总考核: combine finalized assessments by the scheme's weights"
        )
        combine.add_argument("--scheme", required=True, help="template id or scheme YAML file")
        combine.add_argument("--year", required=True, type=int, help="the year combined")
        combine.add_argument(
            "--part",
            action="append",
            required=True,
            metavar="NAME=ID,ID",
            help="a part of the scheme's rollup weights and its assessment ids "
            "(e.g. --part daily=3,4,5 --part central=9)",
        )

        verify = sub.add_parser(
            "verify",
            help="recompute stored results from their pinned scheme and inputs and compare "
            "(after an upgrade or a restore); exits 1 on any difference",
        )
        verify.add_argument(
            "--assessment",
            type=int,
            action="append",
            metavar="ID",
            help="an assessment id (repeatable; default: every assessment with results)",
        )

    def handle(self, *args, action, **options):
        if action == "verify":
            self._verify(options["assessment"])
            return
        if action == "metrics":
            for metric in CATALOGUE.values():
                subjects = "/".join(metric.subjects)
                self.stdout.write(f"{metric.name:<34} {subjects:<14} {metric.unit:<4} {metric.zh}")
            return
        if action == "combine":
            self._combine(options["scheme"], options["year"], options["part"])
            return
        self._run(options["scheme"], options["period"], options["org"])

    def _verify(self, ids: list[int] | None) -> None:
        assessments = Assessment.objects.select_related("scheme_version", "organization")
        if ids:
            found = assessments.in_bulk(ids)
            missing = sorted(set(ids) - set(found))
            if missing:
                numbers = ", ".join(map(str, missing))
                raise CommandError(f"没有编号为 {numbers} 的考核 / no assessment {numbers}")
            chosen = [found[pk] for pk in dict.fromkeys(ids)]
        else:
            chosen = list(assessments.filter(runs__isnull=False).distinct().order_by("pk"))
        failed = []
        for assessment in chosen:
            differences = assessment_verify(assessment=assessment)
            if differences is None:
                self.stdout.write(f"#{assessment.pk} {assessment}: 尚未计算 / not computed yet")
                continue
            if not differences:
                self.stdout.write(f"#{assessment.pk} {assessment}: 一致 / recomputes identically")
                continue
            failed.append(assessment.pk)
            shown = ", ".join(differences[:10])
            more = f" … (+{len(differences) - 10})" if len(differences) > 10 else ""
            self.stdout.write(
                f"#{assessment.pk} {assessment}: {len(differences)} 处不一致 / "
                f"differences: {shown}{more}"
            )
        if failed:
            numbers = ", ".join(map(str, failed))
            raise CommandError(
                f"考核 {numbers} 的结果与其输入重算不一致 / assessments {numbers} do not recompute"
            )
        if not chosen:
            self.stdout.write("没有已计算的考核 / no computed assessment")

    def _combine(self, scheme_arg: str, year: int, part_args: list[str]) -> None:
        try:
            is_file = Path(scheme_arg).suffix in (".yaml", ".yml")
            scheme = load_scheme(scheme_arg) if is_file else get_template(scheme_arg)
        except (SchemeError, ValueError, KeyError) as error:
            raise CommandError(str(error)) from None
        version = SchemeVersion.objects.filter(fingerprint=scheme.fingerprint).first()
        if version is None:
            raise CommandError(
                f"还没有考核使用方案 {scheme.title} v{scheme.version} / "
                f"no assessment uses scheme {scheme.id} v{scheme.version} yet"
            )
        ids: dict[str, list[int]] = {}
        for arg in part_args:
            name, _, numbers = arg.partition("=")
            try:
                ids[name.strip()] = [int(n) for n in numbers.split(",") if n.strip()]
            except ValueError:
                raise CommandError(
                    f"--part {arg}: 应写作 名称=编号,编号 / write NAME=ID,ID (e.g. daily=3,4)"
                ) from None
        found = Assessment.objects.select_related("scheme_version", "organization").in_bulk(
            [pk for pks in ids.values() for pk in pks]
        )
        missing = sorted({pk for pks in ids.values() for pk in pks} - set(found))
        if missing:
            numbers = ", ".join(map(str, missing))
            raise CommandError(f"没有编号为 {numbers} 的考核 / no assessment {numbers}")
        parts = {name: [found[pk] for pk in pks] for name, pks in ids.items()}
        try:
            combined = assessment_combine(scheme_version=version, year=year, parts=parts, by=None)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        run = combined.runs.get()
        self.stdout.write(
            f"{combined.organization.name} · {scheme.title} · {combined.period_label} 汇总: "
            f"{run.subject_count} subjects combined (assessment {combined.pk})"
        )
        for result in run.results.order_by("rank", "subject_key")[:10]:
            name = result.member.name if result.member_id else result.organization.name
            flags = " 否决" if result.vetoes else ""
            self.stdout.write(
                f"  {result.rank:>3}. {name:<16} {result.total:>7} {result.grade}{flags}"
            )

    def _run(self, scheme_arg: str, period_arg: str, org_id: int | None) -> None:
        try:
            if Path(scheme_arg).suffix in (".yaml", ".yml"):
                version, scheme = scheme_version_from_file(scheme_arg)
            else:
                version, scheme = scheme_version_from_template(scheme_arg)
            period = parse_period(period_arg)
        except (SchemeError, FactsError, ValueError) as error:
            raise CommandError(str(error)) from None
        if org_id is None:
            first = Organization.objects.filter(depth=1).aggregate(pk=Min("pk"))["pk"]
            if first is None:
                raise CommandError("没有党组织 / no organization: run `kaohe demo` first")
            org_id = first
        organization = Organization.objects.filter(pk=org_id).first()
        if organization is None:
            raise CommandError(f"没有编号为 {org_id} 的党组织 / no organization {org_id}")
        if period.kind != scheme.period:
            self.stderr.write(
                f"注意 / note: 方案按{scheme.period}考核,本次按{period.kind}计算 / "
                f"the scheme assesses per {scheme.period}, this run covers a {period.kind}"
            )
        assessment = assessment_open(
            scheme_version=version, organization=organization, period=period, by=None
        )
        try:
            run, built = assessment_compute(assessment=assessment, by=None)
        except FactsError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{organization.name} · {scheme.title} · {assessment.period_label}: "
            f"{run.subject_count} subjects scored in {run.seconds} s (assessment {assessment.pk})"
        )
        self.stdout.write(f"  computed from records: {', '.join(built.computed) or '-'}")
        if built.entered:
            self.stdout.write(f"  established by evaluators: {', '.join(built.entered)}")
        if built.unavailable:
            self.stdout.write(
                f"  missing (rule's missing policy applied): {', '.join(built.unavailable)}"
            )
        for result in run.results.order_by("rank", "subject_key")[:10]:
            name = result.member.name if result.member_id else result.organization.name
            flags = " 否决" if result.vetoes else ""
            self.stdout.write(
                f"  {result.rank:>3}. {name:<16} {result.total:>7} {result.grade}{flags}"
            )
