from markupsafe import escape

from odoo.tests import tagged

from .common import LivechatIconicCase


@tagged("post_install", "-at_install")
class TestEndOfChat(LivechatIconicCase):
    """History notes and new contacts when a chat ends."""

    def _chat_and_close(self, question, contact=None):
        channel = self.visitor_session(
            question, contact=contact, agent=self.agent, reply="Glad to help", leaves=True
        )
        self.assertEqual(channel.livechat_state, "closed")
        return channel

    def test_confirmed_contact_gets_a_history_note(self):
        customer = self.env["res.partner"].create(
            {"name": "Erik Existing", "email": "erik@example.com"}
        )
        channel = self._chat_and_close("Can I upgrade my plan?", {"email": "erik@example.com"})
        self.assertFalse(channel.livechat_history_note_id, "nothing written before confirming")
        channel.with_user(self.agent).action_livechat_confirm_contact()
        note = channel.livechat_history_note_id
        self.assertEqual(note.model, "res.partner")
        self.assertEqual(note.res_id, customer.id)
        self.assertTrue(note.subtype_id.internal, "the history note is internal")
        for text in (
            "A live chat took place",
            "Can I upgrade my plan?",
            "Alice Agent",
            f"/odoo/action-im_livechat.discuss_channel_action/{channel.id}",
        ):
            self.assertIn(text, note.body)
        self.assertEqual(
            self.env["res.partner"].search_count([("email", "=", "erik@example.com")]),
            1,
            "no duplicate contact",
        )

    def test_visitor_text_stays_text_in_the_note_and_the_transcript(self):
        question = 'Is <b>this</b> safe? <script>alert("x")</script>'
        # the widget sends what the visitor typed as escaped HTML
        channel = self._chat_and_close(escape(question), {"phone": "+32 2 555 01 03"})
        self.assertEqual(channel.livechat_question, question)
        note = channel.livechat_history_note_id.body
        transcript = channel.with_user(self.agent).livechat_transcript
        for html in (note, transcript):
            self.assertIn("Is &lt;b&gt;this&lt;/b&gt; safe? &lt;script&gt;alert(", html)
            self.assertNotIn("<b>this", html)
            self.assertNotIn("<script", html)
        self.assertIn("<li>Question: Is &lt;b&gt;this&lt;/b&gt;", note)
        self.assertIn("<b>Alice Agent</b> Glad to help</p>", transcript)

    def test_guest_with_phone_becomes_a_contact(self):
        before = self.env["res.partner"].search_count([])
        channel = self._chat_and_close(
            "Price for 40 trackers?", {"phone": "+32 2 555 01 01", "name": "Nina New"}
        )
        self.assertEqual(self.env["res.partner"].search_count([]), before + 1)
        partner = channel.livechat_partner_id
        self.assertEqual((partner.name, partner.phone), ("Nina New", "+3225550101"))
        self.assertIn("Price for 40 trackers?", partner.message_ids[0].body)

    def test_guest_who_left_nothing_gets_no_contact_but_the_transcript_stays(self):
        before = self.env["res.partner"].search_count([])
        channel = self._chat_and_close("Just looking, thanks")
        self.assertEqual(self.env["res.partner"].search_count([]), before)
        self.assertFalse(channel.livechat_history_note_id)
        # the transcript is saved and can be found by its question
        found = (
            self.env["discuss.channel"]
            .with_user(self.agent)
            .search([("livechat_question", "ilike", "just looking")])
        )
        self.assertEqual(found, channel)
        self.assertIn("Just looking, thanks", channel.with_user(self.agent)._get_channel_history())

    def test_email_given_to_the_bot_suggests_the_contact(self):
        customer = self.env["res.partner"].create({"name": "Bea Bot", "email": "bea@example.com"})
        script = self.env["chatbot.script"].create({"title": "Helper bot"})
        step = self.env["chatbot.script.step"].create(
            {"chatbot_script_id": script.id, "step_type": "question_email", "message": "E-mail?"}
        )
        channel = self.start_visitor_chat("Question")
        step._process_answer(channel, "<p>Bea@Example.com</p>")
        channel.invalidate_recordset()
        self.assertFalse(channel.livechat_partner_id, "what the bot hears is a claim")
        self.assertEqual(channel.livechat_suggested_partner_id, customer)
        self.assertEqual(channel.livechat_visitor_email, "bea@example.com")
        phone_step = step.copy({"step_type": "question_phone", "message": "Phone?"})
        phone_step._process_answer(channel, "<p>not a phone</p>")
        self.assertFalse(channel.livechat_visitor_phone, "an invalid phone is not kept")
