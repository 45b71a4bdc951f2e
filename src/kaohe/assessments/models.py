"""考核方案版本, 考核任务 and their results: item scores pinned to a scheme version and inputs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kaohe.organizations.models import Member, Organization
from kaohe.scoring import Period

POINTS = {"max_digits": 9, "decimal_places": 2}


class SubjectKind(models.TextChoices):
    BRANCH = "branch", _("Party branches")
    MEMBER = "member", _("Party members")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF_YEAR = "half_year", _("half year")
    YEAR = "year", _("year")


class SchemeVersion(models.Model):
    """考核方案版本: the exact text of a scheme as used. Never edited once stored."""

    scheme_id = models.CharField(_("scheme"), max_length=80)
    version = models.CharField(_("version"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    subject_kind = models.CharField(_("subjects"), max_length=10, choices=SubjectKind.choices)
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    source = models.TextField(_("scheme text"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scheme version")
        verbose_name_plural = _("scheme versions")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Assessment(models.Model):
    """考核任务: one scheme version × one period × the branches or members under an organization."""

    scheme_version = models.ForeignKey(
        SchemeVersion, on_delete=models.PROTECT, verbose_name=_("scheme version")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("organization"),
    )
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_year = models.PositiveSmallIntegerField(_("year"))
    # 0 for a whole year, so that the uniqueness below holds on SQLite too (no NULLs).
    period_index = models.PositiveSmallIntegerField(_("month, quarter or half"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_org_path = "organization__path"
    scope_member = None

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "scheme_version",
                    "organization",
                    "period_kind",
                    "period_year",
                    "period_index",
                ],
                name="assessment_once_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.scheme_version.title} · {self.period_label}"

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_year, self.period_index or None)

    @property
    def period_label(self) -> str:
        return self.period.label()


class AssessmentRun(models.Model):
    """One computation of an assessment: the inputs it read and when. The latest one counts."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="runs")
    scheme_fingerprint = models.CharField(max_length=64)
    facts_fingerprint = models.CharField(_("input hash"), max_length=64)
    # The facts exactly as scored (the documented JSON format, zlib-compressed): a result can
    # be recomputed from them, explained on demand, or re-scored offline with `kaohe score`.
    facts = models.BinaryField()
    subject_count = models.PositiveIntegerField()
    seconds = models.DecimalField(max_digits=8, decimal_places=3)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.assessment} @ {self.created_at:%Y-%m-%d %H:%M}"


class SubjectResult(models.Model):
    """One subject's result in a run: a branch, or a member (organization = their branch)."""

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="results")
    subject_key = models.CharField(max_length=40)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("member")
    )
    base = models.DecimalField(_("base points"), **POINTS)
    bonus = models.DecimalField(_("bonus"), **POINTS)
    penalty = models.DecimalField(_("penalty"), **POINTS)
    total = models.DecimalField(_("total"), **POINTS)
    rank = models.PositiveIntegerField(_("rank"))
    grade = models.CharField(_("grade"), max_length=20)
    vetoes = models.JSONField(_("vetoes"), default=list)
    awards = models.JSONField(_("awards"), default=list)
    # Subject-level explanation records: bonus cap, rescaling, veto, award decisions.
    explanations = models.JSONField(default=list)

    scope_org_path = "organization__path"
    scope_member = "member_id"

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["run", "subject_key"], name="result_once_per_run")
        ]
        indexes = [models.Index(fields=["run", "rank"], name="result_run_rank")]

    def __str__(self) -> str:
        return f"{self.subject_key}: {self.total}"


class ItemScore(models.Model):
    """得分 of one indicator item for one subject; explanations are stored once rendered."""

    result = models.ForeignKey(SubjectResult, on_delete=models.CASCADE, related_name="items")
    item_id = models.CharField(max_length=40)
    points = models.DecimalField(_("points"), **POINTS)
    excluded = models.BooleanField(default=False)
    # Explanation records as data (see serialization.py); empty until rendered for a bulk run.
    explanations = models.JSONField(default=list)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        constraints = [
            models.UniqueConstraint(fields=["result", "item_id"], name="item_once_per_result")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.points}"


class FactEntry(models.Model):
    """考核组核实事项: a fact an evaluator establishes for a subject (有无档案专柜, 班子是否团结 …).

    Only for metrics the records cannot yield; a computed metric cannot be overridden here.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="facts")
    subject_key = models.CharField(max_length=40)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("member")
    )
    metric = models.CharField(_("metric"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    scope_org_path = "organization__path"
    scope_member = None

    class Meta:
        verbose_name = _("established fact")
        verbose_name_plural = _("established facts")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "subject_key", "metric"], name="fact_once_per_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_key} {self.metric}={self.value}"


class ManualRating(models.Model):
    """定性评价: an evaluator's rating of a manual item (points, or a level 优/良/中/差)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    subject_key = models.CharField(max_length=40)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    item_id = models.CharField(_("item"), max_length=40)
    points = models.DecimalField(_("points"), max_digits=9, decimal_places=2, null=True)
    level = models.CharField(_("level"), max_length=10, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(auto_now=True)

    scope_org_path = "organization__path"
    scope_member = None

    class Meta:
        verbose_name = _("manual rating")
        verbose_name_plural = _("manual ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "subject_key", "item_id"], name="rating_once_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(points__isnull=False) | ~models.Q(level=""),
                name="rating_has_points_or_level",
            ),
        ]

    def __str__(self) -> str:
        rating = self.level if self.points is None else self.points
        return f"{self.subject_key} {self.item_id}: {rating}"
