from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from ..lib import email_proof

# Same texts as livechat_iconic/static/tests/tours/livechat_iconic_email_claim_tour.js
CLAIM_EMAIL = "vera.tour@customer.example"
CLAIM_QUESTION = "Has my order of blue kayaks shipped?"
CLAIM_EARLIER = "My earlier question about paddles"
CLAIM_MARKUP = "<u>raw</u>"
CLAIM_CODE = "424242"


@tagged("post_install", "-at_install")
class TestEmailClaimTour(HttpCase):
    """The queue asks for an e-mail before the chat: in a real browser, the visitor gives
    it, the agent's board shows the matching contact as a claim, the visitor proves it
    with the code e-mailed there, and sees "Your conversations"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="claim_agent",
            name="Clara Agent",
            groups="base.group_user,im_livechat.im_livechat_group_user",
        )
        # nobody on duty: the visitor waits in the queue, on the agent's board
        cls.livechat_channel = cls.env["im_livechat.channel"].create(
            {
                "name": "Tour Support",
                "user_ids": [Command.clear()],
                "livechat_ask_email": "before",
            }
        )
        cls.env.ref("website.default_website").channel_id = cls.livechat_channel
        cls.vera = cls.env["res.partner"].create({"name": "Vera Tour", "email": CLAIM_EMAIL})
        # Vera's earlier chat (hers: an agent confirmed her), and somebody else's
        cls.earlier = cls._ended_chat(cls.vera, f"{CLAIM_EARLIER} {CLAIM_MARKUP}")
        cls.other = cls._ended_chat(
            cls.env["res.partner"].create({"name": "Olaf Other"}), "Olaf's secret"
        )

    @classmethod
    def _ended_chat(cls, partner, body):
        chat = cls.env["discuss.channel"].create(
            {
                "name": "earlier chat",
                "channel_type": "livechat",
                "livechat_channel_id": cls.livechat_channel.id,
                "livechat_operator_id": cls.agent.partner_id.id,
                "livechat_partner_id": partner.id,
                "channel_member_ids": [
                    Command.create({"partner_id": partner.id, "livechat_member_type": "visitor"}),
                    Command.create(
                        {"partner_id": cls.agent.partner_id.id, "livechat_member_type": "agent"}
                    ),
                ],
            }
        )
        chat.message_post(
            body=body,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        chat.livechat_end_dt = fields.Datetime.now()
        return chat

    def run_tour(self, tour):
        # the visitor's page runs in a credentialless iframe: no cookie, no test cursor's
        self.http_request_allow_all = True
        # the code the visitor reads in their mailbox: a known one, for the tour to type
        with patch.object(email_proof, "new_code", return_value=CLAIM_CODE):
            self.start_tour("/odoo/livechat-waiting", tour, login="claim_agent")
        session = self.env["discuss.channel"].search(
            [
                ("livechat_channel_id", "=", self.livechat_channel.id),
                ("id", "not in", (self.earlier | self.other).ids),
            ]
        )
        self.assertEqual(len(session), 1)
        self.assertEqual(session.livechat_visitor_email, CLAIM_EMAIL)
        self.assertEqual(session.livechat_partner_id, self.vera, "attached without an agent")
        self.assertTrue(session.livechat_contact_proven)
        mail = self.env["mail.mail"].search([("email_to", "=", CLAIM_EMAIL)])
        self.assertEqual(len(mail), 1, "one code mail")
        self.assertIn(CLAIM_CODE, mail.body_html, "the visitor read the code from it")
        self.assertNotIn(CLAIM_QUESTION, mail.body_html, "nothing the visitor wrote")

    def test_email_before_the_chat(self):
        self.run_tour("livechat_iconic_email_claim")

    def test_email_during_the_chat(self):
        self.livechat_channel.livechat_ask_email = "during"
        self.run_tour("livechat_iconic_email_claim_during")
