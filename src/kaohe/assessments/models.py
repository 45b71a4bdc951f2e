"""考核方案版本, 考核任务 and their results: item scores pinned to a scheme version and inputs."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
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


class Stage(models.TextChoices):
    """The cycle of 篇二 三 and 篇七 三、四, in order."""

    DRAFT = "draft", _("not started")  # 未开始
    SELF_ASSESSMENT = "self_assessment", _("self-assessment")  # 自评
    REVIEW = "review", _("review")  # 审核
    PUBLISHED = "published", _("publication")  # 公示 (appeals are filed in its window)
    FINALIZED = "finalized", _("finalized")  # 定档


STAGE_ORDER = list(Stage.values)


class AssessmentKind(models.TextChoices):
    RECORDS = "records", _("computed from the records")
    # 汇总考核: results combined from finalized assessments by the scheme's rollup weights.
    COMBINED = "combined", _("combined")


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
    # A combined year and the year-end assessment it combines share scheme version and period.
    kind = models.CharField(
        _("kind"), max_length=10, choices=AssessmentKind.choices, default=AssessmentKind.RECORDS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    self_assessment_due = models.DateField(_("self-assessment due"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    publish_from = models.DateTimeField(_("publication from"), null=True, blank=True)
    publish_until = models.DateTimeField(_("publication until"), null=True, blank=True)
    # Two evaluators' points on one item further apart than this are flagged for a look.
    review_gap = models.DecimalField(_("review gap"), max_digits=6, decimal_places=2, default=2)
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assessments_to_review",
        verbose_name=_("evaluators"),
    )  # fmt: skip

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
                    "kind",
                ],
                name="assessment_once_per_period",
            )
        ]

    def __str__(self) -> str:
        combined = f" {AssessmentKind.COMBINED.label}" if self.is_combined else ""
        return f"{self.organization} · {self.scheme_version.title} · {self.period_label}{combined}"

    @property
    def is_locked(self) -> bool:
        return self.stage == Stage.FINALIZED

    @property
    def is_combined(self) -> bool:
        return self.kind == AssessmentKind.COMBINED

    def stage_reached(self, stage: str) -> bool:
        return STAGE_ORDER.index(self.stage) >= STAGE_ORDER.index(stage)

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_year, self.period_index or None)

    @property
    def period_label(self) -> str:
        return self.period.label()


class CombinedSource(models.Model):
    """One source of a combined assessment (汇总考核): a finalized assessment counted in one
    part of the scheme's rollup weights (e.g. daily = the monthly ones, central = year-end)."""

    combined = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sources")
    part = models.CharField(_("part"), max_length=40)
    source = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="combined_into", verbose_name=_("source")
    )

    scope_org_path = "combined__organization__path"
    scope_member = None

    class Meta:
        verbose_name = _("combined source")
        verbose_name_plural = _("combined sources")
        constraints = [
            models.UniqueConstraint(fields=["combined", "source"], name="source_once_per_combined")
        ]

    def __str__(self) -> str:
        return f"{self.part}: {self.source_id}"


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

    # Indexed by result_once_per_run (run, subject_key): a second index on run alone would
    # only slow the bulk insert of 100,000s of results.
    run = models.ForeignKey(
        AssessmentRun, on_delete=models.CASCADE, related_name="results", db_index=False
    )
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

    @classmethod
    def scope_extra(cls, reach) -> models.Q:
        """篇二: results are announced to the branch and all its members once published."""
        if reach.member_branch_id is None:
            return models.Q(pk__in=[])
        return models.Q(
            organization_id=reach.member_branch_id,
            member__isnull=True,
            run__assessment__stage__in=[Stage.PUBLISHED, Stage.FINALIZED],
        )


