from odoo import http
from odoo.exceptions import MissingError, UserError
from odoo.http import request
from odoo.tools import email_normalize

from odoo.addons.im_livechat.controllers.chatbot import LivechatChatbotScriptController
from odoo.addons.im_livechat.controllers.main import LivechatController
from odoo.addons.mail.tools.discuss import Store, add_guest_to_context

from ..lib import contact, web_input
from ..tools.json_rpc import refuse


def checked_session_id(channel_id):
    """The session id a widget sent, or a 400 answer."""
    try:
        return web_input.check_id("channel_id", channel_id)
    except web_input.BadInput:
        refuse(request.env._("The chat session is missing or is not a number."), field="channel_id")


def visitor_session(channel_id):
    """The live chat session ``channel_id`` of the visitor making the request, or a 404
    answer: only a member of the session (the visitor) finds it through the ACL."""
    channel = request.env["discuss.channel"].search(
        [("id", "=", channel_id), ("channel_type", "=", "livechat")]
    )
    if not channel or not channel.self_member_id:
        refuse(request.env._("This chat session does not exist."), status=404, field="channel_id")
    return channel


def geoip_country():
    """The visitor's country by GeoIP (an empty record when unknown), as Odoo's widget
    matches the channel's rules (``init_livechat``)."""
    if code := request.geoip.country_code:
        # sudo: res.country - reading the visitor's country is allowed
        return request.env["res.country"].sudo().search([("code", "=", code)], limit=1)
    return request.env["res.country"]


def refuse_unadmitted(queue):
    """Answer HTTP 403 when the rule of ``queue`` (sudo) matching the visitor's page and
    country admits only other visitors (signed-in users, of some groups or tags): the
    widget shows them no chat button, and its routes start nothing for them either."""
    rule, refusal = queue._livechat_rule_refusal(
        request.httprequest.headers.get("Referer"), geoip_country().id
    )
    if refusal:
        refuse(
            rule._livechat_refusal_message(refusal),
            status=403,
            name="odoo.exceptions.AccessError",
        )


def refuse_mail(verdict):
    """Answer a visitor's request for an e-mail that may not go: ``verdict`` is
    ``"too_many"`` (this chat's share is used) or ``"capped"`` (the hourly cap on the
    e-mails visitors make the company send), both HTTP 429 with a message the widget
    shows."""
    _ = request.env._
    if verdict == "capped":
        refuse(_("We cannot send more e-mails just now. Please try again later."), status=429)
    refuse(_("The transcript was sent several times already."), status=429)


def _contact_error_message(env, error, region):
    """The visitor's language version of a refused contact detail."""
    _ = env._
    messages = {
        ("email", "type"): _("The e-mail address must be text."),
        ("email", "too_long"): _(
            "The e-mail address is too long (at most %s characters).", contact.EMAIL_MAX_LENGTH
        ),
        ("email", "characters"): _("The e-mail address contains characters that are not allowed."),
        ("email", "invalid"): _("The e-mail address is not valid."),
        ("phone", "type"): _("The phone number must be text."),
        ("phone", "too_long"): _(
            "The phone number is too long (at most %s characters).", contact.PHONE_MAX_LENGTH
        ),
        ("phone", "characters"): _("The phone number contains characters that are not allowed."),
        ("phone", "invalid"): _("The phone number is not valid.")
        if region
        else _(
            "The phone number is not valid; write it with its country code "
            "(for example +32 2 555 01 01)."
        ),
        ("name", "type"): _("The name must be text."),
        ("name", "too_long"): _(
            "The name is too long (at most %s characters).", contact.NAME_MAX_LENGTH
        ),
        ("name", "characters"): _("The name contains characters that are not allowed."),
    }
    return messages.get((error.field, error.problem), str(error))


