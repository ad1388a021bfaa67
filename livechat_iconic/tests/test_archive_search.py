from lxml import etree

from odoo import Command
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import LivechatIconicCase


@tagged("post_install", "-at_install")
class TestArchiveSearch(LivechatIconicCase):
    """The archive finds sessions by a word in any message, tag, visitor, agent, queue,
    outcome and date, from the sessions' search view, and opens the transcript."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales = cls.env["im_livechat.channel"].create(
            {"name": "Sales Archive", "user_ids": [Command.set(cls.agent_bob.ids)]}
        )
        Tag = cls.env["im_livechat.conversation.tag"]
        cls.tag_hardware = Tag.create({"name": "Hardware (archive test)"})
        cls.tag_pricing = Tag.create({"name": "Pricing (archive test)"})

    def _set_date(self, channel, date):
        self.env.cr.execute(
            "UPDATE discuss_channel SET create_date = %s WHERE id = %s", (date, channel.id)
        )
        channel.invalidate_recordset(["create_date"])

    def _build(self):
        """Three sessions: answered by Alice (Support), taken by Bob and never answered
        (Sales), and never taken (Support)."""
        answered = self.visitor_session(
            "My truck tracker shows no position",
            contact={"name": "Ann Archivist"},
            agent=self.agent,
            reply="Please restart the zebrafish unit",
        )
        unanswered = self.visitor_session(
            "Price of the fuel sensor?",
            contact={"name": "Bert Buyer"},
            agent=self.agent_bob,
            channel_id=self.sales.id,
        )
        waiting = self.visitor_session("Is anybody there?", contact={"name": "Cleo Caller"})
        # Odoo counts the agent's "joined" notice as an answer: set the outcome by hand
        unanswered.livechat_failure = "no_answer"
        answered.livechat_conversation_tag_ids = self.tag_hardware
        unanswered.livechat_conversation_tag_ids = self.tag_pricing | self.tag_hardware
        self._set_date(answered, "2020-03-10 10:00:00")
        self._set_date(unanswered, "2020-03-20 10:00:00")
        self._set_date(waiting, "2020-04-05 10:00:00")
        self.env.flush_all()
        return answered, unanswered, waiting

    def _search(self, domain, among):
        Channel = self.env["discuss.channel"].with_user(self.agent)
        return Channel.search(domain + [("id", "in", among.ids)])

    def _view_filter_domain(self, name):
        arch = (
            self.env["discuss.channel"]
            .with_user(self.agent)
            .get_views([[self.env.ref("im_livechat.discuss_channel_view_search").id, "search"]])[
                "views"
            ]["search"]["arch"]
        )
        (node,) = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("domain"))

    def test_each_criterion(self):
        answered, unanswered, waiting = self._build()
        sessions = answered | unanswered | waiting
        self.assertEqual(answered.livechat_outcome, "no_failure")
        self.assertEqual(unanswered.livechat_outcome, "no_answer")
        self.assertEqual(waiting.livechat_outcome, "no_agent")
        cases = {
            "word in the agent's message": (
                [("livechat_message_search", "ilike", "ZEBRAFISH")],
                answered,
            ),
            "word in the visitor's message": (
                [("livechat_message_search", "ilike", "fuel sensor")],
                unanswered,
            ),
            "no message has the word": ([("livechat_message_search", "ilike", "quokka")], None),
            "a wildcard is a letter": ([("livechat_message_search", "ilike", "tr%ck")], None),
            "tag": (
                [("livechat_conversation_tag_ids", "in", self.tag_hardware.ids)],
                answered | unanswered,
            ),
            "tag by name": ([("livechat_conversation_tag_ids", "ilike", "Pricing")], unanswered),
            "visitor": ([("livechat_visitor_name", "ilike", "cleo")], waiting),
            "agent": ([("livechat_agent_partner_ids", "ilike", "Bob Agent")], unanswered),
            "queue": ([("livechat_channel_id", "=", self.livechat_channel.id)], answered | waiting),
            "date range": (
                [("create_date", ">=", "2020-03-15"), ("create_date", "<", "2020-04-10")],
                unanswered | waiting,
            ),
        }
        for outcome, expected in (
            ("success", answered),
            ("no_answer", unanswered),
            ("no_agent", waiting),
            ("escalated", None),
        ):
            cases[f"outcome {outcome}"] = (
                self._view_filter_domain(f"filter_outcome_{outcome}"),
                expected,
            )
        for label, (domain, expected) in cases.items():
            with self.subTest(label):
                self.assertEqual(self._search(domain, sessions), expected or sessions.browse())
        # the criteria combine, and a word in a message is one query whatever the sessions
        with self.assertQueryCount(1):
            found = (
                self.env["discuss.channel"]
                .with_user(self.agent)
                ._search(
                    [("livechat_message_search", "ilike", "restart"), ("id", "in", sessions.ids)]
                )
            )
            self.assertEqual(list(found), answered.ids)

    def test_archive_opens_the_transcript(self):
        channel = self.visitor_session("Where is my parcel?", agent=self.agent, reply="On its way")
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.agent)
            ._for_xml_id("livechat_iconic.discuss_channel_action_archive")
        )
        self.assertEqual(
            action["search_view_id"][0], self.env.ref("im_livechat.discuss_channel_view_search").id
        )
        form_view = dict((mode, view) for view, mode in action["views"])["form"]
        self.assertEqual(
            form_view, self.env.ref("livechat_iconic.discuss_channel_view_form_transcript").id
        )
        Channel = self.env["discuss.channel"].with_user(self.agent_bob)
        views = Channel.get_views(action["views"] + [[action["search_view_id"][0], "search"]])
        self.assertIn("livechat_message_search", views["views"]["search"]["arch"])
        found = Channel.search(
            safe_eval(action["domain"]) + [("livechat_message_search", "ilike", "parcel")]
        )
        self.assertIn(channel, found, "an agent who did not take the chat finds it too")
        transcript = found.filtered(lambda c: c == channel).read(["livechat_transcript"])[0]
        self.assertIn("On its way", str(transcript["livechat_transcript"]))
        menu = self.env.ref("livechat_iconic.discuss_channel_menu_archive")
        self.assertIn(self.env.ref("im_livechat.im_livechat_group_user"), menu.group_ids)
