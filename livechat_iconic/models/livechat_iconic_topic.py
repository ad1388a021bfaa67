from odoo import api, fields, models, tools


class LivechatIconicTopic(models.Model):
    """A topic the website's chat widget offers before the chat starts (Sales, Support,
    Bookings...): the visitor who picks it lands in the topic's queue."""

    _name = "livechat_iconic.topic"
    _description = "Live Chat Topic"
    _order = "channel_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    channel_id = fields.Many2one(
        "im_livechat.channel",
        "Offered By",
        required=True,
        index=True,
        ondelete="cascade",
        help="The queue whose chat widget offers this topic (the website's queue).",
    )
    target_channel_id = fields.Many2one(
        "im_livechat.channel",
        "Queue",
        required=True,
        ondelete="cascade",
        help="The queue a visitor who picks this topic lands in.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        topics = super().create(vals_list)
        self.env.registry.clear_cache()  # _livechat_widget_topics
        return topics

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()  # _livechat_widget_topics
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # _livechat_widget_topics
        return result

    @api.model
    @tools.ormcache("channel_id", "self.env.lang")
    def _livechat_widget_topics(self, channel_id):
        """The topics the widget of queue ``channel_id`` offers, ``[{id, name}]`` in the
        visitor's language; cached: the widget asks on every page view."""
        # sudo: the topics' names are public, the widget shows them to every visitor
        topics = self.sudo().search([("channel_id", "=", channel_id)])
        return tuple((t.id, t.name) for t in topics)
