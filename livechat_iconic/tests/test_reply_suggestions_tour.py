import os
import shutil
from pathlib import Path
from unittest.mock import patch

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tests.common import ChromeBrowser

from .common import LivechatIconicCase

# Same text as livechat_iconic/static/tests/tours/livechat_iconic_suggest_tour.js
SUGGEST_QUESTION = "Can I get my money back for the concert tickets?"
REFUND = (
    "Tickets can be refunded up to 48 hours before the event: send us the booking number "
    "and the refund reaches your card within 5 working days."
)
#: set to a .png path to keep a picture of the composer at the end of the tour (readme)
SCREENSHOT_ENV = "LIVECHAT_ICONIC_SUGGEST_SCREENSHOT"


@tagged("post_install", "-at_install")
class TestReplySuggestionsTour(LivechatIconicCase):
    def test_a_click_inserts_a_suggestion_and_sends_nothing(self):
        agents = self.env.ref("im_livechat.im_livechat_group_user")
        manager = new_test_user(
            self.env,
            login="iconic_suggest_tour_manager",
            groups="base.group_user,im_livechat.im_livechat_group_manager",
        )
        self.env["mail.canned.response"].with_user(manager).create(
            {"source": "refund", "substitution": REFUND, "group_ids": [Command.set(agents.ids)]}
        )
        team = self.env["helpdesk.ticket.team"].create({"name": "Desk"})
        self.livechat_channel.helpdesk_team_id = team
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Refund of a cancelled show", "description": "Refund?", "team_id": team.id}
        )
        ticket.message_post(
            body="When a show is cancelled your tickets are refunded in full within 30 days.",
            author_id=self.agent.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        ticket.stage_id = self.env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
        self.env["livechat_iconic.suggestion.snippet"]._cron_livechat_suggest_index()
        session = self.visitor_session(SUGGEST_QUESTION, agent=self.agent, contact={"name": "Nina"})
        messages = session.message_ids

        screenshot = os.environ.get(SCREENSHOT_ENV)
        wait_code_ok = ChromeBrowser._wait_code_ok

        def wait_then_picture(browser, *args, **kwargs):
            wait_code_ok(browser, *args, **kwargs)
            if screenshot:
                browser.take_screenshot(prefix="suggest_").result(timeout=10)

        with patch.object(ChromeBrowser, "_wait_code_ok", wait_then_picture):
            self.start_tour(
                f"/odoo/discuss?active_id=discuss.channel_{session.id}",
                "livechat_iconic_reply_suggestions",
                login="iconic_alice",
            )
        session.invalidate_recordset()
        self.assertEqual(session.message_ids, messages, "inserting sent nothing")
        self.assertTrue(session.livechat_suggestion_inserted_dt)
        self.assertFalse(session.livechat_suggestion_used)
        if screenshot:
            from odoo.tools import config  # noqa: PLC0415

            pictures = sorted(Path(config["screenshots"]).rglob("suggest_*.png"))
            shutil.copy(pictures[-1], screenshot)
