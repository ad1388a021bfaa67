from livechat_iconic.lib.placeholders import PLACEHOLDERS, fill

VALUES = {"visitor_name": "Nina", "agent_name": "Max", "company": "Iconic", "queue": "Sales"}


def test_known_placeholders_are_filled():
    text = "Hi {visitor_name}, {agent_name} of {company} ({queue}) here."
    assert fill(text, VALUES) == "Hi Nina, Max of Iconic (Sales) here."


def test_the_documented_names():
    assert set(PLACEHOLDERS) == set(VALUES)


def test_unknown_placeholders_are_left_as_typed():
    assert fill("Order {order_ref} for {visitor_name}", VALUES) == "Order {order_ref} for Nina"


def test_a_placeholder_without_value_is_left_as_typed():
    assert fill("Hi {visitor_name}", {"visitor_name": ""}) == "Hi {visitor_name}"
    assert fill("Hi {visitor_name}", {}) == "Hi {visitor_name}"


def test_values_are_plain_text_and_not_scanned_again():
    values = {"visitor_name": "<b>{agent_name}</b>", "agent_name": "Max"}
    assert fill("Hi {visitor_name}", values) == "Hi <b>{agent_name}</b>"


def test_repeated_and_malformed():
    assert fill("{queue}{queue} {queue {} {{queue}}", VALUES) == "SalesSales {queue {} {Sales}"
    assert fill("{ visitor_name }", VALUES) == "{ visitor_name }"


def test_empty_text():
    assert fill("", VALUES) == ""
    assert fill(None, VALUES) == ""
