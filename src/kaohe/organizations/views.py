from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kaohe.assessments import selectors as assessment_selectors
from kaohe.organizations import selectors
from kaohe.organizations.models import OrgKind
from kaohe.records import calendar, development

# The branch page lists this many 三会一课 warnings; the calendar page has them all.
BRANCH_MEETING_WARNINGS_SHOWN = 10


@require_GET
@login_required
def tree(request):
    roots = selectors.visible_roots(request.user)
    nodes = [(root, selectors.children_with_counts(request.user, root)) for root in roots]
    return render(request, "organizations/tree.html", {"nodes": nodes})


@require_GET
@login_required
def organization_children(request, pk: int):
    """htmx: the children of one node, loaded when it is opened in the tree."""
    organization = selectors.organization_for(request.user, pk)
    children = selectors.children_with_counts(request.user, organization)
    return render(
        request, "organizations/_tree_children.html", {"parent": organization, "children": children}
    )


@require_GET
@login_required
def organization_detail(request, pk: int):
    user = request.user
    organization = selectors.organization_for(user, pk)
    context = {
        "organization": organization,
        "ancestors": selectors.visible_ancestors(user, organization),
        "children": selectors.children_with_counts(user, organization),
        "today": timezone.localdate(),
        "election_overdue": organization.election_overdue(timezone.localdate()),
    }
    if organization.kind == OrgKind.BRANCH:
        roster = list(selectors.branch_roster(user, organization))
        context |= {
            "roster": roster,
            "committee": selectors.branch_committee(user, organization),
            "groups": selectors.branch_groups(user, organization, roster),
            "meeting_warnings": calendar.warning_summary(
                user, [organization], timezone.localdate(), BRANCH_MEETING_WARNINGS_SHOWN
            ),
            "subject_results": assessment_selectors.subject_results(
                user, organization=organization
            ),
            "probation_over": development.probations_over(
                user, context["today"], branch=organization
            ),
        }
    elif organization.kind == OrgKind.GROUP:
        context["group_members"] = selectors.group_members(user, organization)
    return render(request, "organizations/detail.html", context)


@require_GET
@login_required
def member_detail(request, pk: int):
    member = selectors.member_for(request.user, pk)
    sees_branch = selectors.can_see_organization(request.user, member.branch)
    context = {
        "member": member,
        "ancestors": selectors.visible_ancestors(request.user, member.branch)
        + ([member.branch] if sees_branch else []),
        "today": timezone.localdate(),
        "subject_results": assessment_selectors.subject_results(request.user, member=member),
        "probation": development.member_probation(request.user, member),
        "sees_branch": sees_branch,
    }
    return render(request, "organizations/member.html", context)
