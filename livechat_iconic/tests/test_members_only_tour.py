from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import LivechatIconicCase

# Same text as livechat_iconic/static/tests/tours/livechat_iconic_tours.js
VISITOR_QUESTION = "Do you ship the blue kayak to Oslo?"


@tagged("post_install", "-at_install")
class TestMembersOnlyTour(LivechatIconicCase):
    """In a real browser, on the website: the chat is for signed-in "Master Techs" only.
    A Master Tech chats; a guest and a signed-in customer who is not one get no button,
    and a chat their widget starts anyway is refused with the reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("website.default_website").channel_id = cls.livechat_channel
        portal = "base.group_portal"
        cls.master = new_test_user(cls.env, login="iconic_master", groups=portal, name="Mia")
        cls.customer = new_test_user(cls.env, login="iconic_cust", groups=portal, name="Cleo")
        master_techs = cls.env["res.groups"].create(
            {"name": "Master Techs", "user_ids": [Command.link(cls.master.id)]}
        )
        cls.env["im_livechat.channel.rule"].create(
            {
                "channel_id": cls.livechat_channel.id,
                "livechat_audience": "signed_in",
                "livechat_group_ids": [Command.link(master_techs.id)],
            }
        )

    def sessions(self):
        return self.env["discuss.channel"].search(
            [("livechat_channel_id", "=", self.livechat_channel.id)]
        )

    def test_a_master_tech_chats(self):
        self.start_tour("/", "livechat_iconic_members_only_member", login="iconic_master")
        session = self.sessions()
        self.assertEqual(len(session), 1)
        self.assertEqual(session.livechat_partner_id, self.master.partner_id)
        self.assertEqual(session.livechat_question, VISITOR_QUESTION)

    def test_a_guest_is_refused(self):
        self.start_tour("/", "livechat_iconic_members_only_guest")
        self.assertFalse(self.sessions())

    def test_a_customer_who_is_no_master_tech_is_refused(self):
        self.start_tour("/", "livechat_iconic_members_only_not_member", login="iconic_cust")
        self.assertFalse(self.sessions())
