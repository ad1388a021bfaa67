import json

from odoo.tests import tagged

from .common import SlackCase


@tagged("post_install", "-at_install")
class TestSlackNoticeInPolish(SlackCase):
    """The Slack notice's own words are translated into the company's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pl_PL")

    def test_notice_in_the_company_language(self):
        session = self.visitor_session("Czy macie bilety?")
        self.env.company.partner_id.lang = "pl_PL"
        text, blocks = session._livechat_slack_notice()
        shown = json.dumps(blocks, ensure_ascii=False)
        self.assertTrue(text.startswith("NOWY KLIENT prosi o pomoc: (Gość)"), text)
        self.assertIn("W kolejce: czeka na agenta", shown)
        self.assertIn('"text": "Przejmij"', shown)
        self.assertIn("*Pytanie*\\nCzy macie bilety?", shown)

        self.env.company.partner_id.lang = "en_US"
        text, _blocks = session._livechat_slack_notice()
        self.assertTrue(text.startswith("NEW CUSTOMER requested assistance: (Guest)"), text)
