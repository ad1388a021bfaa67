from odoo import fields, models

from ..lib import audience


class ImLivechatChannelRule(models.Model):
    _inherit = "im_livechat.channel.rule"

    livechat_target_channel_id = fields.Many2one(
        "im_livechat.channel",
        "Route to Queue",
        ondelete="set null",
        help="Visitors this rule matches (by their country, through GeoIP, and the page) "
        "chat in this queue instead: a region's queue. When nobody there can answer, the "
        "queue's Fallback Queue takes them.",
    )
    livechat_audience = fields.Selection(
        [(audience.EVERYONE, "Everyone"), (audience.SIGNED_IN, "Signed-in users")],
        "Visitors",
        default=audience.EVERYONE,
        required=True,
        help="Who may chat on the pages and countries of this rule. Signed-in users: "
        "guests see no chat button there and cannot start a chat; with groups or contact "
        "tags below, only the users in one of the groups or whose contact has one of the "
        "tags may.",
    )
    livechat_group_ids = fields.Many2many(
        "res.groups",
        "im_livechat_channel_rule_livechat_group_rel",
        "rule_id",
        "group_id",
        "Only Members Of",
        help="Signed-in users only: those in one of these groups (or with one of the "
        "contact tags) may chat. None: any signed-in user.",
    )
    livechat_partner_category_ids = fields.Many2many(
        "res.partner.category",
        "im_livechat_channel_rule_livechat_category_rel",
        "rule_id",
        "category_id",
        "Only Contacts Tagged",
        help="Signed-in users only: those whose contact has one of these tags (or who are "
        "in one of the groups) may chat. None: any signed-in user.",
    )

    def _livechat_refusal(self):
        """Why this rule (Odoo's ``match_rule`` result for the visitor's page and country)
        refuses the current user (a code of ``audience.REFUSALS``), or None when it admits
        them. No rule admits everyone, as in Odoo."""
        if not self or self.livechat_audience == audience.EVERYONE:
            return None
        self.ensure_one()
        user = self.env.user
        signed_in = not user._is_public()
        # sudo: the rule's groups and tags and the visitor's own, compared and never shown
        rule, user = self.sudo(), user.sudo()
        return audience.refusal(
            rule.livechat_audience,
            signed_in=signed_in,
            group_ids=user.all_group_ids.ids if signed_in else (),
            tag_ids=user.partner_id.category_id.ids if signed_in else (),
            required_group_ids=rule.livechat_group_ids.ids,
            required_tag_ids=rule.livechat_partner_category_ids.ids,
        )

    def _livechat_refusal_message(self, refusal):
        """What the visitor is told when ``refusal`` (``_livechat_refusal``) keeps them
        from starting a chat, in their language."""
        if refusal == audience.SIGN_IN:
            return self.env._("This chat is for signed-in customers: please sign in first.")
        return self.env._(
            "This chat is reserved for some of our customers; your account does not give "
            "access to it."
        )
