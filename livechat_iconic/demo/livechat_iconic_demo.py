"""Demo data of the live chat: a session in every state of the life cycle.

Loaded by ``demo/livechat_iconic_demo.xml``. Each session is created the way Odoo
creates a visitor's session and moved to its state through the real methods
(``action_livechat_take``, ``_livechat_set_state``), never by writing the state.
The builder is a model of its own, so that the session model holds no demo code.
"""

from odoo import Command, api, models

from ..lib import user_agent

#: (state, name given or "Guest", first question, IP, User-Agent, (city, region, country xmlid))
DEMO_VISITORS = [
    (
        "in_queue",
        "Anna Lindqvist",
        "Do you still have tickets for Saturday's show?",
        "89.160.20.112",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        ("Linköping", "Östergötland", "base.se"),
    ),
    (
        "waiting",
        "Guest",
        "My tracker stopped reporting fuel levels.",
        "81.2.69.160",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.1 Safari/605.1.15",
        ("London", "England", "base.uk"),
    ),
    (
        "chatting",
        "Guest",
        "Which camera works outdoors at night?",
        "216.160.83.56",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
        "like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        ("Milton", "Washington", "base.us"),
    ),
    (
        "closed",
        "Guest",
        "Can I change my delivery address?",
        "81.2.69.142",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        ("London", "England", "base.uk"),
    ),
    (
        "left",
        "Guest",
        "Do you ship reagents to Norway?",
        "89.160.20.128",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
        ("Linköping", "Östergötland", "base.se"),
    ),
    (
        "invited",
        "Guest",
        False,
        "216.160.83.61",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36",
        ("Milton", "Washington", "base.us"),
    ),
]


