import logging
import re
from pathlib import Path

from odoo.tests import HttpCase, new_test_user, tagged

# the module, not its classes: a test case imported here would run here too
from odoo.addons.web.tests import test_js as web_test_js

UNIT_TESTS = Path(__file__).parents[1] / "static/tests/unit"
# hoot names a test file's suite after its module: @livechat_iconic/unit/<file>
SUITE = "@livechat_iconic"


class _Lines(logging.Handler):
    """The messages of one logger, kept (they still reach Odoo's log)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@tagged("post_install", "-at_install")
class TestJsUnit(HttpCase):
    """The hoot unit tests of our pure browser code (static/tests/unit/*.test.js: sneak
    peek masking, canned response placeholders, the queue status text, the board's
    timers, the widget forms' checks) in chromium, on Odoo's unit test page filtered
    to our addon's suite (as web's own WebSuite runs them, see web/tests/test_js.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the tests read no data: a plain internal user may open the unit test page
        new_test_user(cls.env, login="iconic_hoot", groups="base.group_user")

    def test_hoot_unit_tests(self):
        # hoot filters by a hash of the suite's name, computed as web's HOOTCommon does
        suite_id = web_test_js.HOOTCommon._generate_hash(self, SUITE)
        expected = sum(
            len(re.findall(r"^test\(", path.read_text(encoding="utf-8"), re.MULTILINE))
            for path in UNIT_TESTS.glob("*.test.js")
        )
        self.assertGreater(expected, 0)
        # what the page writes to the console (hoot's summary included)
        browser_logger = self._logger.getChild("browser")
        lines, level = _Lines(), browser_logger.level
        browser_logger.addHandler(lines)
        browser_logger.setLevel(logging.INFO)
        try:
            # any failed test, or a test file that does not load, fails browser_js
            self.browser_js(
                f"/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&id={suite_id}",
                "",
                "",
                login="iconic_hoot",
                timeout=600,
                success_signal="[HOOT] Test suite succeeded",
                error_checker=web_test_js.unit_test_error_checker,
            )
        finally:
            browser_logger.removeHandler(lines)
            browser_logger.setLevel(level)
        passed = [
            int(match.group(1))
            for message in lines.messages
            if (match := re.search(r"\[HOOT\] Passed (\d+) tests", message))
        ]
        # every test of our files ran: none filtered away, none left out of the bundle
        self.assertEqual(passed, [expected], "\n".join(lines.messages[-20:]))
