"""A dossier code on screen breaks only after its hyphens, and stays one machine-readable value."""
from kiosk.i18n import breakable_code


def test_a_code_breaks_only_after_its_hyphens_and_keeps_its_check_character_with_the_sequence():
    html = str(breakable_code("09556-01-261130-0001-K"))
    assert html == ('<data value="09556-01-261130-0001-K"><span class="code-part">09556-</span><wbr>'
                    '<span class="code-part">01-</span><wbr><span class="code-part">261130-</span><wbr>'
                    '<span class="code-part">0001-K</span></data>')


def test_a_code_without_hyphens_is_one_piece_and_markup_in_it_is_escaped():
    assert str(breakable_code("ABCD2345")) == '<data value="ABCD2345"><span class="code-part">ABCD2345</span></data>'
    assert "<b>" not in str(breakable_code("<b>-1"))
