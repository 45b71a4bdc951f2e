"""The benchmark writes millions of made-up rows: pointed (by KAOHE_VAR_DIR or DATABASE_URL)
at a database that holds an organization, it stops before writing any."""

import pytest

from kaohe.bench.records import require_empty_database
from kaohe.organizations.models import OrgKind
from kaohe.organizations.services import organization_create


@pytest.mark.django_db
def test_an_empty_database_is_used_and_one_with_organizations_refused():
    require_empty_database()  # nothing raised
    organization_create(name="机关党委", kind=OrgKind.COMMITTEE)
    with pytest.raises(SystemExit, match="already holds organizations"):
        require_empty_database()
