from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import LivechatIconicCase


@tagged("post_install", "-at_install")
class TestVisitorIdentity(LivechatIconicCase):
    """A typed e-mail is a claim: nobody's record is written on a stranger's word."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Vera Valued", "email": "vera@customer.example", "phone": "+3225550199"}
        )

    def _impostor_chat(self, email, **steps):
        return self.visitor_session(
            "Change my delivery address please", contact={"email": email}, **steps
        )

    def test_claim_is_shown_not_linked(self):
        channel = self._impostor_chat("vera@customer.example")
        self.assertFalse(channel.livechat_partner_id)
        self.assertEqual(channel.livechat_visitor_name, "Guest", "the board shows no name")
        self.assertEqual(
            channel.with_user(self.agent).livechat_contact_claim,
            "says: vera@customer.example — matches contact Vera Valued, not confirmed",
        )

    def test_unconfirmed_match_leaves_an_activity_and_writes_nothing(self):
        messages_before = len(self.customer.message_ids)
        partners_before = self.env["res.partner"].search_count([])
        channel = self._impostor_chat("vera@customer.example", agent=self.agent, leaves=True)
        self.assertEqual(channel.livechat_state, "closed")
        self.assertFalse(channel.livechat_history_note_id)
        self.assertEqual(len(self.customer.message_ids), messages_before, "no note on Vera")
        self.assertEqual(
            self.env["res.partner"].search_count([]), partners_before, "no new contact"
        )
        activity = self.customer.activity_ids
        self.assertEqual(activity.summary, "Confirm who this visitor is")
        self.assertEqual(activity.user_id, self.agent)
        # the agent confirms with one click: the note follows, the to-do is done
        channel.with_user(self.agent).action_livechat_confirm_contact()
        self.assertEqual(channel.livechat_partner_id, self.customer)
        self.assertEqual(channel.livechat_history_note_id.res_id, self.customer.id)
        self.assertFalse(self.customer.activity_ids)

    def test_confirm_during_the_chat_links_it(self):
        channel = self._impostor_chat("vera@customer.example")
        channel.with_user(self.agent).action_livechat_confirm_contact()
        self.assertEqual(channel.livechat_partner_id, self.customer)
        self.assertEqual(channel.livechat_visitor_name, "Vera Valued")
        self.assertIn(
            "confirmed as Vera Valued", channel.with_user(self.agent).livechat_contact_claim
        )

    def test_employee_address_is_never_suggested(self):
        new_test_user(
            self.env, login="iconic_admin2", groups="base.group_user", email="boss@company.example"
        )
        channel = self._impostor_chat("boss@company.example")
        self.assertFalse(channel.livechat_suggested_partner_id)
        self.assertFalse(channel.livechat_partner_id)

    def test_contact_of_another_company_is_never_suggested(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        self.env["res.partner"].create(
            {"name": "Otto Other", "email": "otto@other.example", "company_id": other.id}
        )
        channel = self._impostor_chat("otto@other.example")
        self.assertFalse(channel.livechat_suggested_partner_id)

    def test_visitor_who_matches_nobody_still_becomes_a_contact(self):
        channel = self._impostor_chat("newbie@fresh.example", agent=self.agent, leaves=True)
        partner = channel.livechat_partner_id
        self.assertEqual(partner.email, "newbie@fresh.example")
        self.assertEqual(channel.livechat_history_note_id.res_id, partner.id)

    def test_only_agents_confirm(self):
        channel = self._impostor_chat("vera@customer.example")
        portal = new_test_user(self.env, login="iconic_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            channel.with_user(portal).action_livechat_confirm_contact()
        self.assertFalse(channel.livechat_partner_id)
