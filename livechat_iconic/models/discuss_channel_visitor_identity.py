from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools.mail import html_to_inner_content

from odoo.addons.mail.tools.discuss import Store

from ..lib.groups import LIVECHAT_USER_GROUP
from ..tools.prefetch import DETAIL_PREFETCH

#: Past chats "Your conversations" lists (the newest), and their messages at most.
PAST_SESSIONS = 20
PAST_MESSAGES = 400
#: Proven addresses of one guest looked at (the newest).
PROVEN_EMAILS = 10


class DiscussChannel(models.Model):
    """Who the visitor is, on their own proof: an address they proved with a code
    (``livechat_iconic.email.proof``) attaches the chat to the contact with that address,
    and shows them their past chats ("Your conversations")."""

    _inherit = "discuss.channel"

    livechat_contact_proven = fields.Boolean(
        "Proven by Code",
        readonly=True,
        copy=False,
        groups=LIVECHAT_USER_GROUP,
        help="The visitor proved the e-mail they gave with a code sent there: the chat "
        "belongs to the contact with that address without an agent's confirmation.",
        prefetch=DETAIL_PREFETCH,
    )

    def _livechat_attach_proven_contact(self, email):
        """The chat belongs to the contact the visitor's ``email`` (normalised) matches,
        when it is the address the visitor gave in this chat and the visitor making the
        request proved it (``livechat_iconic.email.proof._livechat_is_proven``). Returns
        whether the chat now belongs to that contact."""
        self.ensure_one()
        # sudo: the visitor's own session; the contact is linked only on their proof
        channel = self.sudo()
        partner = channel.livechat_suggested_partner_id
        if not partner or channel.livechat_visitor_email != email:
            return False
        if channel.livechat_partner_id:
            return channel.livechat_partner_id == partner
        if not self.env["livechat_iconic.email.proof"]._livechat_is_proven(email):
            return False
        channel._livechat_link_contact(
            partner,
            self.env._("Proven by the visitor with a code sent to %(email)s.", email=email),
            {"livechat_contact_proven": True},
        )
        return True

    def _livechat_claim_store_fields(self):
        """Called by ``_get_livechat_session_fields_to_store`` (discuss_channel.py): what
        the visitor says they are, in the agent's Information panel."""
        if not self.env.user.has_group(LIVECHAT_USER_GROUP):
            return []
        return [Store.Attr("livechat_iconic_claim", lambda c: c._livechat_claim_panel())]

    def _livechat_claim_panel(self):
        """``{"text", "can_confirm"}``: the claim (``livechat_contact_claim``) and whether
        the agent may confirm the matching contact; False when the visitor gave no
        e-mail."""
        self.ensure_one()
        if not self.livechat_contact_claim:
            return False
        match = self.livechat_suggested_partner_id
        return {
            "text": self.livechat_contact_claim,
            "can_confirm": bool(match) and match != self.livechat_partner_id,
        }

    # -- "Your conversations" -------------------------------------------------------------
    @api.model
    def _livechat_visitor_is_known(self):
        """Whether the visitor making the request is signed in or proved an address (at
        most one query, on every page the widget loads)."""
        partner, guest = self.env["res.partner"]._get_current_persona()
        if partner and not self.env.user._is_public():
            return True
        # sudo: the guest's own proofs, which nobody but the code reads
        return bool(guest) and bool(
            self.env["livechat_iconic.email.proof"]
            .sudo()
            .search_count([("guest_id", "=", guest.id), ("proven_dt", "!=", False)], limit=1)
        )

    @api.model
    def _livechat_visitor_known(self):
        """The visitor making the request, when known on their own proof: ``(partners,
        guest)``, the contacts whose chats they may read (their own when signed in, else
        those of the addresses they proved) and their guest; ``None`` for a stranger."""
        partner, guest = self.env["res.partner"]._get_current_persona()
        if partner and not self.env.user._is_public():
            return partner, self.env["mail.guest"]
        if not guest:
            return None
        # sudo: the guest's own proofs, which nobody but the code reads
        proofs = (
            self.env["livechat_iconic.email.proof"]
            .sudo()
            .search(
                [("guest_id", "=", guest.id), ("proven_dt", "!=", False)],
                limit=PROVEN_EMAILS,
            )
        )
        if not proofs:
            return None
        partners = self.env["res.partner"]
        for email in dict.fromkeys(proofs.mapped("email")):
            partners |= self._livechat_match_contact(email)
        return partners, guest

    @api.model
    def _livechat_visitor_past_sessions(self):
        """The ended chats of the visitor making the request, newest first, with their
        messages as plain text (the widget shows them escaped): the chats of the contacts
        ``_livechat_visitor_known`` gives, and the guest's own; ``None`` for a stranger.
        Internal notes and Odoo's notices (joined, left) are not part of them."""
        known = self._livechat_visitor_known()
        if known is None:
            return None
        partners, guest = known
        member = Domain("livechat_member_type", "=", "visitor") & (
            Domain("partner_id", "in", partners.ids)
            if not guest
            else Domain("guest_id", "=", guest.id) | Domain("partner_id", "in", partners.ids)
        )
        # sudo: the visitor's own chats, found by their contact or their membership
        sessions = self.sudo().search(
            Domain("channel_type", "=", "livechat")
            & Domain("livechat_end_dt", "!=", False)
            & (
                Domain("livechat_partner_id", "in", partners.ids)
                | Domain("livechat_channel_member_history_ids", "any", member)
            ),
            order="id desc",
            limit=PAST_SESSIONS,
        )
        # sudo: the messages of those chats, the visitor's own conversations
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "discuss.channel"),
                    ("res_id", "in", sessions.ids),
                    ("message_type", "=", "comment"),
                    ("subtype_id.internal", "=", False),
                ],
                order="id",
                limit=PAST_MESSAGES,
            )
        )
        by_session = {}
        for message in messages:
            author = message.author_id
            by_session.setdefault(message.res_id, []).append(
                {
                    "author": (author.user_livechat_username or author.name)
                    if author
                    else message.author_guest_id.name or self.env._("Guest"),
                    "date": fields.Datetime.to_string(message.date),
                    "body": html_to_inner_content(message.body),
                }
            )
        return [
            {
                "id": session.id,
                "date": fields.Datetime.to_string(session.create_date),
                "queue": session.livechat_channel_id.name or "",
                "messages": by_session.get(session.id, []),
            }
            for session in sessions
        ]
