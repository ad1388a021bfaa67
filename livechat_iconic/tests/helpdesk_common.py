from odoo import Command

from .common import LivechatIconicCase

FORM_ROUTE = "/livechat_iconic/message"
SEND_ROUTE = "/livechat_iconic/send_as_message"


class LivechatHelpdeskCase(LivechatIconicCase):
    """The support queue of LivechatIconicCase with a help-desk team (OCA helpdesk_mgmt)
    that takes sales enquiries and technical questions (OCA helpdesk_type)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_type = cls.env.ref("livechat_iconic.helpdesk_ticket_type_sales")
        cls.technical_type = cls.env.ref("livechat_iconic.helpdesk_ticket_type_technical")
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Live Chat Desk",
                "user_ids": [Command.set((cls.agent | cls.agent_bob).ids)],
                "type_ids": [Command.set((cls.sales_type | cls.technical_type).ids)],
            }
        )
        cls.livechat_channel.write(
            {"helpdesk_team_id": cls.team.id, "queue_when_unavailable": False}
        )
        cls.livechat_ticket_channel = cls.env.ref(
            "livechat_iconic.helpdesk_ticket_channel_livechat"
        )

    def send_form(self, **params):
        values = {
            "channel_id": self.livechat_channel.id,
            "name": "Nina Visitor",
            "email": "nina.visitor@example.com",
            "message": "Do you ship to Belgium?",
            **params,
        }
        return self.post_jsonrpc(FORM_ROUTE, {k: v for k, v in values.items() if v is not None})

    def form_ticket(self, response):
        self.assertEqual(response.status_code, 200, response.text[:500])
        result = response.json()["result"]
        ticket = self.env["helpdesk.ticket"].search([("number", "=", result["reference"])])
        self.assertEqual(len(ticket), 1)
        return ticket, result

    def assertError(self, response, status, field, text):
        self.assertEqual(response.status_code, status, response.text[:500])
        error = response.json()["error"]
        self.assertEqual(error["data"]["field"], field)
        self.assertIn(text, error["message"])
        self.assertNotIn("Traceback", response.text)
