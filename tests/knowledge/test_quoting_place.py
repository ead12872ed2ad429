"""Which sentences name the place a "where" question asks for."""

from knowledge.quoting import answer_types


def test_an_address_is_where_to_send_something_not_where_to_do_it():
    assert answer_types("where do we sign Orbitly's DPA?", "Data protection officer: privacy@orbitly.example")[1] == 0.0
    assert answer_types("where do we sign Orbitly's DPA?", "Go to Settings > Workspace > Legal.")[1] == 1.0
    assert answer_types("where do I report a vulnerability?", "Email security@orbitly.example with the details.")[1] == 1.0