class LivechatIconicDemo(models.AbstractModel):
    _name = "livechat_iconic.demo"
    _description = "Iconic Live Chat Demo Data"

    @api.model
    def _configure_helpdesk(self):
        """The demo queue hands what it cannot chat about to a help-desk team (OCA
        helpdesk_mgmt) that takes sales enquiries and technical questions: its message
        form, "Send as a message instead" and missed chats become that team's tickets."""
        queue = self.env.ref("im_livechat.im_livechat_channel_data")
        team = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Live Chat Desk",
                "user_ids": [Command.set(queue.user_ids.ids)],
                "user_id": self.env.ref("base.user_admin").id,
                "type_ids": [
                    Command.set(
                        [
                            self.env.ref("livechat_iconic.helpdesk_ticket_type_sales").id,
                            self.env.ref("livechat_iconic.helpdesk_ticket_type_technical").id,
                        ]
                    )
                ],
            }
        )
        queue.write(
            {
                "helpdesk_team_id": team.id,
                "livechat_outside_hours_text": "We chat Monday to Friday, 8:00 to 17:00. "
                "Leave us a message and we will answer by e-mail.",
            }
        )

    @api.model
    def _configure_topics(self):
        """The website's widget offers topics before the chat starts: Sales goes to a Sales
        queue (the administrator; when nobody is there, back to the website's queue),
        Support and Bookings stay in the website's queue."""
        queue = self.env.ref("im_livechat.im_livechat_channel_data")
        sales = self.env["im_livechat.channel"].create(
            {
                "name": "Sales",
                "user_ids": [Command.set(self.env.ref("base.user_admin").ids)],
                "livechat_fallback_channel_id": queue.id,
            }
        )
        self.env["livechat_iconic.topic"].create(
            [
                {
                    "name": name,
                    "sequence": seq,
                    "channel_id": queue.id,
                    "target_channel_id": target.id,
                }
                for seq, (name, target) in enumerate(
                    (("Sales", sales), ("Support", queue), ("Bookings", queue))
                )
            ]
        )

    @api.model
    def _create_sessions(self):
        """One session per state, each moved there through the real transitions; then a
        session in LOADING, where the Welcome Bot greets the visitor."""
        for visitor in DEMO_VISITORS:
            self._create_visitor_session(*visitor)
        self._create_bot_session()

    @api.model
    def _create_visitor_session(self, state, name, question, ip, agent_string, place):
        Channel = self.env["discuss.channel"]
        queue_channel = self.env.ref("im_livechat.im_livechat_channel_data")
        admin = self.env.ref("base.user_admin")
        public = self.env.ref("base.public_user")
        city, region, country = place
        guest = self.env["mail.guest"].create({"name": name if name != "Guest" else "Visitor"})
        parsed = user_agent.parse_user_agent(agent_string)
        # sudo: created as Odoo creates a visitor's session, by the public user in sudo
        channel = (
            Channel.with_user(public)
            .sudo()
            .create(
                {
                    "name": f"{name} {queue_channel.name}",
                    "channel_type": "livechat",
                    "livechat_channel_id": queue_channel.id,
                    "livechat_operator_id": (
                        admin.partner_id
                        if state in ("waiting", "invited")
                        else Channel._livechat_queue_partner()
                    ).id,
                    "is_pending_chat_request": state == "invited",
                    "channel_member_ids": [
                        Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"})
                    ],
                    "livechat_guest_name": name if name != "Guest" else False,
                    "livechat_ip": ip,
                    "livechat_city": city,
                    "livechat_region": region,
                    "country_id": self.env.ref(country).id,
                    "livechat_user_agent": agent_string,
                    "livechat_browser": parsed.browser,
                    "livechat_os": parsed.os,
                    "livechat_device": parsed.device,
                    "livechat_page_url": "/shop",
                }
            )
        )
        if question:
            # sudo: posted the way /mail/message/post does for the visitor, as the public
            # user's guest once the guest's membership is known
            channel.with_user(public).sudo().with_context(guest=guest).message_post(
                body=question, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        if state in ("chatting", "closed", "left"):
            channel.with_user(admin).action_livechat_take()
            channel.with_user(admin).message_post(
                body=self.env._("Hello! Let me check that for you."),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        if state in ("closed", "left"):
            channel._livechat_set_state(state)
        else:
            # the demo visitors are "online", or the presence watch would see them leave
            self.env["mail.presence"]._update_presence(guest)
        return channel

    @api.model
    def _create_bot_session(self):
        """LOADING: a bot greets the visitor, who answers its first question, before any
        human is needed (a session is shown to the agents once its visitor wrote)."""
        Channel = self.env["discuss.channel"]
        bot = self.env.ref("im_livechat.chatbot_script_welcome_bot", raise_if_not_found=False)
        if not bot:
            return Channel
        queue_channel = self.env.ref("im_livechat.im_livechat_channel_data")
        public = self.env.ref("base.public_user")
        guest = self.env["mail.guest"].create({"name": "Visitor"})
        # sudo: created as Odoo creates a visitor's session, by the public user in sudo
        channel = (
            Channel.with_user(public)
            .sudo()
            .create(
                {
                    "name": bot.title,
                    "channel_type": "livechat",
                    "livechat_channel_id": queue_channel.id,
                    "livechat_operator_id": bot.operator_partner_id.id,
                    "chatbot_current_step_id": bot._get_welcome_steps()[-1:].id,
                    "channel_member_ids": [
                        Command.create({"guest_id": guest.id, "livechat_member_type": "visitor"}),
                        Command.create(
                            {
                                "partner_id": bot.operator_partner_id.id,
                                "livechat_member_type": "bot",
                            }
                        ),
                    ],
                    "livechat_ip": "81.2.69.160",
                    "livechat_city": "London",
                    "livechat_region": "England",
                    "country_id": self.env.ref("base.uk").id,
                    "livechat_page_url": "/",
                }
            )
        )
        bot._post_welcome_steps(channel)
        answer = channel.chatbot_current_step_id.answer_ids[:1]
        if answer:
            # sudo: the visitor picks the bot's first answer, posted as the widget posts it
            channel.with_user(public).sudo().with_context(
                guest=guest, selected_answer_id=answer.id
            ).message_post(
                body=answer.name, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.env["mail.presence"]._update_presence(guest)
        return channel
