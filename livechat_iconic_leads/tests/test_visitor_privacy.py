import json

from odoo.tests import new_test_user, tagged

from .common import LeadsCase

# what agents know about a visitor's chat, which the visitor must never read back
OTHER_CUSTOMER = "Zelda Confidential"
LEAD_NAME = "Acme Hidden Deal"
COMPANY = "Acme Hidden Holdings"
IP = "203.0.113.77"
AGENT_NOTE = "Agent note VIP-7731"
CONTACT_NOTE = "Contact note owes 5000"
SECRETS = (OTHER_CUSTOMER, LEAD_NAME, COMPANY, IP, AGENT_NOTE, CONTACT_NOTE)
#: Fields of ours a visitor's own session holds for the agents (one of each kind).
AGENT_FIELDS = (
    "livechat_ip",
    "livechat_suggested_partner_id",
    "livechat_contact_claim",
    "livechat_partner_id",
    "livechat_transfer_note",
    "livechat_state_dt",
    "livechat_question",
    "lead_email",
    "lead_company_name",
    "lead_duplicate_hint",
    "lead_quality_reasons",
    "lead_region_id",
)

#: The inactivity concern's fields (models/discuss_channel_inactivity.py), timers and the
#: names of agents who did not answer: they get their groups with that file's rework
#: (issue 20, point 5); listed here so that nothing else slips through meanwhile.
PENDING_INACTIVITY_FIELDS = {
    "livechat_visitor_silent_dt",
    "livechat_reminder_dt",
    "livechat_reminder_state",
    "livechat_reassigned_dt",
    "livechat_supervisors_alerted_dt",
    "livechat_missed_by",
    "livechat_missed_by_count",
}

#: Ours that a visitor may read: where their chat stands, which their widget shows them.
VISITOR_FIELDS = {"livechat_state"}


