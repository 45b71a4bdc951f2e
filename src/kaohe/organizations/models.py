"""党组织 and 党员: the organization tree and the members of its branches."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from kaohe.dates import add_years


class OrgKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee")  # 党委
    GENERAL_BRANCH = "general_branch", _("General Party branch")  # 党总支
    BRANCH = "branch", _("Party branch")  # 党支部
    GROUP = "group", _("Party group")  # 党小组


# Which kinds may sit directly under which: 党委 → 党总支 → 党支部 → 党小组, and a 党委 may also
# hold branches directly (a 机关党委 with stand-alone 党支部 is common).
ALLOWED_CHILD_KINDS = {
    OrgKind.COMMITTEE: {OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH},
    OrgKind.GENERAL_BRANCH: {OrgKind.BRANCH},
    OrgKind.BRANCH: {OrgKind.GROUP},
    OrgKind.GROUP: set(),
}


class Organization(MP_Node):
    """党组织: one node of the tree 党委 → 党总支 → 党支部 → 党小组.

    Materialized path (treebeard MP_Node): a subtree is one indexed `path LIKE 'prefix%'`
    query, which is what scoping does on every request; moves are rare, reads are constant.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices)
    code = models.CharField(_("code"), max_length=40, blank=True)
    last_election_on = models.DateField(_("last committee election"), null=True, blank=True)

    node_order_by = None  # siblings keep the order they were created in
    # How the scoping gate (kaohe.accounts.scoping) reaches the tree; members see no org rows.
    scope_org_path = "path"
    scope_member = None

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["kind", "path"], name="org_kind_path")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def ancestor_paths(cls, path: str) -> list[str]:
        """The paths of the organizations above the one at `path`, root first."""
        return [path[:end] for end in range(cls.steplen, len(path), cls.steplen)]

    def clean(self) -> None:
        parent = Organization.objects.get_parent(self) if self.pk else None
        if parent is not None and self.kind not in ALLOWED_CHILD_KINDS[parent.kind]:
            raise ValidationError(
                {
                    "kind": _("A %(child)s cannot be placed under a %(parent)s.")
                    % {"child": self.get_kind_display(), "parent": parent.get_kind_display()}
                }
            )

    @property
    def term_years(self) -> int | None:
        return TermPolicy.years_for(self.kind)

    @property
    def next_election_due(self) -> datetime.date | None:
        """The date the current committee's term (届期) ends, if an election is on record."""
        years = self.term_years
        if self.last_election_on is None or years is None:
            return None
        return add_years(self.last_election_on, years)

    def election_overdue(self, on: datetime.date) -> bool:
        """True when the term has ended by `on` (换届 overdue) or no election is on record."""
        if self.kind == OrgKind.GROUP:
            return False
        due = self.next_election_due
        return due is None or due <= on


class TermPolicy(models.Model):
    """届期: committee term length per organization kind.

    Defaults follow the seed (篇四 细则二: 支部委员会每届任期二年, 总支部委员会每届任期三年);
    the Party constitution allows three to five years, so admins change them here.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices, unique=True)
    years = models.PositiveSmallIntegerField(_("term (years)"))

    DEFAULT_YEARS = {OrgKind.COMMITTEE: 5, OrgKind.GENERAL_BRANCH: 3, OrgKind.BRANCH: 2}

    class Meta:
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.years}"

    @classmethod
    def years_for(cls, kind: str) -> int | None:
        row = cls.objects.filter(kind=kind).values_list("years", flat=True).first()
        return row if row is not None else cls.DEFAULT_YEARS.get(kind)


class Gender(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class MemberStatus(models.TextChoices):
    FULL = "full", _("full member")  # 正式党员
    PROBATIONARY = "probationary", _("probationary member")  # 预备党员


class Position(models.TextChoices):
    """支部委员会 positions; ordinary members have none."""

    NONE = "", _("member")
    SECRETARY = "secretary", _("secretary")  # 书记
    DEPUTY_SECRETARY = "deputy_secretary", _("deputy secretary")  # 副书记
    COMMITTEE_MEMBER = "committee_member", _("committee member")  # 委员
    GROUP_LEADER = "group_leader", _("group leader")  # 党小组组长


# The fields a roster edit may change (admin form, import, service).
MEMBER_FIELDS_EDITABLE = (
    "name",
    "gender",
    "birth_date",
    "joined_party_on",
    "status",
    "phone",
    "branch",
    "group",
    "position",
)

COMMITTEE_POSITIONS = (Position.SECRETARY, Position.DEPUTY_SECRETARY, Position.COMMITTEE_MEMBER)


class Member(models.Model):
    """党员: belongs to one branch, and optionally to one of that branch's groups."""

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    joined_party_on = models.DateField(_("date joined the Party"))
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.FULL
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    branch = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("branch"),
        limit_choices_to={"kind": OrgKind.BRANCH},
    )
    group = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_members",
        verbose_name=_("Party group"),
        limit_choices_to={"kind": OrgKind.GROUP},
    )
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, blank=True, default=""
    )

    scope_org_path = "branch__path"
    scope_member = "pk"  # a member sees their own row

    class Meta:
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")
        ordering = ["branch_id", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.branch_id and self.branch.kind != OrgKind.BRANCH:
            errors["branch"] = _("A member must belong to a Party branch.")
        if self.group_id and self.branch_id:
            group = self.group
            if group.kind != OrgKind.GROUP or not group.path.startswith(self.branch.path):
                errors["group"] = _("The Party group must be one of the member's branch.")
        too_young = (
            self.birth_date
            and self.joined_party_on
            and self.joined_party_on < add_years(self.birth_date, 18)
        )
        if too_young:
            errors["joined_party_on"] = _("A member joins the Party at 18 or older.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_committee_member(self) -> bool:
        return self.position in COMMITTEE_POSITIONS