class ItemScore(models.Model):
    """得分 of one indicator item for one subject; explanations are stored once rendered."""

    # Indexed by item_once_per_result (result, item_id), as for SubjectResult.run.
    result = models.ForeignKey(
        SubjectResult, on_delete=models.CASCADE, related_name="items", db_index=False
    )
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
    # Optimistic concurrency: a save names the version it edited; a stale one is refused.
    version = models.PositiveIntegerField(default=1)

    scope_org_path = "organization__path"
    scope_member = None

    class Meta:
        verbose_name = _("manual rating")
        verbose_name_plural = _("manual ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "subject_key", "item_id", "rated_by"],
                name="rating_once_per_evaluator",
            ),
            models.CheckConstraint(
                condition=models.Q(points__isnull=False) | ~models.Q(level=""),
                name="rating_has_points_or_level",
            ),
        ]

    def __str__(self) -> str:
        rating = self.level if self.points is None else self.points
        return f"{self.subject_key} {self.item_id}: {rating}"


class SelfAssessment(models.Model):
    """自评: what a branch claims on a manual item, with its reason (and evidence, attached);
    without points, an objection (异议说明) to an automatic item's score, with its reason."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="claims")
    subject_key = models.CharField(max_length=40)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    item_id = models.CharField(_("item"), max_length=40)
    # Null on an objection: an automatic item's points change only through its records or
    # an established fact, so the branch explains instead of claiming.
    claimed_points = models.DecimalField(
        _("points claimed"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # 佐证材料 (records.Evidence, attached by records.services.evidence_attach): a generic
    # relation, no column.
    evidence = GenericRelation("records.Evidence")

    scope_org_path = "organization__path"
    scope_member = None

    class Meta:
        verbose_name = _("self-assessment claim")
        verbose_name_plural = _("self-assessment claims")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "subject_key", "item_id"], name="claim_once_per_item"
            ),
            # An objection always says why (a claim may leave its reason empty).
            models.CheckConstraint(
                condition=models.Q(claimed_points__isnull=False) | ~models.Q(reason=""),
                name="objection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        said = "异议" if self.is_objection else self.claimed_points
        return f"{self.subject_key} {self.item_id}: {said}"

    @property
    def is_objection(self) -> bool:
        return self.claimed_points is None


class Submission(models.Model):
    """自评提交: a subject's self-assessment handed in; after it nothing changes silently."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="submissions")
    subject_key = models.CharField(max_length=40)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    scope_org_path = "organization__path"
    scope_member = None

    class Meta:
        verbose_name = _("self-assessment submission")
        verbose_name_plural = _("self-assessment submissions")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "subject_key"], name="submit_once")
        ]

    def __str__(self) -> str:
        return f"{self.subject_key} @ {self.submitted_at:%Y-%m-%d}"


class AppealStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class Appeal(models.Model):
    """申诉: filed on one item within the publication window; an evaluator decides."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="appeals")
    subject_key = models.CharField(max_length=40)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, null=True, related_name="+")
    item_id = models.CharField(_("item"), max_length=40)
    reason = models.TextField(_("reason"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)
    decision = models.TextField(_("decision"), blank=True)
    evidence = GenericRelation("records.Evidence")  # 佐证材料, as on a claim

    scope_org_path = "organization__path"
    scope_member = "member_id"

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.subject_key} {self.item_id}: {self.get_status_display()}"


class AuditSource(models.TextChoices):
    ENGINE = "engine", _("computed from the records")
    MANUAL = "manual", _("evaluator's rating")
    APPEAL = "appeal", _("appeal decision")
    CORRECTION = "correction", _("correction")


class ScoreAudit(models.Model):
    """One change of one score (an item, or the total when item_id is ""): append-only."""

    # Indexed by audit_item (assessment, subject_key, item_id).
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="audit", db_index=False
    )
    subject_key = models.CharField(max_length=40)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, null=True, related_name="+")
    item_id = models.CharField(max_length=40, blank=True)
    old = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    new = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    source = models.CharField(max_length=12, choices=AuditSource.choices)
    reason = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    scope_org_path = "organization__path"
    scope_member = "member_id"

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["assessment", "subject_key", "item_id"], name="audit_item")]

    def __str__(self) -> str:
        return f"{self.subject_key} {self.item_id or 'total'}: {self.old} → {self.new}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Score changes are append-only: an audit row is never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Score changes are append-only: an audit row is never deleted.")


class Notice(models.Model):
    """A message for one user (an appeal decided, a deadline), shown on their dashboard."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message
