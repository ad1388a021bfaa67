from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    livechat_slack_user_id = fields.Char(
        "Slack User ID",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The Slack account of this agent, found by e-mail (users.lookupByEmail) the "
        "first time they claim a chat from Slack.",
    )
