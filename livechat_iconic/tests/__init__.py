from . import (
    test_board,
    test_end_of_chat,
    test_lifecycle,
    test_take_concurrency,
    test_tour,
    test_visitor_context,
)
