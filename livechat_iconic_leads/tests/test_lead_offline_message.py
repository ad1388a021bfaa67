from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.livechat_iconic.models.helpdesk_ticket import TICKET_TYPE_REQUEST

from .common import LeadsCase

DESK_SALES_GROUPS = (
    "base.group_user,helpdesk_mgmt.group_helpdesk_user,sales_team.group_sale_salesman"
)


@tagged("post_install", "-at_install")
class TestLeadOfflineMessage(LeadsCase):
    """An offline message can become a lead: from the request the message form made, one
    click creates the lead through the region table, marked "from an offline message",
    linked both ways; an unknown client's question goes to the region's head."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.helpdesk_team = cls.env["helpdesk.ticket.team"].create({"name": "Message Desk"})
        cls.livechat_channel.helpdesk_team_id = cls.helpdesk_team
        cls.desk_sales = new_test_user(
            cls.env, login="offline_dana", groups=DESK_SALES_GROUPS, name="Dana Desk Sales"
        )
        cls.desk_only = new_test_user(
            cls.env,
            login="offline_hugo",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
            name="Hugo Help Desk",
        )
        cls.head = new_test_user(
            cls.env,
            login="offline_head",
            groups="sales_team.group_sale_salesman",
            name="Heidi Head",
        )
        cls.regions["uae"].head_id = cls.head
        cls.request = cls.env.ref(TICKET_TYPE_REQUEST)
        cls.lead_type = cls.env.ref("livechat_iconic.helpdesk_ticket_type_lead")

    def message(self, email="fleet@desert-trucks.example.com", phone="+971 50 123 4567"):
        """The ticket the widget's message form makes for a visitor (not signed in)."""
        public = self.env.ref("base.public_user")
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(public)
            ._livechat_create(
                self.livechat_channel,
                {
                    "name": "Omar Fleet",
                    "email": email,
                    "phone": phone,
                    "title": "Message from Omar Fleet",
                    "description": "Price for 200 trackers?",
                },
                type_xmlid=TICKET_TYPE_REQUEST,
            )
        )
        return self.env["helpdesk.ticket"].browse(ticket.id)

    def click(self, ticket, user=None):
        action = ticket.with_user(user or self.desk_sales).action_livechat_lead_from_message()
        self.assertEqual(action["res_model"], "crm.lead")
        return self.env["crm.lead"].browse(action["res_id"])

    def filter_domain(self, model, action, name):
        """The domain of the filter ``name`` of the action's search view."""
        view_id = action.search_view_id.id or False
        arch = model.get_views([(view_id, "search")])["views"]["search"]["arch"]
        [node] = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("domain"))

    def default_filters(self, action, model):
        """The domain of the filters the action turns on by default (AND-ed: each is in
        its own group of the search view here)."""
        context = safe_eval(action.context or "{}")
        names = [
            key.removeprefix("search_default_")
            for key, value in context.items()
            if key.startswith("search_default_") and value
        ]
        return Domain.AND(self.filter_domain(model, action, name) for name in names)

    def head_todos(self, lead):
        return lead.activity_ids.filtered(
            lambda a: (
                a.user_id == self.head
                and a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
            )
        )

    def test_button_creates_the_lead_with_the_region_owner_and_team(self):
        ticket = self.message()
        self.assertEqual(ticket.type_id, self.request)
        self.assertTrue(ticket.livechat_is_offline_message)
        lead = self.click(ticket)
        self.assertTrue(lead.exists())
        self.assertEqual(lead.country_id, self.env.ref("base.ae"), "the phone's country")
        self.assertEqual(lead.lead_region_id, self.regions["uae"])
        self.assertEqual(lead.team_id, self.regions["uae"].team_id)
        self.assertEqual(lead.user_id, self.region_users["uae"])
        self.assertEqual(lead.email_from, "fleet@desert-trucks.example.com")
        self.assertEqual(lead.name, "Message from Omar Fleet")

    def test_lead_is_marked_offline(self):
        lead = self.click(self.message())
        self.assertTrue(lead.lead_offline_message)
        self.assertFalse(lead.origin_channel_id)
        self.assertNotEqual(lead.source_id, self.livechat_source, "not a lead from chat")

    def test_links_both_ways(self):
        ticket = self.message()
        lead = self.click(ticket)
        self.assertEqual(lead.lead_ticket_id, ticket)
        self.assertEqual(ticket.livechat_lead_id, lead)
        self.assertEqual(ticket.type_id, self.lead_type, "help desk counts it as a lead")
        self.assertFalse(ticket.livechat_is_offline_message)

    def test_kept_out_of_chat_lead_counts_by_default(self):
        chat = self.chat(name="Chat Prospect", email="chat@fleet-chat.example.com")
        chat_lead = self.create_lead(chat)
        ticket = self.message()
        offline_lead = self.click(ticket)
        # the managers' "Leads from Live Chat" report: chat leads by default, a filter away
        action = self.env.ref("livechat_iconic_leads.crm_lead_livechat_report_action")
        Lead = self.env["crm.lead"].with_context(active_test=False)
        in_action = Lead.search(safe_eval(action.domain))
        self.assertIn(offline_lead, in_action, "available with a filter")
        defaults = self.default_filters(action, Lead)
        self.assertIn(chat_lead, in_action.filtered_domain(defaults))
        self.assertNotIn(offline_lead, in_action.filtered_domain(defaults))
        offline_filter = self.filter_domain(Lead, action, "filter_offline_message")
        self.assertEqual(in_action.filtered_domain(offline_filter), offline_lead)
        # the CRM / help-desk count report: its own row, left out by default
        count_action = self.env.ref("livechat_iconic_leads.livechat_lead_count_report_action")
        report = self.env["livechat_iconic_leads.lead.count.report"]
        rows = report.search([])
        defaults = self.default_filters(count_action, report)
        self.assertIn(chat, rows.filtered_domain(defaults).session_id)
        self.assertNotIn(ticket, rows.filtered_domain(defaults).ticket_id)
        offline_filter = self.filter_domain(report, count_action, "filter_offline_message")
        [offline] = rows.filtered_domain(offline_filter)
        self.assertEqual(offline.ticket_id, ticket)
        self.assertEqual((offline.crm_lead_count, offline.lead_ticket_count), (1, 1))

    def test_unknown_client_gets_an_activity_for_the_region_head(self):
        lead = self.click(self.message())
        todo = self.head_todos(lead)
        self.assertEqual(len(todo), 1)
        self.assertIn("unknown", todo.summary)

    def test_known_client_gets_no_head_activity(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Desert Trucks LLC",
                "is_company": True,
                "email": "fleet@desert-trucks.example.com",
                "user_id": self.region_users["uae"].id,
            }
        )
        ticket = self.message()
        self.assertTrue(customer)
        lead = self.click(ticket)
        self.assertEqual(lead.lead_region_id, self.regions["uae"])
        self.assertFalse(self.head_todos(lead))

    def test_known_by_an_earlier_lead_gets_no_head_activity(self):
        self.env["crm.lead"].create(
            {"name": "Earlier", "email_from": "Fleet@Desert-Trucks.example.com", "active": False}
        )
        self.assertFalse(self.head_todos(self.click(self.message())))

    def test_a_pattern_in_the_email_is_not_a_match(self):
        self.env["crm.lead"].create(
            {"name": "Other", "email_from": "fleetx@desert-trucks.example.com"}
        )
        lead = self.click(self.message(email="fleet_@desert-trucks.example.com"))
        self.assertEqual(len(self.head_todos(lead)), 1, "'_' is not a wildcard")

    def test_second_click_opens_the_same_lead(self):
        ticket = self.message()
        first = self.click(ticket)
        second = self.click(ticket)
        self.assertEqual(first, second)
        self.assertEqual(
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search_count([("lead_ticket_id", "=", ticket.id)]),
            1,
        )
        self.assertEqual(len(self.head_todos(first)), 1, "no second activity either")

    def test_only_staff_who_may_create_leads(self):
        ticket = self.message()
        with self.assertRaises(AccessError):
            ticket.with_user(self.desk_only).action_livechat_lead_from_message()
        self.assertFalse(ticket.livechat_lead_id)
        # the form offers the button to salespeople only
        for user, shown in ((self.desk_only, False), (self.desk_sales, True)):
            arch = (
                self.env["helpdesk.ticket"]
                .with_user(user)
                .get_views([(False, "form")])["views"]["form"]["arch"]
            )
            self.assertEqual("action_livechat_lead_from_message" in arch, shown, user.name)

    def test_only_a_request_becomes_a_lead(self):
        ticket = self.message()
        ticket.type_id = False
        with self.assertRaises(UserError):
            self.click(ticket)

    def test_a_registered_chat_not_answered_yet_is_not_an_offline_message(self):
        self.livechat_channel.livechat_register_every_chat = True
        chat = self.visitor_session("Price?", agent=self.sales_agent)
        ticket = chat.livechat_ticket_id
        self.assertTrue(ticket.sudo().livechat_registered)
        self.assertFalse(chat.livechat_first_answer_dt)
        self.assertFalse(
            ticket.livechat_is_offline_message, "the chat runs: its lead is the chat's"
        )
        with self.assertRaises(UserError):
            self.click(ticket)

    def test_an_answered_chat_is_not_an_offline_message(self):
        self.livechat_channel.livechat_register_every_chat = True
        chat = self.chat(name="Answered", email="answered@fleet-chat.example.com")
        chat.with_user(self.sales_agent).action_livechat_close()
        ticket = chat.livechat_ticket_id
        self.assertEqual(ticket.type_id, self.request)
        self.assertFalse(ticket.livechat_is_offline_message)
        with self.assertRaises(UserError):
            self.click(ticket)
