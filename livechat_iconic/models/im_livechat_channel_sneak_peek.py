from odoo import fields, models


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    livechat_sneak_peek = fields.Boolean(
        "Sneak Peek",
        default=True,
        help="The agents of a chat see what the visitor is typing before it is sent (card "
        "numbers, e-mails and passwords masked; never stored). The visitor is told.",
    )
