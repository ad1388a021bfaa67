from odoo import api, fields, models, tools


class ImLivechatChannelAgent(models.Model):
    """An agent's priority in a queue. Membership stays Odoo's ``user_ids`` of the queue:
    a row exists for each agent whose priority was set; an agent without a row has
    priority 0."""

    _name = "livechat_iconic.channel.agent"
    _description = "Live Chat Agent Priority in a Queue"
    _order = "channel_id, priority desc, id"

    channel_id = fields.Many2one(
        "im_livechat.channel", "Queue", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        "Agent",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("share", "=", False)],
    )
    priority = fields.Integer(
        default=0,
        help="Higher gets the queue's chats first (assigned routing), before less loaded "
        "agents of lower priority.",
    )

    _channel_user_unique = models.Constraint(
        "UNIQUE(channel_id, user_id)", "An agent has one priority per queue."
    )

    @api.model_create_multi
    def create(self, vals_list):
        rows = super().create(vals_list)
        rows._join_queue()
        self.env.registry.clear_cache()  # _livechat_priorities, on every Odoo process
        return rows

    def write(self, vals):
        result = super().write(vals)
        if {"channel_id", "user_id"} & set(vals):
            self._join_queue()
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    @api.model
    @tools.ormcache("queue_ids")
    def _livechat_priorities(self, queue_ids):
        """``{(queue id, user id): priority}`` of the queues ``queue_ids`` (a sorted tuple),
        kept in Odoo's cache: the routing reads no priority per chat. Every change of a
        priority clears it (Odoo signals that to its other processes). Read-only result."""
        # sudo: the routing reads every agent's priority, whoever starts the chat
        rows = self.sudo().search_read(
            [("channel_id", "in", list(queue_ids))],
            ["channel_id", "user_id", "priority"],
            load=None,
        )
        return {(row["channel_id"], row["user_id"]): row["priority"] for row in rows}

    def _join_queue(self):
        """An agent given a priority in a queue serves it (Odoo's ``user_ids``)."""
        for row in self:
            if row.user_id not in row.channel_id.user_ids:
                row.channel_id.user_ids = [fields.Command.link(row.user_id.id)]
