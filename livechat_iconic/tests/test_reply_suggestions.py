from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import LivechatIconicCase

MANAGER_GROUPS = "base.group_user,im_livechat.im_livechat_group_manager"

REFUND = (
    "Tickets can be refunded up to 48 hours before the event: send us the booking number "
    "and the refund reaches your card within 5 working days."
)
NIGHT_CAMERA = (
    "For outdoor night use choose a camera with infrared night vision and an IP67 rating; "
    "the VX-400 sees 40 metres in full darkness."
)
FUEL = (
    "If the tracker stopped reporting fuel levels, check the probe's cable and calibrate "
    "the fuel sensor again from the device settings."
)
PARKING = "Parking is available next to the venue and can be prepaid with your ticket."


@tagged("post_install", "-at_install")
class TestReplySuggestions(LivechatIconicCase):
    """Issue 23 point 1: the composer's reply suggestions, their index, the "Suggestion
    Used" KPI and the supervisors' missing answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="iconic_suggest_manager", groups=MANAGER_GROUPS, name="Mia Manager"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Live Chat Desk", "user_ids": [Command.set(cls.agent.ids)]}
        )
        cls.livechat_channel.helpdesk_team_id = cls.team
        cls.employee = new_test_user(
            cls.env, login="iconic_suggest_employee", groups="base.group_user", name="Eve"
        )
        agents = cls.env.ref("im_livechat.im_livechat_group_user")
        Canned = cls.env["mail.canned.response"]
        cls.refund = Canned.with_user(cls.manager).create(
            {"source": "refund", "substitution": REFUND, "group_ids": [Command.set(agents.ids)]}
        )
        cls.proposal = Canned.with_user(cls.agent).create(
            {"source": "parking", "substitution": PARKING, "group_ids": [Command.set(agents.ids)]}
        )
        # a solved ticket of the queue's team, answered by an agent
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Camera at night",
                "description": "Which camera for my garden at night?",
                "team_id": cls.team.id,
            }
        )
        cls.ticket.message_post(
            body=NIGHT_CAMERA,
            author_id=cls.agent.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.ticket.stage_id = cls.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        cls.Snippet = cls.env["livechat_iconic.suggestion.snippet"]

    def setUp(self):
        super().setUp()
        self.env["discuss.channel"]._livechat_suggest_clear_cache()

    def past_chat(self):
        """A chat that ended well: the visitor asked, an agent answered, the visitor left."""
        return self.visitor_session(
            "My tracker stopped reporting fuel levels since Monday",
            agent=self.agent,
            reply=FUEL,
            leaves=True,
        )

    def snippets(self, source):
        return self.Snippet.search([("source", "=", source)])

    # -- the index ------------------------------------------------------------------------------
    def test_cron_indexes_staff_answers_incrementally(self):
        chat = self.past_chat()
        self.Snippet._cron_livechat_suggest_index()
        canned = self.snippets("canned")
        self.assertIn(self.refund, canned.canned_response_id)
        self.assertNotIn(self.proposal, canned.canned_response_id, "not approved yet")
        self.assertEqual(
            self.snippets("ticket").filtered(lambda s: s.ticket_id == self.ticket).text,
            NIGHT_CAMERA,
        )
        chat_snippets = self.snippets("chat").filtered(lambda s: s.channel_id == chat)
        self.assertEqual(chat_snippets.mapped("text"), [FUEL], "the agent's answer only")
        self.assertEqual(chat_snippets.queue_id, self.livechat_channel)
        self.assertFalse(
            self.Snippet.search([("text", "ilike", "since Monday")]),
            "a visitor's text is never indexed as an answer",
        )
        self.assertTrue(all(len(s.embedding) for s in self.Snippet.search([])))

        # the next run adds what is new only
        before = self.Snippet.search([])
        self.Snippet._cron_livechat_suggest_index()
        self.assertEqual(self.Snippet.search([]), before, "nothing new: nothing indexed again")
        self.proposal.with_user(self.manager).action_livechat_approve()
        self.Snippet._cron_livechat_suggest_index()
        added = self.Snippet.search([]) - before
        self.assertEqual(added.canned_response_id, self.proposal)
        self.assertEqual(added.text, PARKING)

    def test_answers_are_indexed_without_the_customer(self):
        chat = self.visitor_session(
            "Can I bring my dog to the show tonight?",
            contact={"name": "Nina Visitor"},
            agent=self.agent,
            reply="Nina, dogs are welcome at the open-air shows if they stay on a leash.",
        )
        chat.with_user(self.agent).message_post(
            body="If not, call our desk on 600 123 456 and ask for the dog-friendly seats.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.visitor_leaves(chat)
        self.Snippet._cron_livechat_suggest_index()
        self.assertEqual(
            self.Snippet.search([("channel_id", "=", chat.id)]).mapped("text"),
            ["{visitor_name}, dogs are welcome at the open-air shows if they stay on a leash."],
            "the name becomes a placeholder; the answer with a phone number is left out",
        )

    def test_cron_is_the_only_writer(self):
        """A visitor's or an agent's request never indexes: the snippets come from the cron."""
        self.Snippet._cron_livechat_suggest_index()
        before = self.Snippet.search([])
        chat = self.past_chat()
        session = self.visitor_session("Can I get a refund for my tickets?", agent=self.agent)
        session.with_user(self.agent).livechat_reply_suggestions()
        self.assertEqual(self.Snippet.search([]), before)
        self.Snippet._cron_livechat_suggest_index()
        self.assertIn(chat, self.Snippet.search([]).channel_id)

    # -- the composer ---------------------------------------------------------------------------
    def test_three_suggestions_with_their_sources(self):
        self.past_chat()
        self.Snippet._cron_livechat_suggest_index()
        session = self.visitor_session(
            "Hello, can I get my money back? I bought tickets for the event", agent=self.agent
        )
        result = session.with_user(self.agent).livechat_reply_suggestions()
        suggestions = result["suggestions"]
        self.assertTrue(0 < len(suggestions) <= 3)
        self.assertEqual(suggestions[0]["text"], REFUND)
        self.assertEqual(suggestions[0]["source"], "canned")
        self.assertEqual(suggestions[0]["source_label"], "Canned response ::refund")
        self.assertTrue(all(s["source"] and s["source_label"] for s in suggestions))

        session = self.visitor_session(
            "Which camera should I buy to watch my garden at night?", agent=self.agent
        )
        top = session.with_user(self.agent).livechat_reply_suggestions()["suggestions"][0]
        self.assertEqual((top["source"], top["text"]), ("ticket", NIGHT_CAMERA))
        self.assertIn(self.ticket.name, top["source_label"])

        session = self.visitor_session("fuel level is zero in the tracker app", agent=self.agent)
        top = session.with_user(self.agent).livechat_reply_suggestions()["suggestions"][0]
        self.assertEqual((top["source"], top["text"]), ("chat", FUEL))

    def test_another_queues_answers_are_not_offered(self):
        self.past_chat()
        self.Snippet._cron_livechat_suggest_index()
        session = self.visitor_session("fuel level is zero in the tracker app", agent=self.agent)
        offered = session.with_user(self.agent).livechat_reply_suggestions()["suggestions"]
        self.assertIn(FUEL, [s["text"] for s in offered])
        self.env["discuss.channel"]._livechat_suggest_clear_cache()
        sales = self.env["im_livechat.channel"].create({"name": "Sales"})
        # the same answer, from a chat of another queue (snippets are only created and
        # deleted, by the cron: never changed)
        chat_snippets = self.snippets("chat")
        vals = [{"text": s.text, "source": "chat", "queue_id": sales.id} for s in chat_snippets]
        chat_snippets.unlink()
        self.Snippet._livechat_suggest_create(vals)
        offered = session.with_user(self.agent).livechat_reply_suggestions()["suggestions"]
        self.assertNotIn(FUEL, [s["text"] for s in offered])

    def test_suggestions_are_for_the_chat_agents_only(self):
        self.Snippet._cron_livechat_suggest_index()
        session = self.visitor_session("Can I get a refund for my tickets?", agent=self.agent)
        with self.assertRaises(AccessError):
            session.with_user(self.employee).livechat_reply_suggestions()
        with self.assertRaises(AccessError):
            session.with_user(self.agent_bob).livechat_reply_suggestions()  # not in this chat
        with self.assertRaises(AccessError):
            session.with_user(self.employee).livechat_note_suggestion_inserted()
        # the visitor, through the web client's ORM route: refused, no 500
        response = self.post_jsonrpc(
            "/web/dataset/call_kw/discuss.channel/livechat_reply_suggestions",
            {
                "model": "discuss.channel",
                "method": "livechat_reply_suggestions",
                "args": [[session.id]],
                "kwargs": {},
            },
        )
        self.assertIn("error", response.json())
        self.assertTrue(session.with_user(self.manager).livechat_reply_suggestions())

    def test_suggestions_are_cached_per_message(self):
        self.Snippet._cron_livechat_suggest_index()
        session = self.visitor_session("Can I get a refund for my tickets?", agent=self.agent)
        first = session.with_user(self.agent).livechat_reply_suggestions()
        self.assertIs(session.with_user(self.agent).livechat_reply_suggestions(), first)
        self.visitor_post(session, "Which camera works outdoors at night?")
        self.assertIsNot(session.with_user(self.agent).livechat_reply_suggestions(), first)

    def test_inserting_never_sends_and_counts_when_used(self):
        self.Snippet._cron_livechat_suggest_index()
        used = self.visitor_session("Can I get a refund for my tickets?", agent=self.agent)
        other = self.visitor_session("Can I get a refund for my tickets?", agent=self.agent)
        messages = self.env["mail.message"].search_count([("res_id", "=", used.id)])
        used.with_user(self.agent).livechat_note_suggestion_inserted()
        self.assertEqual(
            self.env["mail.message"].search_count([("res_id", "=", used.id)]),
            messages,
            "inserting sends nothing",
        )
        self.assertFalse(used.livechat_suggestion_used, "inserted, not sent yet")
        self.visitor_post(used, "Thanks")
        self.assertFalse(used.livechat_suggestion_used, "the visitor's message is no use")
        used.with_user(self.agent).message_post(
            body=REFUND, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        other.with_user(self.agent).message_post(
            body="Let me check.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(used.livechat_suggestion_used)
        self.assertFalse(other.livechat_suggestion_used)

        self.env.flush_all()
        rows = self.env["im_livechat.report.channel"].search_read(
            [("channel_id", "in", (used | other).ids)], ["channel_id", "suggestion_used"]
        )
        by_chat = {row["channel_id"][0]: row["suggestion_used"] for row in rows}
        self.assertEqual(by_chat, {used.id: 100.0, other.id: 0.0})
        groups = self.env["im_livechat.report.channel"].formatted_read_group(
            [("channel_id", "in", (used | other).ids)], [], ["suggestion_used:avg"]
        )
        self.assertEqual(groups[0]["suggestion_used:avg"], 50.0, "KPI: half the chats")

    # -- missing answers ------------------------------------------------------------------------
    def test_missing_answer_and_its_draft_awaiting_approval(self):
        self.Snippet._cron_livechat_suggest_index()
        Missing = self.env["livechat_iconic.missing.answer"]
        session = self.visitor_session(
            "Do you rent horses for a polo tournament?", agent=self.agent
        )
        result = session.with_user(self.agent).livechat_reply_suggestions()
        self.assertEqual(result["suggestions"], [], "no good match, nothing offered")
        missing = Missing.search([("channel_id", "=", session.id)])
        self.assertEqual(missing.question, "Do you rent horses for a polo tournament?")
        self.assertEqual(missing.queue_id, self.livechat_channel)

        # bounded: one per session
        self.visitor_post(session, "Or ponies for a children's party maybe?")
        session.with_user(self.agent).livechat_reply_suggestions()
        self.assertEqual(Missing.search_count([("channel_id", "=", session.id)]), 1)
        # "ok" is no question
        small = self.visitor_session("ok", agent=self.agent)
        small.with_user(self.agent).livechat_reply_suggestions()
        self.assertFalse(Missing.search([("channel_id", "=", small.id)]))

        # supervisors only
        with self.assertRaises(AccessError):
            Missing.with_user(self.agent).search([]).read(["question"])
        answer = "We do not rent horses, but our partner stable does: see their website."
        session.with_user(self.agent).message_post(
            body=answer, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        action = missing.with_user(self.manager).action_draft_canned_response()
        draft = missing.canned_response_id
        self.assertEqual(action["res_id"], draft.id)
        self.assertEqual(draft.state, "proposed", "goes through the existing approval")
        self.assertEqual(draft.substitution, answer, "drafted from the agent's answer")
        self.assertEqual(draft.source, "rent-horse-polo")
        # approved, it becomes a suggestion at the cron's next run
        draft.with_user(self.manager).action_livechat_approve()
        self.Snippet._cron_livechat_suggest_index()
        self.env["discuss.channel"]._livechat_suggest_clear_cache()
        later = self.visitor_session("Can I rent a horse for polo?", agent=self.agent)
        top = later.with_user(self.agent).livechat_reply_suggestions()["suggestions"][0]
        self.assertEqual(top["text"], answer)

    def test_erasing_the_visitor_erases_their_question_and_the_chat_answers(self):
        chat = self.past_chat()
        self.Snippet._cron_livechat_suggest_index()
        self.assertTrue(self.Snippet.search([("channel_id", "=", chat.id)]))
        session = self.visitor_session(
            "Do you rent horses for a polo tournament?", agent=self.agent
        )
        session.with_user(self.agent).livechat_reply_suggestions()
        Missing = self.env["livechat_iconic.missing.answer"]
        self.assertTrue(Missing.search([("channel_id", "=", session.id)]))
        (chat | session)._livechat_erase_personal_data()
        self.assertFalse(Missing.search([("channel_id", "=", session.id)]))
        self.assertFalse(self.Snippet.search([("channel_id", "=", chat.id)]))
        self.Snippet._cron_livechat_suggest_index()
        self.assertFalse(self.Snippet.search([("channel_id", "=", chat.id)]), "not again")
