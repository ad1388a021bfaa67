from odoo import api, fields, models

from ..lib import queue_choice, routing


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    livechat_topic_ids = fields.One2many(
        "livechat_iconic.topic",
        "channel_id",
        "Topics",
        help="Offered by this queue's chat widget before the chat starts; each sends the "
        "visitor to its queue. None: the visitor chats in this queue.",
    )
    livechat_fallback_channel_id = fields.Many2one(
        "im_livechat.channel",
        "Fallback Queue",
        ondelete="set null",
        help="When nobody in this queue can answer a new chat (everyone offline, on a "
        "break, in a call or full), the chat goes to this queue if someone there can.",
    )

    livechat_has_region_rules = fields.Boolean(
        "Has Region Rules",
        compute="_compute_livechat_has_region_rules",
        store=True,
        help="Some rule of this queue routes to another queue: a new chat looks for the "
        "matching rule (otherwise no rule is read when a chat starts).",
    )

    _livechat_fallback_not_itself = models.Constraint(
        "CHECK(livechat_fallback_channel_id IS NULL OR livechat_fallback_channel_id != id)",
        "A queue cannot be its own fallback.",
    )

    @api.depends("rule_ids.livechat_target_channel_id")
    def _compute_livechat_has_region_rules(self):
        for queue in self:
            queue.livechat_has_region_rules = bool(queue.rule_ids.livechat_target_channel_id)

    def _livechat_serving_queue_ids(self):
        """Ids of the queues in ``self`` where someone could get (assigned) or be offered
        (broadcast) a new chat now: the routing rule's eligibility, in one batch."""
        candidates = self._livechat_routing_candidates(to_choose=False)
        return frozenset(
            queue.id
            for queue, agents in candidates.items()
            if routing.eligible(
                queue.livechat_routing_mode or routing.ASSIGNED,
                agents,
                queue.block_assignment_during_call,
            )[0]
        )

    def _livechat_pick_queue(self, topic=None, url=None, country_id=None):
        """The queue a new chat of this queue's widget lands in (``lib/queue_choice``):
        the ``topic``'s queue, then the region rule of that queue matching the visitor's
        ``country_id`` and page ``url`` (Odoo's ``match_rule``), then its fallback queue
        when nobody there can answer. Returns ``(queue, QueueChoice)``."""
        self.ensure_one()
        topic_queue = topic.target_channel_id if topic else self.browse()
        reached = topic_queue or self
        # sudo: im_livechat.channel.rule - matching the queue's rules, as Odoo's widget does
        rule = self.env["im_livechat.channel.rule"]
        if reached.livechat_has_region_rules:  # stored: no rule is read for most queues
            rule = rule.sudo().match_rule(reached.id, url, country_id)
        region = rule.livechat_target_channel_id
        involved = self | topic_queue | region
        with_fallback = involved.filtered("livechat_fallback_channel_id")
        serving = (
            (involved | with_fallback.livechat_fallback_channel_id)._livechat_serving_queue_ids()
            if with_fallback
            else frozenset()
        )
        choice = queue_choice.choose_queue(
            self.id,
            topic_queue_id=topic_queue.id or None,
            region_queue_of={reached.id: region.id} if region else {},
            fallback_of={q.id: q.livechat_fallback_channel_id.id for q in with_fallback},
            serving=serving,
        )
        return self.browse(choice.queue_id), choice
