from odoo import http
from odoo.http import request

from odoo.addons.mail.tools.discuss import add_guest_to_context

from ..lib import contact, web_input
from ..lib import email_proof as proof_rules
from ..models.livechat_iconic_email_proof import NO_CODE, SENT
from ..tools.json_rpc import refuse
from .main import checked_session_id, refuse_mail, visitor_session
from .message_form import _form_error_message


def _checked_email(email):
    """The visitor's address, normalised, or a 400 answer naming ``email``."""
    region = request.geoip.country_code
    try:
        values = contact.clean_contact(email=email, region=region)
        if "email" not in values:
            raise contact.InvalidContact("missing", "email", "missing")
    except contact.InvalidContact as error:
        refuse(_form_error_message(request.env, error, region), field="email")
    return values["email"]


class LivechatIconicTranscriptController(http.Controller):
    """The visitor's transcript by e-mail, to an address they hold (no mail relay).

    The company e-mails a transcript only to the signed-in user's own address, to the
    address already on the session's ticket, or to an address the visitor proved with a
    one-time code; within ``TRANSCRIPTS_PER_SESSION`` per chat and the hourly cap on the
    e-mails visitors make the company send (``livechat_iconic.visitor_mail_cap``).
    """

    @http.route(
        "/livechat_iconic/email_transcript",
        type="jsonrpc",
        auth="public",
        max_content_length=web_input.MAX_REQUEST_BYTES,
        livechat_iconic_check_body=True,
        livechat_iconic_throttle="mail",
    )
    @add_guest_to_context
    def email_transcript(self, channel_id=None, email=None):
        """The visitor asks for the transcript of their chat at ``email`` (Odoo's
        transcript mail, queued). Returns ``{"ok": True}`` when it is queued, or
        ``{"ok": False, "code_required": True}`` when the visitor must prove the address
        first (``/livechat_iconic/email_proof/request``, then ``…/check``). A wrong
        address is answered 400, a session not the visitor's 404, past the chat's share
        or the hourly cap 429; nothing is sent then."""
        channel_id = checked_session_id(channel_id)
        email = _checked_email(email)
        channel = visitor_session(channel_id)
        if not channel._livechat_visitor_may_receive(email):
            return {"ok": False, "code_required": True}
        verdict = channel._livechat_visitor_transcript(email)
        if verdict != "sent":
            refuse_mail(verdict)
        return {"ok": True}

    @http.route(
        "/livechat_iconic/email_proof/request",
        type="jsonrpc",
        auth="public",
        max_content_length=web_input.MAX_REQUEST_BYTES,
        livechat_iconic_check_body=True,
        livechat_iconic_throttle="mail",
    )
    @add_guest_to_context
    def email_proof_request(self, channel_id=None, email=None, contact=False):
        """E-mail a one-time code to ``email``, for the visitor of the session to prove
        they hold it. Returns ``{"ok": True, "minutes": …}`` (how long the code holds), or
        ``{"ok": True, "proven": True}`` when no code is needed; 429 past the session's
        codes or the hourly cap (a code is an e-mail the visitor makes the company send).
        ``contact``: the address is the one the visitor gave in the chat (the queue's
        e-mail field), which only a code proves (not a ticket's address); once proven,
        the chat belongs to the contact with that address."""
        channel_id = checked_session_id(channel_id)
        email = _checked_email(email)
        if not isinstance(contact, bool):
            refuse(request.env._("The request is not valid."), field="contact")
        channel = visitor_session(channel_id)
        if contact:
            if channel._livechat_attach_proven_contact(email):
                return {"ok": True, "proven": True}
        elif channel._livechat_visitor_may_receive(email):
            return {"ok": True, "proven": True}
        verdict = request.env["livechat_iconic.email.proof"]._livechat_send_code(channel, email)
        if verdict == SENT:
            return {"ok": True, "minutes": proof_rules.CODE_TTL_MINUTES}
        if verdict == "capped":
            refuse_mail(verdict)
        refuse(
            request.env._(
                "Several codes were sent for this chat already. Please use the last one."
            ),
            status=429,
        )

    @http.route(
        "/livechat_iconic/email_proof/check",
        type="jsonrpc",
        auth="public",
        max_content_length=web_input.MAX_REQUEST_BYTES,
        livechat_iconic_check_body=True,
        livechat_iconic_throttle="proof",
    )
    @add_guest_to_context
    def email_proof_check(self, channel_id=None, email=None, code=None):
        """The visitor types the code they received at ``email``. Returns ``{"ok": True}``
        when the address is proven (the chat then belongs to the contact with that
        address, if it is the one the visitor gave in the chat), else ``{"ok": False, "error": …, "attempts_left": …}``
        (HTTP 200: the try used is kept). Something that is not a 6-digit code is answered
        400 and uses no try."""
        _ = request.env._
        channel_id = checked_session_id(channel_id)
        email = _checked_email(email)
        channel = visitor_session(channel_id)
        try:
            code = proof_rules.clean_code(code)
        except proof_rules.BadCode:
            refuse(
                _("Please type the %s digits of the code you received.", proof_rules.CODE_LENGTH),
                field="code",
            )
        verdict, left = request.env["livechat_iconic.email.proof"]._livechat_check_code(email, code)
        if verdict == proof_rules.OK:
            # the address the visitor gave in the chat: the chat is now its contact's
            channel._livechat_attach_proven_contact(email)
            return {"ok": True}
        messages = {
            proof_rules.WRONG: _("This code is not the right one.")
            if left
            else _("This code is not the right one. Please ask for a new code."),
            proof_rules.EXPIRED: _("This code has expired. Please ask for a new code."),
            proof_rules.EXHAUSTED: _(
                "This code was tried too many times. Please ask for a new code."
            ),
            NO_CODE: _("No code was sent to this address. Please ask for a code."),
        }
        return {"ok": False, "error": messages[verdict], "reason": verdict, "attempts_left": left}

    @http.route(
        "/livechat_iconic/your_conversations",
        type="jsonrpc",
        auth="public",
        max_content_length=web_input.MAX_REQUEST_BYTES,
        livechat_iconic_check_body=True,
        livechat_iconic_throttle="other",
    )
    @add_guest_to_context
    def your_conversations(self):
        """The past chats of the visitor making the request, signed in or known by an
        address they proved with a code: ``{"sessions": [{"id", "date", "queue",
        "messages": [{"author", "date", "body"}]}]}`` (plain text); 403 for anybody
        else."""
        sessions = request.env["discuss.channel"]._livechat_visitor_past_sessions()
        if sessions is None:
            refuse(
                request.env._(
                    "Sign in, or prove your e-mail address with a code, to see your conversations."
                ),
                status=403,
            )
        return {"sessions": sessions}
