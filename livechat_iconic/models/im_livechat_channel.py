import logging
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models, tools
from odoo.http import request

from ..lib import alert_digest, audience, geo, user_agent, web_input

_logger = logging.getLogger(__name__)


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    queue_when_unavailable = fields.Boolean(
        "Queue When Nobody Is Available",
        default=True,
        help="Keep the chat button when no agent is available: the visitor can still write, "
        "the session waits IN QUEUE on the Customers Waiting board until an agent takes it. "
        "Not while agents are signed in but none is shown online (each invisible, on a "
        "break or offline): the widget then shows offline (the message form, if any).",
    )

    livechat_resource_calendar_id = fields.Many2one(
        "resource.calendar",
        "Opening Hours",
        help="When the queue answers chats; public holidays are the calendar's time off. "
        "Outside these hours the website offers a message form instead of a chat. "
        "Empty: always open.",
    )
    livechat_outside_hours_text = fields.Text(
        "Outside Hours Text",
        translate=True,
        help="What the message form tells visitors when the queue is closed.",
    )
    helpdesk_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        "Help Desk Team",
        help="The team that receives this queue's messages, missed chats and registered "
        "chats as help-desk tickets.",
    )
    livechat_register_every_chat = fields.Boolean(
        "Register Every Chat",
        help="Every chat becomes a help-desk ticket of type Request when an agent takes "
        "it, with the conversation so far, owned by that agent. When the chat ends, the "
        "rest of the conversation is added and the ticket follows the outcome: closed "
        "when the chat was answered, open otherwise (missed, visitor inactive, made a "
        "ticket by the agent).",
    )
    livechat_max_wait_minutes = fields.Integer(
        "Longest Wait (minutes)",
        default=10,
        help="A visitor who waited longer than this for an agent's first answer counts as "
        "a missed chat (0: only chats nobody answered).",
    )
    livechat_followup_days = fields.Integer(
        "Follow-up Deadline (working days)",
        default=1,
        help="Deadline of the follow-up of a missed chat, in working days of the "
        "opening hours (or of the company's calendar).",
    )
    livechat_alert_at_once = fields.Boolean(
        "Notify at Once",
        help="The moment a visitor needs a person (their first message, in the queue or "
        "given to an agent who has not answered yet): the agents who can take the chat get "
        "a desktop notification with a sound (in a broadcast queue: the offer to take it), "
        "and the queue's agents who are not signed in an e-mail, at most one per agent per "
        "interval (Settings), listing who waits. Replaces the two delays below.",
    )
    livechat_alert_after = fields.Integer(
        "Desktop Notice After (seconds)",
        default=60,
        help="A visitor nobody took after this long: the queue's available agents get a "
        "desktop notification (0: never).",
    )
    livechat_email_alert_after = fields.Integer(
        "E-mail Notice After (seconds)",
        default=300,
        help="A visitor nobody took after this long: the queue's available agents get an "
        "e-mail (0: never).",
    )

    livechat_ask_email = fields.Selection(
        [("before", "Before the Chat"), ("during", "During the Chat")],
        "Ask for an E-mail",
        help="The widget shows an e-mail field to visitors who are not signed in: before "
        "their first message, or once the chat started. The agents see the contact with "
        "that address as a claim; the visitor may prove the address with a code e-mailed "
        "there, and the chat then belongs to that contact. Empty: no field.",
    )

    livechat_has_audience_rules = fields.Boolean(
        "Has Rules for Some Visitors",
        compute="_compute_livechat_has_audience_rules",
        store=True,
        help="Some rule of this queue admits only signed-in users: a new chat or message "
        "looks for the rule matching the visitor (otherwise no rule is read then).",
    )

    _livechat_alert_thresholds = models.Constraint(
        "CHECK(livechat_alert_after >= 0 AND livechat_email_alert_after >= 0 "
        "AND livechat_max_wait_minutes >= 0 AND livechat_followup_days >= 0)",
        "Waiting limits, notice delays and deadlines cannot be negative.",
    )

    @api.depends("rule_ids.livechat_audience")
    def _compute_livechat_has_audience_rules(self):
        for queue in self:
            queue.livechat_has_audience_rules = any(
                rule.livechat_audience != audience.EVERYONE for rule in queue.rule_ids
            )

    def _livechat_rule_refusal(self, url, country_id=None):
        """``(rule, refusal)``: the rule of this queue matching the visitor's page ``url``
        and ``country_id`` (Odoo's ``match_rule``, as the widget's ``init_livechat``) and
        why it refuses the current user (``audience.REFUSALS``), or ``(rule, None)``. No
        rule is read for a queue whose rules admit everyone."""
        self.ensure_one()
        Rule = self.env["im_livechat.channel.rule"]
        if not self.livechat_has_audience_rules:
            return Rule, None
        # sudo: matching the queue's rules, as Odoo's widget does for any visitor
        rule = Rule.sudo().match_rule(self.id, url, country_id)
        return rule, rule._livechat_refusal()

    def _livechat_alert_delays(self):
        """``(desktop, e-mail)``: the seconds a visitor of this queue waits before its agents
        get the desktop notice and the e-mail (None: never), as ``alert_digest.alert_delays``
        says."""
        self.ensure_one()
        return alert_digest.alert_delays(
            self.livechat_alert_at_once, self.livechat_alert_after, self.livechat_email_alert_after
        )

    # -- opening hours and the message form -------------------------------------------------
    def _livechat_is_open(self, when=None):
        """Whether the queue answers chats at ``when`` (naive UTC, default now): inside
        its opening hours and not on one of the calendar's holidays. Looked up at most
        once a minute per calendar and worker (``_livechat_calendar_open``)."""
        self.ensure_one()
        calendar = self.livechat_resource_calendar_id
        if not calendar:
            return True
        minute = (when or fields.Datetime.now()).replace(second=0, microsecond=0)
        return self._livechat_calendar_open(calendar.id, minute)

    @tools.ormcache("calendar_id", "minute")
    def _livechat_calendar_open(self, calendar_id, minute):
        # sudo: opening hours are public knowledge, whoever asks
        calendar = self.env["resource.calendar"].sudo().browse(calendar_id)
        start = pytz.utc.localize(minute)
        intervals = calendar._work_intervals_batch(start, start + timedelta(minutes=1))
        return bool(intervals[False])

    def _livechat_keeps_visitors(self):
        """Whether a visitor nobody can take now may still start a chat and wait IN QUEUE
        (the widget keeps its chat button): the queue keeps visitors waiting, unless it
        shows offline because its agents are at work but none is shown online (every one
        invisible, on a break or offline: ``_livechat_shown_offline``)."""
        self.ensure_one()
        return self.queue_when_unavailable and not self._livechat_shown_offline()

    def _livechat_form_info(self, available, keeps=None):
        """What the widget needs to offer the message form instead of a chat, or False.

        ``available``: whether Odoo found someone (an agent or a bot) to chat with. The form
        is offered outside opening hours, when nobody is available and the queue does
        not keep visitors waiting (``_livechat_keeps_visitors``, or ``keeps`` when the
        caller knows it already), and up front when the next visitor's expected wait passes
        the queue's limit (``_livechat_too_long_wait``); only by a queue whose messages a
        help-desk team receives.
        """
        self.ensure_one()
        if not self.helpdesk_team_id:
            return False
        if not self._livechat_is_open():
            reason = "closed"
            text = self.livechat_outside_hours_text or _(
                "We are closed right now. Leave us a message and we will answer by e-mail."
            )
        elif not available and not (self._livechat_keeps_visitors() if keeps is None else keeps):
            reason = "offline"
            text = _(
                "Nobody is available right now. Leave us a message and we will answer by e-mail."
            )
        elif minutes := self._livechat_too_long_wait(available):
            reason = "busy"
            text = self.env._(
                "Our agents are busy: the expected wait is about %(minutes)s minutes. Leave "
                "us a message and we will answer by e-mail.",
                minutes=minutes,
            )
        else:
            return False
        types = self.helpdesk_team_id.type_ids.filtered("active")
        return {
            "reason": reason,
            "channel_id": self.id,
            "title": _("Leave us a message"),
            "text": text,
            "topics": [{"id": t.id, "name": t.name} for t in types],
        }

    def _livechat_followup_deadline(self, start):
        """The date a follow-up started at ``start`` (naive UTC) is due: the queue's number
        of working days after that day (default: the next working day), on the queue's
        opening hours or the company's calendar, holidays skipped."""
        self.ensure_one()
        calendar = self.livechat_resource_calendar_id or self.env.company.resource_calendar_id
        days = self.livechat_followup_days or 1
        if not calendar:
            return (start + timedelta(days=days)).date()
        tz = pytz.timezone(calendar.tz or "UTC")
        local_day = pytz.utc.localize(start).astimezone(tz).date() + timedelta(days=1)
        tomorrow = tz.localize(datetime.combine(local_day, time.min))
        planned = calendar.plan_days(days, tomorrow, compute_leaves=True)
        return planned.astimezone(tz).date() if planned else local_day

    def _is_livechat_available(self):
        # the page loads the widget wherever the queue chats, keeps visitors waiting, or
        # takes messages (the widget then offers the form, see _livechat_form_info)
        return (
            super()._is_livechat_available()
            or self.queue_when_unavailable
            or bool(self.helpdesk_team_id)
        )

    def write(self, vals):
        result = super().write(vals)
        # then, in this order: the inactivity timers of the queue's chats
        # (im_livechat_channel_inactivity.py), the SLA escalations (im_livechat_channel_sla.py)
        self._livechat_inactivity_on_write(vals)
        self._livechat_sla_on_write(vals)
        return result

    def _get_operator_info(self, /, *, lang, country_id, previous_operator_id=None, **kwargs):
        # the routing's one decision (im_livechat_channel_routing.py): Odoo's choice and
        # ours below read the agents' loads once
        queue = self._livechat_routing_memo()
        info = super(ImLivechatChannel, queue)._get_operator_info(
            lang=lang, country_id=country_id, previous_operator_id=previous_operator_id, **kwargs
        )
        if not info["operator_partner"] and queue.queue_when_unavailable:
            # Nobody can take the chat now: the queue stands in as its operator until an
            # agent takes it from the Customers Waiting board.
            info["operator_partner"] = queue.env["discuss.channel"]._livechat_queue_partner()
            info["operator_model"] = "livechat_iconic.queue"
        # else, a broadcast queue stands in while its agents are told
        queue._livechat_routing_operator_info(info)
        return info

    def _get_channel_name(
        self, /, *, visitor_user=None, guest=None, agent, operator_model, **kwargs
    ):
        if operator_model == "livechat_iconic.queue":
            visitor = visitor_user.display_name if visitor_user else guest.name
            return f"{visitor} {self.name}"
        return super()._get_channel_name(
            visitor_user=visitor_user,
            guest=guest,
            agent=agent,
            operator_model=operator_model,
            **kwargs,
        )

    def _get_livechat_discuss_channel_vals(self, /, *, operator_model, **kwargs):
        vals = super()._get_livechat_discuss_channel_vals(operator_model=operator_model, **kwargs)
        if not vals:
            return vals
        if operator_model == "livechat_iconic.queue":
            # the queue is no participant: drop the member Odoo made for the operator
            vals["channel_member_ids"] = vals["channel_member_ids"][1:]
            vals["livechat_failure"] = "no_agent"
        if not self.env.user._is_public():
            vals["livechat_partner_id"] = self.env.user.partner_id.id
        if request:
            vals.update(self._livechat_visitor_context_vals())
        return vals

    def _livechat_visitor_context_vals(self):
        """Visitor context read from the request that starts the chat, server side."""
        httprequest = request.httprequest
        # with proxy_mode, Odoo already applied X-Forwarded-For to remote_addr
        ip = geo.client_ip(httprequest.remote_addr)
        # Odoo looks the request's address up (and already sets the session's country)
        city, region = self._livechat_geoip_city_region() if ip else ("", "")
        agent_string = httprequest.headers.get("User-Agent") or ""
        agent = user_agent.parse_user_agent(agent_string)
        # the widget posts from the page the visitor is on; its query string and fragment
        # (reset-password and access tokens) never reach an agent
        page = web_input.safe_page_url(httprequest.headers.get("Referer"))
        vals = {
            "livechat_ip": ip or False,
            "livechat_city": city or False,
            "livechat_region": region or False,
            "livechat_user_agent": agent_string[:1024] or False,
            "livechat_browser": agent.browser,
            "livechat_os": agent.os,
            "livechat_device": agent.device,
            "livechat_page_url": page or False,
        }
        return vals

    def _livechat_geoip_city_region(self):
        """City and region (first subdivision) of the request's address, from Odoo's own
        GeoIP lookup (``request.geoip``); empty strings where unknown."""
        geoip = request.geoip
        try:
            city = geoip.city.name
            subdivisions = geoip.subdivisions
        except (TypeError, ValueError):
            # e.g. a Country database configured as the City one: a setup problem, never
            # the visitor's
            _logger.warning("GeoIP City lookup failed for %s", geoip.ip, exc_info=True)
            return "", ""
        region = subdivisions[0].name if subdivisions else None
        return (city or "").strip(), (region or "").strip()
