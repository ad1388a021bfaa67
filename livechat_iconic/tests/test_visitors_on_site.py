import uuid
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LivechatIconicCase

NOW = datetime(2026, 3, 2, 15, 0, 0)


@tagged("post_install", "-at_install")
class TestVisitorsOnSite(LivechatIconicCase):
    """Live Chat > Visitors on the Site: who is browsing, on which page, for how long,
    from where, and whether an agent already invited them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].get_current_website()
        cls.website.channel_id = cls.livechat_channel
        cls.belgium = cls.env.ref("base.be")

    def _visitor(self, token, *, views=(), country=None):
        """A visitor whose page views (``(minutes before NOW, url)``) are tracked as Odoo's
        website tracks them; the last one is their last connection."""
        Visitor = self.env["website.visitor"]
        last = max((NOW - timedelta(minutes=ago) for ago, _url in views), default=NOW)
        visitor = Visitor.create(
            {
                "access_token": uuid.uuid5(uuid.NAMESPACE_OID, token).hex,
                "website_id": self.website.id,
                "country_id": country and country.id,
                "last_connection_datetime": last,
            }
        )
        self.env["website.track"].create(
            [
                {
                    "visitor_id": visitor.id,
                    "url": url,
                    "visit_datetime": NOW - timedelta(minutes=ago),
                }
                for ago, url in sorted(views, reverse=True)
            ]
        )
        return visitor

    def _action_domain(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "livechat_iconic.website_visitor_action_on_site"
        )
        self.assertEqual(action["context"], "{'search_default_filter_connected': 1}")
        return action

    @freeze_time(NOW)
    def test_view_fields(self):
        visitor = self._visitor(
            "a1",
            views=[(600, "/old-visit"), (42, "/shop"), (12, "/shop/cart"), (2, "/contactus")],
            country=self.belgium,
        )
        visitor = visitor.with_user(self.agent)
        self.assertEqual(visitor.livechat_current_url, "/contactus")
        self.assertEqual(visitor.livechat_current_page, "/contactus")
        # the visit 10 hours ago is an earlier visit: this one began 42 minutes ago
        self.assertEqual(visitor.livechat_visit_start_dt, NOW - timedelta(minutes=42))
        self.assertEqual(visitor.livechat_time_on_site, 40 * 60)
        self.assertEqual(visitor.country_id, self.belgium)
        self.assertTrue(visitor.country_flag)
        self.assertFalse(visitor.livechat_invited_by_id)
        untracked = self._visitor("a2").with_user(self.agent)
        self.assertEqual(untracked.livechat_time_on_site, 0)
        self.assertFalse(untracked.livechat_current_page)

    @freeze_time(NOW)
    def test_connected_filter_and_invitation_filters(self):
        here = self._visitor("b1", views=[(3, "/")])
        gone = self._visitor("b2", views=[(30, "/")])
        invited = self._visitor("b3", views=[(1, "/pricing")])
        invited.with_user(self.agent).action_livechat_invite()
        Visitor = self.env["website.visitor"].with_user(self.agent_bob)
        scope = [("id", "in", (here | gone | invited).ids)]
        connected = [("last_connection_datetime", ">=", "now -5M")]
        self.assertEqual(Visitor.search(scope + connected), here | invited)
        self.assertEqual(
            invited.with_user(self.agent_bob).livechat_invited_by_id, self.agent.partner_id
        )
        self.assertEqual(
            Visitor.search(scope + [("livechat_invited_by_id", "=", False)]), here | gone
        )
        mine = [("livechat_invited_by_id.user_ids", "in", [self.agent.id])]
        self.assertEqual(Visitor.search(scope + mine), invited)
        self.assertFalse(
            Visitor.with_user(self.agent_bob).search(
                scope + [("livechat_invited_by_id.user_ids", "in", [self.agent_bob.id])]
            )
        )

    @freeze_time(NOW)
    def test_invite_from_the_view_and_a_second_agent_refused(self):
        visitor = self._visitor("c1", views=[(4, "/shop")])
        visitor.with_user(self.agent).action_livechat_invite()
        channel = visitor.discuss_channel_ids
        self.assertEqual(channel.livechat_state, "invited")
        self.assertEqual(
            visitor.with_user(self.agent_bob).livechat_invited_by_id, self.agent.partner_id
        )
        with self.assertRaisesRegex(UserError, "Alice Agent invited this visitor"):
            visitor.with_user(self.agent_bob).action_livechat_invite()
        # the first lets go: nobody's invitation is pending, Bob may invite
        channel.with_user(self.agent).action_livechat_release()
        visitor.invalidate_recordset()
        self.assertFalse(visitor.with_user(self.agent_bob).livechat_invited_by_id)
        visitor.with_user(self.agent_bob).action_livechat_invite()
        visitor.invalidate_recordset()
        self.assertEqual(visitor.livechat_invited_by_id, self.agent_bob.partner_id)

    @freeze_time(NOW)
    def test_a_visitor_who_left_is_not_invited(self):
        gone = self._visitor("d1", views=[(30, "/shop")])
        with self.assertRaisesRegex(UserError, "has left the website"):
            gone.with_user(self.agent).action_livechat_invite()
        self.assertFalse(gone.discuss_channel_ids)

    def _list_read(self, visitors):
        """What the list view reads, as the agent."""
        view = self.env.ref("livechat_iconic.website_visitor_view_list_on_site")
        Visitor = self.env["website.visitor"].with_user(self.agent)
        specification = {
            name: {"fields": {"display_name": {}}}
            if Visitor._fields[name].type == "many2one"
            else {}
            for name in Visitor.get_views([(view.id, "list")])["models"]["website.visitor"][
                "fields"
            ]
        }
        self.env.invalidate_all()
        return Visitor.web_search_read([("id", "in", visitors.ids)], specification, limit=500)

    @freeze_time(NOW)
    def test_list_query_count_does_not_grow(self):
        def build(prefix, count):
            visitors = self.env["website.visitor"]
            for index in range(count):
                visitors |= self._visitor(
                    f"{prefix}{index}",
                    views=[(20, "/shop"), (2, f"/page-{index}")],
                    country=self.belgium,
                )
            for visitor in visitors[:2]:
                visitor.with_user(self.agent).action_livechat_invite()
            return visitors

        few, many = build("q", 10), build("r", 200)
        self._list_read(few)  # warm the caches (views, access rules)
        self.env.flush_all()
        before = self.cr.sql_log_count
        self.assertEqual(self._list_read(few)["length"], 10)
        queries_for_10 = self.cr.sql_log_count - before
        with self.assertQueryCount(queries_for_10):
            self.assertEqual(self._list_read(many)["length"], 200)


@tagged("post_install", "-at_install")
class TestVisitorsOnSiteTour(LivechatIconicCase):
    def test_agent_invites_from_the_view(self):
        website = self.env["website"].get_current_website()
        website.channel_id = self.livechat_channel
        # Same page as livechat_iconic/static/tests/tours/livechat_iconic_visitors_on_site_tour.js
        visitor = self.env["website.visitor"].create(
            {
                "access_token": uuid.uuid5(uuid.NAMESPACE_OID, "tour").hex,
                "website_id": website.id,
                "country_id": self.env.ref("base.be").id,
            }
        )
        self.env["website.track"].create({"visitor_id": visitor.id, "url": "/shop/iconic-cart"})
        self.start_tour(
            "/odoo/livechat-visitors", "livechat_iconic_visitors_on_site", login="iconic_alice"
        )
        channel = visitor.discuss_channel_ids
        self.assertEqual(channel.livechat_state, "invited")
        self.assertEqual(channel.livechat_operator_id, self.agent.partner_id)
