from odoo.tests import tagged

from .common import GOOD_CONTACT, LeadsCase


@tagged("post_install", "-at_install")
class TestLeadHelpdesk(LeadsCase):
    """Every chat an agent takes is registered as a help-desk Request; a chat that became
    a lead is of type Lead, so leads from chat in CRM and tickets of type Lead agree."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.helpdesk_team = cls.env["helpdesk.ticket.team"].create({"name": "Chat Desk"})
        cls.livechat_channel.write(
            {"helpdesk_team_id": cls.helpdesk_team.id, "livechat_register_every_chat": True}
        )
        cls.request = cls.env.ref("livechat_iconic.helpdesk_ticket_type_request")
        cls.lead_type = cls.env.ref("livechat_iconic.helpdesk_ticket_type_lead")

    def end(self, channel):
        channel.with_user(self.sales_agent).action_livechat_close()
        channel.invalidate_recordset()
        return channel.livechat_ticket_id

    def test_lead_during_the_chat(self):
        channel = self.chat(**GOOD_CONTACT)
        ticket = channel.livechat_ticket_id
        self.assertEqual(ticket.type_id, self.request, "registered when taken")
        self.create_lead(channel)
        self.assertEqual(ticket.type_id, self.lead_type, "the lead makes it a Lead at once")
        self.assertEqual(self.end(channel), ticket)
        self.assertEqual(ticket.type_id, self.lead_type, "the end keeps it")

    def test_lead_then_the_agents_ticket(self):
        self.livechat_channel.livechat_register_every_chat = False
        channel = self.chat(**GOOD_CONTACT)
        self.assertFalse(channel.livechat_ticket_id)
        self.create_lead(channel)
        channel.with_user(self.sales_agent).action_livechat_ticket()
        self.assertEqual(channel.livechat_ticket_id.type_id, self.lead_type)

    def test_lead_after_the_chat(self):
        channel = self.chat(**GOOD_CONTACT)
        ticket = self.end(channel)
        self.assertEqual(ticket.type_id, self.request)
        self.create_lead(channel)
        self.assertEqual(ticket.type_id, self.lead_type)

    def test_counts_agree(self):
        with_lead = [
            self.chat(name=f"Lead {n}", email=f"lead{n}@fleet{n}.example.com") for n in range(2)
        ]
        without = self.chat(name="Just asking")
        self.create_lead(with_lead[0])
        for channel in (*with_lead, without):
            self.end(channel)
        self.create_lead(with_lead[1])  # after the chat, from the session
        channels = self.env["discuss.channel"].browse([c.id for c in (*with_lead, without)])
        leads = self.env["crm.lead"].search_count([("origin_channel_id", "in", channels.ids)])
        lead_tickets = self.env["helpdesk.ticket"].search_count(
            [("livechat_session_id", "in", channels.ids), ("type_id", "=", self.lead_type.id)]
        )
        self.assertEqual((leads, lead_tickets), (2, 2))
        # the managers' report shows both counts side by side: equal
        report = self.env["livechat_iconic_leads.lead.count.report"]
        [totals] = report._read_group(
            [("session_id", "in", channels.ids)],
            aggregates=["crm_lead_count:sum", "lead_ticket_count:sum", "__count"],
        )
        self.assertEqual(totals, (2, 2, 2), "two chats with a lead, counted alike")
        self.assertEqual(without.livechat_ticket_id.type_id, self.request)