@tagged("post_install", "-at_install")
class TestVisitorPrivacy(LeadsCase):
    """A visitor (a guest, or a portal user) reads their own session through the routes
    they can call, and finds nothing of what the agents know: no lead data, no duplicate
    hint, no contact suggestion, no IP, no agent note, no other customer's name."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.partner"].create(
            {"name": OTHER_CUSTOMER, "email": "zelda.c@hidden.example.com"}
        )
        cls.env["livechat_iconic.contact.note"].create(
            {"partner_id": cls.other.id, "body": CONTACT_NOTE}
        )
        cls.env["crm.lead"].create({"name": LEAD_NAME, "email_from": "zelda.c@hidden.example.com"})
        cls.portal = new_test_user(
            cls.env, login="privacy_portal", groups="base.group_portal", name="Pia Portal"
        )

    def agents_know(self, channel):
        """What the agents learn and write during the chat."""
        # the visitor types the other customer's address: a suggestion, a duplicate hint
        self.visitor_gives_contact(channel, email="zelda.c@hidden.example.com")
        self.fill(channel, company_name=COMPANY, email="zelda.c@hidden.example.com")
        channel.sudo().write({"livechat_ip": IP, "livechat_transfer_note": AGENT_NOTE})
        channel.invalidate_recordset()
        agent_view = channel.with_user(self.sales_agent)
        self.assertEqual(agent_view.livechat_suggested_partner_id, self.other)
        self.assertIn(LEAD_NAME, agent_view.lead_duplicate_hint)
        self.assertEqual(agent_view.lead_company_name, COMPANY)

    def our_fields(self, model):
        """The fields our three addons add to ``model`` (not Odoo's own that we extend,
        such as ``livechat_outcome``: those keep Odoo's access)."""
        fields = self.env["ir.model.fields"].search([("model", "=", model)])
        return set(
            fields.filtered(
                lambda f: (
                    f.modules
                    and all(name.startswith("livechat_iconic") for name in f.modules.split(", "))
                )
            ).mapped("name")
        )

    def assertNothingSecret(self, text, where):
        for secret in SECRETS:
            self.assertNotIn(secret, text, f"{where} shows {secret!r}")

    def call_kw(self, model, method, args, kwargs=None):
        return self.post_jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def read_through_the_visitors_routes(self, channel):
        """Everything the visitor's browser can ask about their session: the widget's Store
        data, the session's messages, and the web client's ORM route."""
        texts = {}
        for fetch in (
            [["discuss.channel", [channel.id]]],
            ["channels_as_member", "init_messaging"],
            [["init_livechat", self.livechat_channel.id]],
        ):
            response = self.post_jsonrpc("/mail/data", {"fetch_params": fetch})
            self.assertEqual(response.status_code, 200, response.text[:300])
            texts[f"/mail/data {json.dumps(fetch)}"] = response.text
        response = self.post_jsonrpc("/discuss/channel/messages", {"channel_id": channel.id})
        texts["/discuss/channel/messages"] = response.text
        # Odoo's own fields a member reads (reading all fails in Odoo itself for a portal
        # user: group_ids, livechat_expertise_ids point to models they cannot read)
        readable = ["name", "channel_type", "create_date"]
        texts["read"] = self.call_kw("discuss.channel", "read", [[channel.id], readable]).text
        texts["search_read"] = self.call_kw(
            "discuss.channel", "search_read", [[("id", "=", channel.id)], readable]
        ).text
        texts["web_read"] = self.call_kw(
            "discuss.channel",
            "web_read",
            [[channel.id]],
            {"specification": {name: {} for name in AGENT_FIELDS}},
        ).text
        return texts

    def test_a_guest_reads_nothing_of_the_agents(self):
        channel = self.chat("Do you have trackers?")
        self.agents_know(channel)
        texts = self.read_through_the_visitors_routes(channel)
        self.assertIn("Do you have trackers?", texts["/discuss/channel/messages"], "their chat")
        for where, text in texts.items():
            self.assertNothingSecret(text, where)
        # the web client's ORM route is for signed-in users only
        self.assertIn("error", json.loads(texts["read"]))

    def test_a_portal_user_reads_their_session_without_the_agents_fields(self):
        self.authenticate(self.portal.login, self.portal.login)
        channel = self.chat("Do you have trackers?")
        self.agents_know(channel)
        texts = self.read_through_the_visitors_routes(channel)
        for where, text in texts.items():
            self.assertNothingSecret(text, where)
        # they do read their own session, without any of our agent-facing fields
        records = json.loads(texts["read"])["result"]
        self.assertEqual([record["id"] for record in records], [channel.id])
        # Odoo describes to them only the fields they may read: none of ours for the agents
        ours = self.our_fields("discuss.channel")
        self.assertGreater(len(ours), 50)
        described = self.call_kw("discuss.channel", "fields_get", [], {"attributes": ["type"]})
        self.assertIn("name", described.json()["result"])
        self.assertEqual(
            set(described.json()["result"]) & ours - PENDING_INACTIVITY_FIELDS - VISITOR_FIELDS,
            set(),
            "only Odoo's own fields a member may read",
        )
        # asking for one by name, or searching on one, is refused
        for name in AGENT_FIELDS:
            with self.subTest(field=name):
                response = self.call_kw("discuss.channel", "read", [[channel.id], [name]])
                self.assertIn("error", response.json(), name)
                self.assertNothingSecret(response.text, f"read {name}")
        response = self.call_kw(
            "discuss.channel", "search_count", [[("lead_company_name", "=", COMPANY)]]
        )
        self.assertIn("error", response.json(), "no guessing through a domain")

    def test_a_portal_user_reads_their_ticket_without_the_chats_details(self):
        self.authenticate(self.portal.login, self.portal.login)
        channel = self.chat("Do you have trackers?")
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Trackers",
                "description": "<p>Do you have trackers?</p>",
                "partner_id": self.portal.partner_id.id,
                "livechat_session_id": channel.id,
                "livechat_channel_id": self.livechat_channel.id,
                "livechat_ip": IP,
                "livechat_page_url": "https://x.example/p",
                "livechat_location": "Graz, Styria, Austria",
            }
        )
        # the ticket itself is theirs (helpdesk_mgmt's portal rule)
        response = self.call_kw("helpdesk.ticket", "read", [[ticket.id], ["name"]])
        self.assertEqual(response.json().get("result"), [{"id": ticket.id, "name": "Trackers"}])
        ours = self.our_fields("helpdesk.ticket")
        self.assertGreaterEqual(len(ours), 6)
        described = self.call_kw("helpdesk.ticket", "fields_get", [], {"attributes": ["type"]})
        self.assertIn("name", described.json()["result"])
        self.assertEqual(set(described.json()["result"]) & ours, set(), "not even described")
        for name in sorted(ours):
            with self.subTest(field=name):
                response = self.call_kw("helpdesk.ticket", "read", [[ticket.id], [name]])
                self.assertIn("error", response.json(), name)
                for detail in (IP, "x.example/p", "Graz"):
                    self.assertNotIn(detail, response.text)
