import pytest
from django.apps import apps

from kaohe.accounts.scoping import scoped
from kaohe.records.kinds import KINDS
from kaohe.records.models import Record
from tests.web.test_page_access_matrix import PERSONAS

RECORDS_MODELS = list(apps.get_app_config("records").get_models())


@pytest.mark.parametrize("model", RECORDS_MODELS, ids=lambda model: model.__name__)
def test_model_states_how_it_reaches_the_tree_and_the_member(model):
    assert isinstance(model.scope_org_path, str) and model.scope_org_path
    assert hasattr(model, "scope_member")


def test_every_record_kind_has_a_page_slug():
    concrete = {m for m in RECORDS_MODELS if issubclass(m, Record)}
    assert concrete == {kind.model for kind in KINDS.values()}


@pytest.mark.parametrize("model", RECORDS_MODELS, ids=lambda model: model.__name__)
def test_scoped_queries_run_for_every_persona(world, model):
    for persona in PERSONAS[1:]:
        list(scoped(world.persona(persona), model.objects.all()))
