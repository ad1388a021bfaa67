"""Demo data of the live chat: a session in every state of the life cycle.

Loaded by ``demo/livechat_iconic_demo.xml``, which calls ``im_livechat.channel``'s
``_livechat_demo_build`` (below, as Odoo's ``account/demo/account_demo.py`` extends the model
its demo hangs on): no model of its own, so nothing of the demo is registered in a
production database but that one method. Each session is created the way Odoo creates a
visitor's session and moved to its state through the real methods
(``action_livechat_take``, ``_livechat_set_state``), never by writing the state.
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


def configure_helpdesk(env):
    """The demo queue hands what it cannot chat about to a help-desk team (OCA
    helpdesk_mgmt) that takes sales enquiries and technical questions: its message
    form, "Send as a message instead" and missed chats become that team's tickets."""
    queue = env.ref("im_livechat.im_livechat_channel_data")
    team = env["helpdesk.ticket.team"].create(
        {
            "name": "Live Chat Desk",
            "user_ids": [Command.set(queue.user_ids.ids)],
            "user_id": env.ref("base.user_admin").id,
            "type_ids": [
                Command.set(
                    [
                        env.ref("livechat_iconic.helpdesk_ticket_type_sales").id,
                        env.ref("livechat_iconic.helpdesk_ticket_type_technical").id,
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


def configure_topics(env):
    """The website's widget offers topics before the chat starts: Sales goes to a Sales
    queue (the administrator; when nobody is there, back to the website's queue),
    Support and Bookings stay in the website's queue."""
    queue = env.ref("im_livechat.im_livechat_channel_data")
    sales = env["im_livechat.channel"].create(
        {
            "name": "Sales",
            "user_ids": [Command.set(env.ref("base.user_admin").ids)],
            "livechat_fallback_channel_id": queue.id,
        }
    )
    env["livechat_iconic.topic"].create(
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


def create_sessions(env):
    """One session per state, each moved there through the real transitions; then a
    session in LOADING, where the Welcome Bot greets the visitor."""
    for visitor in DEMO_VISITORS:
        _create_visitor_session(env, *visitor)
    _create_bot_session(env)


def _create_visitor_session(env, state, name, question, ip, agent_string, place):
    Channel = env["discuss.channel"]
    queue_channel = env.ref("im_livechat.im_livechat_channel_data")
    admin = env.ref("base.user_admin")
    public = env.ref("base.public_user")
    city, region, country = place
    guest = env["mail.guest"].create({"name": name if name != "Guest" else "Visitor"})
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
                "country_id": env.ref(country).id,
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
            body=env._("Hello! Let me check that for you."),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
    if state in ("closed", "left"):
        channel._livechat_set_state(state)
    else:
        # the demo visitors are "online", or the presence watch would see them leave
        env["mail.presence"]._update_presence(guest)
    return channel


def _create_bot_session(env):
    """LOADING: a bot greets the visitor, who answers its first question, before any
    human is needed (a session is shown to the agents once its visitor wrote)."""
    Channel = env["discuss.channel"]
    bot = env.ref("im_livechat.chatbot_script_welcome_bot", raise_if_not_found=False)
    if not bot:
        return Channel
    queue_channel = env.ref("im_livechat.im_livechat_channel_data")
    public = env.ref("base.public_user")
    guest = env["mail.guest"].create({"name": "Visitor"})
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
                "country_id": env.ref("base.uk").id,
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
        ).message_post(body=answer.name, message_type="comment", subtype_xmlid="mail.mt_comment")
    env["mail.presence"]._update_presence(guest)
    return channel


def build(env):
    """The demo: the website queue's help desk and topics, then a session in every state."""
    configure_helpdesk(env)
    configure_topics(env)
    create_sessions(env)


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    @api.model
    def _livechat_demo_build(self):
        """Demo data only (demo/livechat_iconic_demo.xml): see ``build``."""
        build(self.env)