class LivechatIconicController(http.Controller):
    @http.route(
        ["/livechat/waiting", "/livechat/waiting/<int:session_id>"], type="http", auth="user"
    )
    def customers_waiting(self, session_id=None, **kwargs):
        """Stable address of the Customers Waiting board, for other systems (Slack, e-mail)
        to link to; ``session_id`` highlights one session."""
        url = "/odoo/livechat-waiting"
        if session_id:
            url += f"?highlight={int(session_id)}"
        return request.redirect(url)

    @http.route(
        "/livechat_iconic/visitor_contact",
        type="jsonrpc",
        auth="public",
        # Odoo's own body limit; models/ir_http.py answers a larger or malformed body
        max_content_length=web_input.MAX_REQUEST_BYTES,
        livechat_iconic_check_body=True,
        livechat_iconic_throttle="contact",
    )
    @add_guest_to_context
    def visitor_contact(self, channel_id=None, email=None, phone=None, name=None):
        """The visitor gives an e-mail, a phone or a name during the chat.

        Returns ``{"ok": True}``, with ``"proven": True`` when the visitor proved this
        e-mail before (the chat belongs to its contact at once). A missing or wrong
        value is answered with HTTP 400 (404 for a session the visitor is not in) and a
        JSON-RPC error whose message says what is wrong, in the visitor's language,
        without repeating the value; nothing is stored then.
        """
        channel_id = checked_session_id(channel_id)
        region = request.geoip.country_code
        try:
            values = contact.clean_contact(email=email, phone=phone, name=name, region=region)
        except contact.InvalidContact as error:
            refuse(_contact_error_message(request.env, error, region), field=error.field)
        channel = visitor_session(channel_id)
        channel._livechat_set_visitor_contact(**values)
        # sudo: whether the visitor's own chat is now their proven contact's (a flag)
        if channel.sudo().livechat_contact_proven:
            return {"ok": True, "proven": True}
        return {"ok": True}


class LivechatIconicSessionController(LivechatController):
    @http.route(livechat_iconic_check_body=True, livechat_iconic_throttle="start")
    def get_session(
        self,
        channel_id=None,
        previous_operator_id=None,
        chatbot_script_id=None,
        persisted=True,
        **kwargs,
    ):
        """Odoo's session start, in the queue the visitor's topic, the region rules and the
        fallback queues choose (``im_livechat.channel._livechat_pick_queue``). A topic that
        is not a number is answered with HTTP 400, one the widget's queue does not offer
        (any longer) with 404, a visitor whom the widget's rule does not admit (a rule for
        signed-in users, of some groups or tags) with 403; nothing is created then."""
        topic_id = kwargs.pop("livechat_iconic_topic_id", None)
        kwargs.pop("livechat_iconic_topic", None)  # only ever set below, once checked
        try:
            queue_id = web_input.check_id("channel_id", channel_id)
        except web_input.BadInput:
            refuse(
                request.env._("The chat channel is missing or is not a number."), field="channel_id"
            )
        # sudo: im_livechat.channel - the widget's queue and its topics are public, as in Odoo
        queue = request.env["im_livechat.channel"].sudo().browse(queue_id)
        try:
            # the row is read here once, with all its columns (exists() costs one more query)
            _has_rules = queue.livechat_has_region_rules
        except MissingError:
            refuse(request.env._("This chat channel does not exist."), 404, "channel_id")
        # a rule for some visitors only (signed-in users, of some groups or tags)
        refuse_unadmitted(queue)
        previous_operator_id = self._livechat_optional_id(
            "previous_operator_id", previous_operator_id
        )
        chatbot_script_id = self._livechat_optional_id("chatbot_script_id", chatbot_script_id)
        # arguments Odoo passes on by name (to _get_operator_info): never taken from the caller
        for name in ("lang", "country_id", "operator_model", "users"):
            kwargs.pop(name, None)
        topic = request.env["livechat_iconic.topic"]
        if topic_id not in (None, False, ""):
            try:
                topic_id = web_input.check_id("livechat_iconic_topic_id", topic_id)
            except web_input.BadInput:
                refuse(
                    request.env._("The topic is not a number."), field="livechat_iconic_topic_id"
                )
            topic = queue.livechat_topic_ids.filtered(lambda t: t.id == topic_id)
            if not topic:
                refuse(
                    request.env._("This topic is no longer offered: please choose another one."),
                    status=404,
                    field="livechat_iconic_topic_id",
                )
            kwargs["livechat_iconic_topic"] = topic.id
        if not chatbot_script_id:  # a bot greets in the widget's own queue
            queue, _choice = queue._livechat_pick_queue(
                topic, request.httprequest.headers.get("Referer"), self._livechat_country().id
            )
        return super().get_session(
            channel_id=queue.id,
            previous_operator_id=previous_operator_id,
            chatbot_script_id=chatbot_script_id,
            persisted=bool(persisted),
            **kwargs,
        )

    @http.route(livechat_iconic_check_body=True)
    def visitor_leave_session(self, channel_id=None):
        return super().visitor_leave_session(checked_session_id(channel_id))

    @http.route(livechat_iconic_check_body=True, livechat_iconic_throttle="mail")
    def email_livechat_transcript(self, channel_id=None, email=None):
        """Odoo's transcript route (signed-in users). Staff send to any address as in
        Odoo; a portal user's transcript goes to their own address (Odoo's rule), within
        the chat's share and the hourly cap on visitors' e-mails, like a guest's
        (``/livechat_iconic/email_transcript``)."""
        channel_id = checked_session_id(channel_id)
        if request.env.user._is_internal():
            return super().email_livechat_transcript(channel_id, email)
        own = email_normalize(request.env.user.email or "")
        if not own:
            refuse(request.env._("Your account has no e-mail address."), field="email")
        channel = visitor_session(channel_id)
        verdict = channel._livechat_visitor_transcript(own)
        if verdict != "sent":
            refuse_mail(verdict)
        return None

    @staticmethod
    def _livechat_optional_id(field, value):
        """An optional id the widget sends (``None``/``False``/``""`` when it has none)."""
        if value in (None, False, ""):
            return None
        try:
            return web_input.check_id(field, value)
        except web_input.BadInput:
            refuse(request.env._("A value sent by the chat window is not valid."), field=field)

    @staticmethod
    def _livechat_country():
        """The visitor's country, as Odoo's get_session finds it."""
        if not request.env.user._is_public():
            return request.env.user.country_id
        if code := request.geoip.country_code:
            # sudo: res.country - reading the visitor's country is allowed
            return request.env["res.country"].sudo().search([("code", "=", code)], limit=1)
        return request.env["res.country"]

    def _process_extra_channel_params(self, **kwargs):
        non_persisted, persisted = super()._process_extra_channel_params(**kwargs)
        if kwargs.get("livechat_iconic_topic"):  # checked by get_session
            persisted = {**persisted, "livechat_topic_id": kwargs["livechat_iconic_topic"]}
        # the page that brought the visitor to the website (document.referrer, sent by
        # the widget): only http(s) addresses, without query string and fragment
        referrer = web_input.safe_page_url(kwargs.get("livechat_referrer"))
        if referrer:
            persisted = {**persisted, "livechat_referrer": referrer}
        return non_persisted, persisted


