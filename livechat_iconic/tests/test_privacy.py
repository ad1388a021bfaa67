import secrets
import uuid
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from ..models.discuss_channel_privacy import SESSION_CONTEXT_FIELDS, SESSION_CONTEXT_KEPT
from ..models.helpdesk_ticket import TICKET_CONTEXT_KEPT
from .common import CHROME_UA
from .helpdesk_common import FORM_ROUTE, LivechatHelpdeskCase

ERASED = "This message was erased."
SESSION_CONTEXT = {
    "livechat_ip": "89.160.20.112",
    "livechat_city": "Linköping",
    "livechat_region": "Östergötland County",
    "livechat_user_agent": CHROME_UA,
    "livechat_page_url": "https://shop.example/shop/cart",
    "livechat_referrer": "https://search.example/results",
}


@tagged("post_install", "-at_install")
class TestPrivacy(LivechatHelpdeskCase):
    """Privacy that lasts: the visitor context is erased after the retention period, tokens
    in page addresses never reach an agent, and a live chat manager erases a visitor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.livechat_channel.queue_when_unavailable = True
        cls.manager = new_test_user(
            cls.env,
            login="iconic_privacy_manager",
            groups="base.group_user,im_livechat.im_livechat_group_manager",
            name="Petra Privacy",
        )
        cls.params = cls.env["ir.config_parameter"].sudo()
        cls.cron = cls.env.ref("livechat_iconic.ir_cron_privacy_retention")
        cls.belgium = cls.env.ref("base.be")

    # -- helpers ------------------------------------------------------------------------------
    def _session(self, days_old, question="Question"):
        """A visitor's session started ``days_old`` days ago, with the whole visitor
        context (the test's requests come from 127.0.0.1, which has none)."""
        self.opener.cookies.clear()
        channel = self.start_visitor_chat(question)
        channel.sudo().write({**SESSION_CONTEXT, "country_id": self.belgium.id})
        self._age(channel, days_old)
        return channel

    def _ticket(self, days_old, **values):
        ticket = self.env["helpdesk.ticket"]._livechat_create(
            self.livechat_channel,
            {
                "title": "Question from the widget",
                "description": "Please call me back",
                "email": "tom@example.com",
                "page_url": "https://shop.example/contactus",
                "location": "Linköping, Östergötland County, Sweden",
                "ip": "89.160.20.112",
                "phone": "+3225550101",
                **values,
            },
        )
        self._age(ticket, days_old)
        return ticket

    def _age(self, record, days):
        record.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET create_date = %s WHERE id = %s",
                SQL.identifier(record._table),
                fields.Datetime.now() - timedelta(days=days),
                record.id,
            )
        )
        record.invalidate_recordset(["create_date"])

    def _context(self, record, names):
        record.invalidate_recordset()
        return {name: record[name] for name in names}

    # -- (a) retention ------------------------------------------------------------------------
    def test_retention_erases_where_the_visitor_was_after_the_set_days(self):
        self.params.set_param("livechat_iconic.privacy_retention_days", 30)
        old = self._session(31, "Old question")
        recent = self._session(29)
        old.with_user(self.agent).action_livechat_take()
        old.with_user(self.agent).action_livechat_close()
        state_before = self._context(
            old, ["livechat_state", "livechat_end_dt", "livechat_chatting_dt", "livechat_agent_id"]
        )
        old_ticket, recent_ticket = self._ticket(31), self._ticket(29)

        self.env["discuss.channel"]._cron_livechat_privacy_retention()

        self.assertEqual(
            self._context(old, SESSION_CONTEXT_FIELDS), dict.fromkeys(SESSION_CONTEXT_FIELDS, False)
        )
        # what the reports count stays: the country, the state, the times, the agent
        self.assertEqual(old.country_id, self.belgium)
        self.assertEqual(old.livechat_location, "Belgium", "no city any longer")
        self.assertTrue(old.livechat_browser.startswith("Chrome"), "the browser family stays")
        self.assertEqual(old.livechat_question, "Old question", "not the visitor context")
        self.assertEqual(self._context(old, list(state_before)), state_before)
        self.assertEqual(self._context(recent, SESSION_CONTEXT_FIELDS), SESSION_CONTEXT)
        ticket_fields = ["livechat_ip", "livechat_page_url", "livechat_location"]
        self.assertEqual(
            self._context(old_ticket, ticket_fields), dict.fromkeys(ticket_fields, False)
        )
        self.assertEqual(old_ticket.livechat_phone, "+3225550101", "a way to answer stays")
        self.assertIn("Please call me back", old_ticket.description)
        self.assertEqual(
            self._context(recent_ticket, ticket_fields),
            {
                "livechat_ip": "89.160.20.112",
                "livechat_page_url": "https://shop.example/contactus",
                "livechat_location": "Linköping, Östergötland County, Sweden",
            },
        )

    def test_retention_zero_keeps_for_ever_and_the_default_is_a_year(self):
        Channel = self.env["discuss.channel"]
        self.params.set_param("livechat_iconic.privacy_retention_days", False)
        self.assertEqual(Channel._livechat_retention_days(), 365)
        for value in ("0", "-3"):
            self.params.set_param("livechat_iconic.privacy_retention_days", value)
            self.assertEqual(Channel._livechat_retention_days(), 0, value)
        self.params.set_param("livechat_iconic.privacy_retention_days", "soon")
        with self.assertLogs("odoo.addons.livechat_iconic.models.discuss_channel_privacy"):
            self.assertEqual(Channel._livechat_retention_days(), 0, "nonsense erases nothing")
        self.params.set_param("livechat_iconic.privacy_retention_days", "0")
        old = self._session(3000)
        Channel._cron_livechat_privacy_retention()
        self.assertEqual(self._context(old, SESSION_CONTEXT_FIELDS), SESSION_CONTEXT)
        # the setting: 0 is stored as 0 (for ever), not as "unset" (the default, a year)
        self.params.set_param("livechat_iconic.privacy_retention_days", False)
        Settings = self.env["res.config.settings"]
        self.assertEqual(Settings.create({}).livechat_privacy_retention_days, 365)
        Settings.create({"livechat_privacy_retention_days": 0}).execute()
        self.assertEqual(self.params.get_param("livechat_iconic.privacy_retention_days"), "0")
        self.assertEqual(Settings.create({}).livechat_privacy_retention_days, 0)
        Settings.create({"livechat_privacy_retention_days": 90}).execute()
        self.assertEqual(Channel._livechat_retention_days(), 90)

    def test_a_ticket_carries_no_copy_of_page_and_location_in_its_text(self):
        """The retention erases the ticket's fields: its description never copies them."""
        session = self._session(0, "Is anyone there?")
        self.visitor_gives_contact(session, email="gone@example.com")
        self.visitor_leaves(session)
        ticket = session.livechat_ticket_id
        self.assertTrue(ticket, "a missed chat with an e-mail is followed up")
        self.assertEqual(ticket.livechat_page_url, SESSION_CONTEXT["livechat_page_url"])
        self.assertIn("Is anyone there?", ticket.description)
        self.assertNotIn("shop.example", ticket.description)
        self.assertNotIn("Linköping", ticket.description)

    def test_retention_reads_an_index_never_the_table(self):
        self.params.set_param("livechat_iconic.privacy_retention_days", 30)
        self._session(31)
        self._ticket(31)
        for table, index in (
            ("discuss_channel", "discuss_channel_livechat_context_kept_idx"),
            ("helpdesk_ticket", "helpdesk_ticket_livechat_context_kept_idx"),
        ):
            model = self.env[table.replace("_", ".", 1)]
            kept = SESSION_CONTEXT_KEPT if table == "discuss_channel" else TICKET_CONTEXT_KEPT
            with self.subTest(table=table), self.env.cr.savepoint(flush=False):
                self.env.cr.execute("SET LOCAL enable_seqscan = off")
                self.env.cr.execute(
                    SQL(
                        "EXPLAIN SELECT id FROM %s WHERE %s AND create_date < %s "
                        "ORDER BY create_date LIMIT 10 FOR NO KEY UPDATE SKIP LOCKED",
                        SQL.identifier(model._table),
                        SQL(kept),
                        fields.Datetime.now(),
                    )
                )
                plan = "\n".join(row[0] for row in self.env.cr.fetchall())
                self.env.cr.execute("SET LOCAL enable_seqscan = on")
                # The partial index on a fresh database; on a long-used one the planner may
                # prefer another index (create_date's, for the ORDER BY ... LIMIT): either
                # way an index, never the whole table.
                self.assertRegex(plan, rf"{index}|Index (Only )?Scan|Bitmap Index Scan")
                self.assertNotIn("Seq Scan", plan)

    def test_scheduled_action_erases_in_committed_batches_with_progress(self):
        self.params.set_param("livechat_iconic.privacy_retention_days", 30)
        self.params.set_param("livechat_iconic.privacy_batch_size", 2)
        sessions = self.env["discuss.channel"]
        for _i in range(5):
            sessions |= self._session(40)
        ticket = self._ticket(40)
        self.cron.method_direct_trigger()
        self.assertEqual(
            [self._context(s, ["livechat_ip"]) for s in sessions], [{"livechat_ip": False}] * 5
        )
        self.assertFalse(self._context(ticket, ["livechat_ip"])["livechat_ip"])
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )
        self.assertEqual((progress.done, progress.remaining), (6, 0))

    # -- (b) tokens in page addresses ---------------------------------------------------------
    def test_tokens_in_page_addresses_never_reach_an_agent(self):
        """Odoo's own token links: survey invitations, rating links, portal access."""
        base = self.base_url()
        survey = f"/survey/{uuid.uuid4()}/{uuid.uuid4()}"
        rate = f"/rate/{uuid.uuid4().hex}/5"
        channel = self.start_visitor_chat(
            "Question",
            headers={"Referer": f"{base}{survey}?answer_token=x"},
            livechat_referrer=f"https://mail.example/rate/{secrets.token_urlsafe(24)}",
        )
        self.assertEqual(channel.livechat_page_url, f"{base}/survey/…/…")
        self.assertEqual(channel.livechat_referrer, "https://mail.example/rate/…")
        self.visitor_opens_page(f"{base}{rate}")
        channel.invalidate_recordset()
        self.assertEqual(channel.livechat_page_url, f"{base}/rate/…/5")
        body = {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "call",
            "params": {
                "channel_id": self.livechat_channel.id,
                "email": "tom@example.com",
                "message": "Where is my order?",
            },
        }
        response = self.opener.post(
            base + FORM_ROUTE,
            json=body,
            headers={"Referer": f"{base}/my/orders/7/{uuid.uuid4().hex}"},
            timeout=12,
        )
        ticket, _result = self.form_ticket(response)
        self.assertEqual(ticket.livechat_page_url, f"{base}/my/orders/7/…")

    # -- (c) erasing a visitor ----------------------------------------------------------------
    def _contacts_chat(self, partner):
        """A chat of ``partner`` (confirmed from the e-mail they typed), with all a chat
        leaves behind: an answer, a rating with a comment, an attachment, a bot answer,
        a registered ticket, the history note on the contact, a note by the agent."""
        self.livechat_channel.livechat_register_every_chat = True
        channel = self._session(0, "My address is 12 Elm Street")
        self.visitor_gives_contact(
            channel, email=partner.email, phone="+32 2 555 01 07", name="Vera"
        )
        channel.with_user(self.agent).action_livechat_confirm_contact()
        channel.with_user(self.agent).action_livechat_take()
        # registered at the take: this answer reaches the ticket when the chat ends
        channel.with_user(self.agent).message_post(
            body="Noted, Vera from Elm Street",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.env["ir.attachment"].create(
            {
                "name": "passport.png",
                "raw": b"x",
                "res_model": "discuss.channel",
                "res_id": channel.id,
            }
        )
        self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("discuss.channel"),
                "res_id": channel.id,
                "rating": 1,
                "feedback": "Vera was kept waiting",
                "consumed": True,
            }
        )
        channel.with_user(self.agent).livechat_add_contact_note("Lives at 12 Elm Street")
        self.visitor_leaves(channel)
        self.assertTrue(channel.livechat_ticket_id, "precondition: the registered ticket")
        self.assertIn(
            "Noted, Vera", channel.livechat_ticket_id.description, "precondition: the rest"
        )
        self.assertTrue(channel.livechat_history_note_id, "precondition: the history note")
        return channel

    def _report(self, channel):
        report = self.env["im_livechat.report.channel"].search([("channel_id", "=", channel.id)])
        return [(r.nbr_message, r.rating, r.partner_id, r.duration) for r in report]

    def test_erasing_a_contact_erases_their_chats_and_keeps_the_counts(self):
        vera = self.env["res.partner"].create({"name": "Vera Valued", "email": "vera@example.com"})
        channel = self._contacts_chat(vera)
        other = self._session(0, "Someone else's question")
        ticket = channel.livechat_ticket_id
        kept = ["livechat_state", "livechat_end_dt", "livechat_chatting_dt", "livechat_operator_id"]
        before = self._context(channel, kept)
        report_before = self._report(channel)
        activities = channel._livechat_chat_activities()
        self.assertTrue(activities, "precondition: the bad rating's to-do")

        erased = vera._livechat_erase_personal_data()  # the hook privacy tools call

        self.assertEqual(erased, channel)
        self.assertEqual(
            set(channel.message_ids.mapped("body")), {f"<p>{ERASED}</p>"}, "every message"
        )
        transcript = channel.with_user(self.agent).livechat_transcript
        for text in ("Elm Street", "Vera was kept", "vera@example.com"):
            self.assertNotIn(text, transcript + ticket.description + channel.name)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "discuss.channel"), ("res_id", "=", channel.id)]
            )
        )
        values = self._context(
            channel,
            [
                *SESSION_CONTEXT_FIELDS,
                "livechat_question",
                "livechat_guest_name",
                "livechat_visitor_email",
                "livechat_visitor_phone",
            ],
        )
        self.assertEqual(set(values.values()), {False})
        rating = self.env["rating.rating"].search(
            [("res_model", "=", "discuss.channel"), ("res_id", "=", channel.id)]
        )
        self.assertEqual((rating.rating, rating.feedback), (1, False), "the rating counts")
        self.assertIn(ERASED, channel.livechat_history_note_id.body)
        self.assertFalse(activities.exists())
        self.assertIn("The conversation was erased.", ticket.description)
        self.assertFalse(ticket.livechat_ip or ticket.livechat_page_url or ticket.livechat_phone)
        self.assertFalse(
            self.env["livechat_iconic.contact.note"]
            .with_context(active_test=False)
            .search([("partner_id", "=", vera.id)])
        )
        # the reports count what they counted
        self.assertEqual(self._context(channel, kept), before)
        self.assertEqual(self._report(channel), report_before)
        self.assertTrue(vera.exists(), "the contact is the caller's to delete or anonymise")
        self.assertEqual(other.livechat_question, "Someone else's question")
        self.assertEqual(self._context(other, SESSION_CONTEXT_FIELDS), SESSION_CONTEXT)

    def test_erasing_from_a_session_erases_every_chat_of_that_anonymous_visitor(self):
        first = self._session(0, "First question")
        guest = first.livechat_customer_guest_ids
        second = self.start_visitor_chat("Second question")  # same browser, same guest
        self.assertEqual(second.livechat_customer_guest_ids, guest)
        self.opener.cookies.clear()
        stranger = self.start_visitor_chat("A stranger's question")
        wizard = (
            self.env["livechat_iconic.erase.visitor"]
            .with_user(self.manager)
            .with_context(active_model="discuss.channel", active_ids=[second.id])
            .create({})
        )
        self.assertEqual(wizard.session_ids, first | second)
        self.assertIn("2 chats", wizard.summary)
        self.assertIn("cannot be undone", wizard.summary)
        wizard.action_erase()
        for session in first | second:
            self.assertFalse(session.livechat_question)
            self.assertNotIn("question", " ".join(session.message_ids.mapped("body")))
        self.assertEqual(guest.name, "Visitor")
        self.assertEqual(stranger.livechat_question, "A stranger's question")

    def test_erasing_from_a_contacts_session_is_erasing_the_contact(self):
        vera = self.env["res.partner"].create({"name": "Vera Valued", "email": "vera@example.com"})
        channel = self._contacts_chat(vera)
        wizard = (
            self.env["livechat_iconic.erase.visitor"]
            .with_user(self.manager)
            .with_context(active_model="discuss.channel", active_ids=[channel.id])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, vera)
        self.assertFalse(wizard.session_ids, "erased as the contact's chats")
        self.assertIn("Vera Valued", wizard.summary)
        self.assertIn("1 contact notes", wizard.summary)
        wizard.action_erase()
        self.assertFalse(channel.livechat_question)
        self.assertFalse(vera.with_user(self.manager).livechat_contact_note_ids)

    def test_only_live_chat_managers_erase(self):
        channel = self._session(0, "Keep me")
        with self.assertRaises(AccessError):
            channel.with_user(self.agent).action_livechat_erase_visitor()
        with self.assertRaises(AccessError):
            self.env["livechat_iconic.erase.visitor"].with_user(self.agent).with_context(
                active_model="discuss.channel", active_ids=[channel.id]
            ).create({})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.agent).browse(
                self.agent.partner_id.id
            ).action_livechat_erase_visitor()
        self.assertEqual(channel.livechat_question, "Keep me")
        channel.with_user(self.manager).action_livechat_erase_visitor()
        channel.invalidate_recordset()
        self.assertFalse(channel.livechat_question)
