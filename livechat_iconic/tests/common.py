from odoo import Command
from odoo.tests import HttpCase, freeze_time, new_test_user

AGENT_GROUPS = "base.group_user,im_livechat.im_livechat_group_user"
CHROME_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)


def message_params(channel, body):
    """The parameters of /mail/message/post for a comment ``body`` in ``channel``."""
    return {
        "thread_model": "discuss.channel",
        "thread_id": channel.id,
        "post_data": {"body": body, "message_type": "comment", "subtype_xmlid": "mail.mt_comment"},
    }


class LivechatIconicCase(HttpCase):
    """A queue whose agents are all offline, and helpers that act as the website visitor
    through the same HTTP routes the chat widget uses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env, login="iconic_alice", groups=AGENT_GROUPS, name="Alice Agent"
        )
        cls.agent_bob = new_test_user(
            cls.env, login="iconic_bob", groups=AGENT_GROUPS, name="Bob Agent"
        )
        cls.livechat_channel = cls.env["im_livechat.channel"].create(
            {"name": "Support", "user_ids": [Command.set((cls.agent | cls.agent_bob).ids)]}
        )
        cls.queue_partner = cls.env["discuss.channel"]._livechat_queue_partner()

    @classmethod
    def known_customer(cls, name):
        """A contact who chatted with an agent before: a known customer, whom the throttle
        lets through and whose notices are never folded into a digest."""
        customer = cls.env["res.partner"].create({"name": name})
        cls.env["discuss.channel"].create(
            {
                "name": "earlier chat",
                "channel_type": "livechat",
                "livechat_channel_id": cls.livechat_channel.id,
                "livechat_operator_id": cls.agent.partner_id.id,
                "channel_member_ids": [
                    Command.create({"partner_id": customer.id, "livechat_member_type": "visitor"}),
                    Command.create(
                        {"partner_id": cls.agent.partner_id.id, "livechat_member_type": "agent"}
                    ),
                ],
                "livechat_state": "closed",
            }
        )
        return customer

    def start_visitor_chat(self, question=None, headers=None, **params):
        """Start a chat as an anonymous visitor and post ``question``; returns the session."""
        data = self.make_jsonrpc_request(
            "/im_livechat/get_session",
            {"channel_id": self.livechat_channel.id, **params},
            headers={"User-Agent": CHROME_UA, **(headers or {})},
        )
        self.assertTrue(data, "the widget must get a session even with no agent online")
        channel = self.env["discuss.channel"].browse(data["channel_id"])
        if question:
            self.visitor_post(channel, question)
        return channel

    def visitor_session(
        self, question="Question", *, contact=None, agent=None, reply=None, leaves=False, **start
    ):
        """A visitor's session, built through the same routes and methods as for real, as
        far as asked: an anonymous visitor starts a chat and asks ``question`` (``start``:
        the arguments of ``start_visitor_chat``), leaves ``contact`` details (``email``,
        ``phone``, ``name``), ``agent`` takes the chat and writes ``reply``, and the
        visitor closes the chat when ``leaves``."""
        channel = self.start_visitor_chat(question, **start)
        if contact:
            self.visitor_gives_contact(channel, **contact)
        if agent:
            channel.with_user(agent).action_livechat_take()
            if reply:
                channel.with_user(agent).message_post(
                    body=reply, message_type="comment", subtype_xmlid="mail.mt_comment"
                )
        if leaves:
            self.visitor_leaves(channel)
        return channel

    def announced_visitor(self, when, name="Visitor", queue=None):
        """A visitor who wrote and waits IN QUEUE since ``when`` (a guest), announced as
        their first message announces them."""
        guest = self.env["mail.guest"].create({"name": name})
        with freeze_time(when):
            session = self.env["discuss.channel"].create(
                {
                    "name": name,
                    "channel_type": "livechat",
                    "livechat_channel_id": (queue or self.livechat_channel).id,
                    "livechat_operator_id": self.queue_partner.id,
                    "channel_member_ids": [
                        Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                    ],
                    "livechat_held": True,
                }
            )
            session._livechat_announce()
        return session

    def visitor_gives_contact(self, channel, **contact):
        """The visitor leaves their details (``email``, ``phone``, ``name``) in the widget."""
        result = self.make_jsonrpc_request(
            "/livechat_iconic/visitor_contact", {"channel_id": channel.id, **contact}
        )
        self.assertEqual(result, {"ok": True})
        channel.invalidate_recordset()

    def visitor_leaves(self, channel):
        """The visitor closes the chat in the widget."""
        self.make_jsonrpc_request("/im_livechat/visitor_leave_session", {"channel_id": channel.id})
        channel.invalidate_recordset()

    def post_jsonrpc(self, route, params):
        """POST a JSON-RPC call as the widget does; returns the raw HTTP response (errors
        included, which ``make_jsonrpc_request`` would raise)."""
        body = {"jsonrpc": "2.0", "id": 7, "method": "call", "params": params}
        return self.opener.post(self.base_url() + route, json=body, timeout=12)

    def post_message(self, channel, body):
        """POST ``body`` into ``channel`` as the chat window does, as whoever the opener
        is; returns the raw HTTP response."""
        return self.post_jsonrpc("/mail/message/post", message_params(channel, body))

    def visitor_post(self, channel, body):
        self.make_jsonrpc_request("/mail/message/post", message_params(channel, body))
        channel.invalidate_recordset()

    def visitor_opens_page(self, url):
        """The visitor opens ``url``: the website widget initialises there (read/write)."""
        return self.make_jsonrpc_request(
            "/mail/action",
            {"fetch_params": [["init_livechat", self.livechat_channel.id]]},
            headers={"Referer": url},
        )

    def visitor_connection_closes(self, guest):
        """The visitor's websocket closes: what Odoo's bus does (mail's ir.websocket)."""
        self.env["ir.websocket"].with_user(self.env.ref("base.public_user"))._on_websocket_closed(
            {self.env["mail.guest"]._cookie_name: guest._format_auth_cookie()}
        )