class LivechatIconicChatbotController(LivechatChatbotScriptController):
    """Odoo's chatbot routes, where a bot that no longer leads the chat (handed over to the
    queue or an agent, or an agent took the session) neither talks nor restarts."""

    @staticmethod
    def _livechat_channel(channel_id):
        try:
            channel_id = web_input.check_id("channel_id", channel_id)
        except web_input.BadInput:
            refuse(
                request.env._("The chat session is missing or is not a number."), field="channel_id"
            )
        return request.env["discuss.channel"].search([("id", "=", channel_id)])

    @staticmethod
    def _livechat_script(chatbot_script_id):
        if chatbot_script_id is None:
            return request.env["chatbot.script"]
        try:
            script_id = web_input.check_id("chatbot_script_id", chatbot_script_id)
        except web_input.BadInput:
            refuse(request.env._("The chatbot is not a number."), field="chatbot_script_id")
        # sudo: a visitor may read the chatbot of the session, as Odoo's routes do
        return request.env["chatbot.script"].sudo().browse(script_id).exists()

    @http.route(livechat_iconic_check_body=True)
    @add_guest_to_context
    def chatbot_restart(self, channel_id=None, chatbot_script_id=None):
        self._livechat_channel(channel_id)
        if not self._livechat_script(chatbot_script_id):
            refuse(request.env._("This chatbot does not exist."), 404, "chatbot_script_id")
        try:
            return super().chatbot_restart(channel_id, chatbot_script_id)
        except UserError as error:
            refuse(str(error), status=409)

    @http.route(livechat_iconic_check_body=True)
    @add_guest_to_context
    def chatbot_trigger_step(self, channel_id=None, chatbot_script_id=None, data_id=None):
        channel = self._livechat_channel(channel_id)
        script = self._livechat_script(chatbot_script_id)
        if channel and not channel._livechat_bot_in_charge(script):
            # Odoo would end the chat when the bot has nothing more to say: the bot just
            # stays silent, and the widget's data request is answered so it does not wait
            partner, guest = request.env["res.partner"]._get_current_persona()
            store = Store(bus_channel=partner or guest)
            store.data_id = data_id
            store.resolve_data_request()
            store.bus_send()
            return None
        return super().chatbot_trigger_step(channel_id, chatbot_script_id, data_id)

    @http.route(livechat_iconic_check_body=True)
    @add_guest_to_context
    def chatbot_validate_email(self, channel_id=None):
        channel = self._livechat_channel(channel_id)
        if channel and not channel._livechat_bot_in_charge():
            return {}  # the bot no longer answers: no "not a valid e-mail" from it
        return super().chatbot_validate_email(channel_id)
