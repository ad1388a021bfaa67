from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import LivechatIconicCase


@tagged("post_install", "-at_install")
class TestRatingFollowUp(LivechatIconicCase):
    """The visitor's emoticon rating (Odoo's feedback route): an unhappy one gives the
    queue's supervisor one To-Do with the transcript's link; the board shows ratings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = new_test_user(
            cls.env,
            login="iconic_rating_supervisor",
            groups="base.group_user,im_livechat.im_livechat_group_manager",
            name="Sam Supervisor",
        )
        cls.livechat_channel.livechat_supervisor_ids = [Command.set(cls.supervisor.ids)]

    def rate(self, channel, rate, reason=None):
        """The visitor rates in the widget, as Odoo's widget does."""
        rating_id = self.make_jsonrpc_request(
            "/im_livechat/feedback", {"channel_id": channel.id, "rate": rate, "reason": reason}
        )
        self.assertTrue(rating_id)
        channel.invalidate_recordset()
        return rating_id

    def activities(self, channel):
        return self.env["mail.activity"].search(
            [("summary", "=like", "Unhappy live chat rating%"), ("note", "like", f'/{channel.id}"')]
        )

    def test_unhappy_rating_gives_the_supervisor_one_activity_with_the_link(self):
        channel = self.visitor_session("My parcel?", agent=self.agent, reply="Hello")
        rating_id = self.rate(channel, 1, reason="<b>Too slow</b> & rude")
        activity = self.activities(channel)
        self.assertEqual(activity.user_id, self.supervisor)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        self.assertIn(f'href="/odoo/livechat-archive/{channel.id}"', activity.note)
        self.assertIn("Alice Agent", activity.note)
        # the visitor's words are text, not markup
        self.assertIn("&lt;b&gt;Too slow&lt;/b&gt; &amp; rude", activity.note)
        self.assertNotIn("<b>Too slow", activity.note)
        self.assertTrue(channel.livechat_bad_rating_followed)
        # rated again (unhappy again, then happy, then unhappy): still one activity. (Odoo's
        # feedback route cannot rewrite a guest's rating: it reads rating_ids without sudo)
        rating = self.env["rating.rating"].browse(rating_id)
        for rate in (1, 5, 1):
            rating.write({"rating": rate, "feedback": "again"})
        self.assertEqual(len(self.activities(channel)), 1)

    def test_happy_and_neutral_ratings_give_no_activity(self):
        for rate in (5, 3):
            channel = self.visitor_session("Question", agent=self.agent, reply="Hi")
            self.rate(channel, rate)
            self.assertFalse(self.activities(channel))
            self.assertFalse(channel.livechat_bad_rating_followed)
            self.assertEqual(channel.rating_last_value, rate)

    def test_queue_without_supervisors_tells_every_live_chat_manager(self):
        self.livechat_channel.livechat_supervisor_ids = [Command.clear()]
        channel = self.visitor_session("Question", agent=self.agent, reply="Hi")
        self.rate(channel, 1)
        managers = self.livechat_channel._livechat_supervisors()
        self.assertIn(self.supervisor, managers)
        self.assertEqual(self.activities(channel).user_id, managers)

    def test_board_card_shows_the_rating(self):
        channel = self.visitor_session("Question", agent=self.agent, reply="Hi", leaves=True)
        self.rate(channel, 1, reason="meh")
        board = self.env.ref("livechat_iconic.discuss_channel_view_kanban_board")
        arch = self.env["discuss.channel"].with_user(self.agent).get_views([(board.id, "kanban")])
        view = arch["views"]["kanban"]["arch"]
        self.assertIn("o_livechat_iconic_rating", view)
        self.assertIn("rating_last_value", view)
        self.assertEqual(channel.with_user(self.agent).rating_last_value, 1)
        self.assertEqual(channel.with_user(self.agent).rating_last_feedback, "meh")
