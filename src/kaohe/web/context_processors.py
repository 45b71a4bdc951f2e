from django.utils.functional import SimpleLazyObject

from kaohe.accounts.scoping import reach_of


def navigation(request):
    """What the base layout needs on every page: the viewer's roles, for the user menu, and
    how many of their notices are unread (lazily: one COUNT when a page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    reach = reach_of(user)
    return {
        "nav_roles": sorted(reach.roles),
        "nav_member_id": user.member_id,
        "nav_unread_notices": SimpleLazyObject(
            lambda: user.notices.filter(read_at__isnull=True).count()
        ),
    }
