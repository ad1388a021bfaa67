from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.mail.tools.discuss import add_guest_to_context

from ..lib import contact, geo, web_input
from ..lib import message_form as rules
from ..models.helpdesk_ticket import TICKET_TYPE_REQUEST
from ..tools.json_rpc import refuse
from .main import (
    _contact_error_message,
    checked_session_id,
    refuse_unadmitted,
    visitor_session,
)


def _form_error_message(env, error, region):
    """The visitor's language version of a refused form value."""
    _ = env._
    if isinstance(error, contact.InvalidContact):
        if error.problem == "missing":
            return _("Please give your e-mail address: we answer by e-mail.")
        return _contact_error_message(env, error, region)
    messages = {
        ("message", "missing"): _("Please write your message."),
        ("message", "type"): _("The message must be text."),
        ("message", "too_long"): _(
            "The message is too long (at most %s characters).", rules.MESSAGE_MAX_LENGTH
        ),
        ("message", "characters"): _("The message contains characters that are not allowed."),
        ("request_key", "type"): _("The form was sent incorrectly; please reload the page."),
        ("request_key", "characters"): _("The form was sent incorrectly; please reload the page."),
    }
    return messages.get((error.field, error.problem), _("This value is not valid."))


def _sent_answer(ticket):
    return {
        "reference": ticket.number,
        "text": request.env._(
            "We have your message; we will answer by e-mail. Your reference: %s.", ticket.number
        ),
    }


class LivechatIconicMessageController(http.Controller):
    """The visitor who cannot chat leaves a message: it becomes a help-desk ticket."""

    @staticmethod
    def _clean(params, email_required=True, message_required=True):
        region = request.geoip.country_code
        try:
            values = rules.clean_message_form(
                name=params.get("name"),
                email=params.get("email"),
                phone=params.get("phone"),
                message=params.get("message"),
                region=region,
                email_required=email_required,
                message_required=message_required,
            )
            values["request_key"] = rules.clean_request_key(params.get("request_key"))
        except (contact.InvalidContact, web_input.BadInput) as error:
            refuse(_form_error_message(request.env, error, region), field=error.field)
        return values

    @staticmethod
    def _check_rate(email, ip):
        known = not request.env.user._is_public()
        by_email, by_ip = request.env["helpdesk.ticket"]._livechat_recent_counts(email, ip)
        if rules.rate_limited(by_email, by_ip, known_customer=known):
            refuse(
                request.env._(
                    "We have received several messages from you in the last hour. "
                    "Please try again later."
                ),
                status=429,
            )

    @http.route(
        "/livechat_iconic/message",
        type="jsonrpc",
        auth="public",
        max_content_length=web_input.MAX_REQUEST_BYTES,
        livechat_iconic_check_body=True,
        livechat_iconic_throttle="form",
    )
    def message(
        self,
        channel_id=None,
        name=None,
        email=None,
        phone=None,
        topic_id=None,
        message=None,
        request_key=None,
    ):
        """The widget's message form, when the queue is closed or nobody can chat.

        Returns ``{"reference", "text"}``. A wrong value is answered with HTTP 400 (404 for
        an unknown queue or topic, 403 for a visitor the queue's rule does not admit, 429
        past the hourly limits) and a JSON-RPC error whose ``data.field`` names the value;
        nothing is created then. Sending the same form again (same ``request_key``) returns
        the same ticket.
        """
        _ = request.env._
        try:
            queue_id = web_input.check_id("channel_id", channel_id)
            topic = web_input.check_id("topic_id", topic_id) if topic_id else None
        except web_input.BadInput as error:
            refuse(_("The form was sent incorrectly; please reload the page."), field=error.field)
        params = {"name": name, "email": email, "phone": phone, "message": message}
        values = self._clean({**params, "request_key": request_key})
        ticket = request.env["helpdesk.ticket"]._livechat_find_request(values["request_key"])
        if ticket:
            return _sent_answer(ticket)
        # sudo: the visitor may see whether a queue exists; only public fields are used
        queue = request.env["im_livechat.channel"].sudo().browse(queue_id).exists()
        if not queue or not queue.helpdesk_team_id:
            refuse(_("This chat cannot receive messages."), status=404, field="channel_id")
        refuse_unadmitted(queue)  # a queue's rule may admit only some visitors
        topics = queue.helpdesk_team_id.type_ids.filtered("active")
        if topic and topic not in topics.ids:
            refuse(_("Please choose one of the topics."), status=404, field="topic_id")
        ip = geo.client_ip(request.httprequest.remote_addr)
        self._check_rate(values["email"], ip)
        page = web_input.safe_page_url(request.httprequest.headers.get("Referer"))
        city, region = queue._livechat_geoip_city_region() if ip else ("", "")
        country = (request.geoip.country_name or "") if ip else ""
        location = geo.Location(city=city, region=region, country_name=country).label
        partner = request.env.user.partner_id if not request.env.user._is_public() else None
        ticket = request.env["helpdesk.ticket"]._livechat_create(
            queue,
            {
                **values,
                "title": _(
                    "Message from %(visitor)s", visitor=values.get("name") or values["email"]
                ),
                "description": values["message"],
                "page_url": page,
                "location": location,
                "ip": ip,
                "partner": partner,
            },
            # the topic picked, the queue's only topic, else a plain request
            type_id=topic or (topics.id if len(topics) == 1 else None),
            type_xmlid=TICKET_TYPE_REQUEST,
        )
        return _sent_answer(ticket)

    @http.route(
        "/livechat_iconic/send_as_message",
        type="jsonrpc",
        auth="public",
        max_content_length=web_input.MAX_REQUEST_BYTES,
        livechat_iconic_check_body=True,
        livechat_iconic_throttle="form",
    )
    @add_guest_to_context
    def send_as_message(self, channel_id=None, name=None, email=None, phone=None, request_key=None):
        """ "Send as a message instead", for a visitor waiting in the queue: the conversation
        so far becomes a help-desk ticket and the chat ends. Returns ``{"reference",
        "text"}``; errors as for ``/livechat_iconic/message`` (409 when an agent already
        answers)."""
        channel_id = checked_session_id(channel_id)
        channel = visitor_session(channel_id)
        # sudo: whether the visitor already gave an e-mail in this session
        known_email = channel.sudo().livechat_visitor_email
        params = {"name": name, "email": email, "phone": phone, "request_key": request_key}
        values = self._clean(params, email_required=not known_email, message_required=False)
        values.pop("request_key")  # the session itself makes the sending idempotent
        if not channel.sudo().livechat_ticket_id:
            ip = geo.client_ip(request.httprequest.remote_addr)
            self._check_rate(values.get("email") or known_email, ip)
        try:
            ticket = channel._livechat_send_as_message(values)
        except UserError as error:
            refuse(str(error), status=409)
        return _sent_answer(ticket)
