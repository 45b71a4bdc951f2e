"""Logins and the roles that bind them to a part of the organization tree."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kaohe.organizations.models import Member, Organization


class User(AbstractUser):
    """A login. `member` links it to the Party member it belongs to, if any."""

    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    member = models.OneToOneField(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("Party member"),
    )

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")  # 机关党委 / 考核办公室
    EVALUATOR = "evaluator", _("Evaluator")  # 评估小组 / 考核组
    SECRETARY = "secretary", _("Branch secretary")  # 党支部书记 / 党务工作者
    MEMBER = "member", _("Party member")  # 党员: sees only themselves


class RoleGrant(models.Model):
    """One role of one user over one organization subtree (a member role: over themselves)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="grants", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("organization"),
        help_text=_("The subtree this role covers; empty for the member role."),
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"], name="grant_unique_per_subtree"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.MEMBER, organization__isnull=True)
                    | (~models.Q(role=Role.MEMBER) & models.Q(organization__isnull=False))
                ),
                name="grant_org_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.organization or _("self")
        return f"{self.user} · {self.get_role_display()} · {where}"
