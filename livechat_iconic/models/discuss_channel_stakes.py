from odoo import api, fields, models
from odoo.tools import email_normalize

from ..lib.groups import LIVECHAT_USER_GROUP


class DiscussChannel(models.Model):
    """The money waiting: which contact a session is surely linked to, and the hook
    through which an addon that knows the company's sales (livechat_iconic_leads) tells
    what is at stake with that contact. Nothing here depends on CRM."""

    _inherit = "discuss.channel"

    livechat_email_proof_ids = fields.One2many(
        "livechat_iconic.email.proof", "channel_id", "E-mail Proofs", groups="base.group_system"
    )
    livechat_confirmed_partner_id = fields.Many2one(
        "res.partner",
        string="Confirmed Contact",
        compute="_compute_livechat_confirmed_partner_id",
        store=True,
        index="btree_not_null",
        groups=LIVECHAT_USER_GROUP,
        help="The contact this visitor surely is: signed in, confirmed by an agent, or "
        "whose e-mail address the visitor proved with a code. Never a contact the visitor "
        "only claims to be: what is at stake in sales is shown for this contact only.",
    )

    @api.depends(
        "livechat_partner_id",
        "livechat_suggested_partner_id",
        "livechat_visitor_email",
        "livechat_email_proof_ids.proven_dt",
    )
    def _compute_livechat_confirmed_partner_id(self):
        claimed = self.filtered(
            lambda c: (
                not c.livechat_partner_id
                and c.livechat_suggested_partner_id
                and c.livechat_visitor_email
            )
        )
        proven = claimed._livechat_proven_claims()
        for channel in self:
            channel.livechat_confirmed_partner_id = channel.livechat_partner_id or (
                channel.livechat_suggested_partner_id if channel.id in proven else False
            )

    def _livechat_proven_claims(self):
        """Ids of these sessions whose visitor proved the e-mail address they typed (a
        proven ``livechat_iconic.email.proof`` of this session or of the session's guest,
        for that address): their suggested contact is then theirs. One query."""
        emails = {c.id: email_normalize(c.livechat_visitor_email or "") for c in self}
        if not any(emails.values()):
            return set()
        # sudo: the system reads which addresses the visitors proved; nothing is shown
        sessions = self.sudo()
        guest_of = {c.id: c.channel_member_ids.guest_id.ids for c in sessions}
        guests = {guest for ids in guest_of.values() for guest in ids}
        proofs = (
            self.env["livechat_iconic.email.proof"]
            .sudo()
            .search_read(
                [
                    ("proven_dt", "!=", False),
                    ("email", "in", [e for e in emails.values() if e]),
                    "|",
                    ("channel_id", "in", self.ids),
                    ("guest_id", "in", list(guests)),
                ],
                ["channel_id", "guest_id", "email"],
            )
        )
        by_channel = {(p["channel_id"][0], p["email"]) for p in proofs if p["channel_id"]}
        by_guest = {(p["guest_id"][0], p["email"]) for p in proofs if p["guest_id"]}
        return {
            channel_id
            for channel_id, email in emails.items()
            if email
            and (
                (channel_id, email) in by_channel
                or any((guest, email) in by_guest for guest in guest_of[channel_id])
            )
        }

    def _livechat_stakes(self):
        """What is at stake in sales with these sessions' confirmed contacts, as
        ``{session id: {"count": open opportunities, "value": their expected revenue (the
        company's currency), "value_label": that value formatted, "quality": the
        lead-quality verdict's label}}``, for the sessions with something at stake only.
        Empty here: livechat_iconic_leads, which knows CRM, fills it. The queue's order by
        value (``im_livechat.channel._livechat_serve_order``) and the Slack notice read
        it; an unconfirmed claim is never in it."""
        return {}
