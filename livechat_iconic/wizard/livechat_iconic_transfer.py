from odoo import _, api, fields, models
from odoo.exceptions import UserError


class LivechatTransfer(models.TransientModel):
    """An agent hands a chat over: to an online colleague (pending until they take it),
    to another queue (routed there), or adds a colleague to it. The note is for agents."""

    _name = "livechat_iconic.transfer"
    _description = "Transfer a Live Chat"

    session_id = fields.Many2one("discuss.channel", "Chat", required=True, ondelete="cascade")
    mode = fields.Selection(
        [("transfer", "Transfer the chat"), ("add", "Add a colleague")],
        "What",
        default="transfer",
        required=True,
        help="Transfer: the colleague (or the queue's agent) takes the chat over and you "
        "leave it. Add a colleague: they join the chat and you both stay.",
    )
    target = fields.Selection(
        [("user", "To a colleague"), ("queue", "To another queue")],
        "To",
        default="user",
        required=True,
    )
    user_id = fields.Many2one(
        "res.users",
        "Colleague",
        domain="[('id', 'in', allowed_user_ids)]",
        help="Only colleagues who are online (or away), neither on a break nor invisible, "
        "and with room for one more chat.",
    )
    allowed_user_ids = fields.Many2many("res.users", compute="_compute_allowed_user_ids")
    queue_id = fields.Many2one(
        "im_livechat.channel",
        domain="[('id', '!=', current_queue_id)]",
        help="The chat is routed in that queue as a new one; it waits there if nobody can take it.",
    )
    current_queue_id = fields.Many2one(related="session_id.livechat_channel_id")
    note = fields.Text(
        "Note for your colleague",
        help="Only agents see it (on the chat's note and in the colleague's notice); the "
        "visitor never does.",
    )

    @api.depends("session_id")
    def _compute_allowed_user_ids(self):
        for wizard in self:
            session = wizard.session_id
            wizard.allowed_user_ids = session._livechat_transfer_candidates() if session else False

    @api.onchange("mode")
    def _onchange_mode(self):
        if self.mode == "add":
            self.target = "user"

    def action_confirm(self):
        self.ensure_one()
        to_queue = self.mode == "transfer" and self.target == "queue"
        if to_queue and not self.queue_id:
            raise UserError(_("Choose the queue to transfer the chat to."))
        if not to_queue and not self.user_id:
            raise UserError(_("Choose the colleague."))
        self.session_id._livechat_transfer(
            user=None if to_queue else self.user_id,
            queue=self.queue_id if to_queue else None,
            note=self.note,
            add=self.mode == "add",
        )
        return {"type": "ir.actions.act_window_close"}
