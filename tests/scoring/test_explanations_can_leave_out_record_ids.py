"""A sentence ends with the ids of the records behind it (the CLI and the spreadsheets show
them); a page that names and links the records itself asks for the sentence alone."""

from decimal import Decimal

from kaohe.scoring import Explanation, render_explanation

VETO = Explanation(
    kind="penalty.case",
    item="P1",
    points=Decimal("-5"),
    inputs={"case": "K9", "label": "警告或记过", "amount": "5"},
    records=("discipline_case:17",),
)


def test_the_ids_end_the_sentence_by_default():
    assert render_explanation(VETO).endswith("[记录: discipline_case:17]")
    assert render_explanation(VETO, "en").endswith("[records: discipline_case:17]")


def test_a_page_asks_for_the_sentence_alone():
    alone = render_explanation(VETO, record_ids=False)
    assert "discipline_case" not in alone
    assert alone == render_explanation(VETO).removesuffix("[记录: discipline_case:17]")
