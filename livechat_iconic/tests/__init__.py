from . import (
    test_bad_input,
    test_board,
    test_bot_path,
    test_bot_path_tour,
    test_end_of_chat,
    test_helpdesk_form,
    test_identity,
    test_lifecycle,
    test_presence_watch,
    test_take_concurrency,
    test_tour,
    test_visitor_context,
)
