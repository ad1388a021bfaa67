from odoo import api, fields, models


class LivechatEraseVisitor(models.TransientModel):
    """ "Erase this visitor": says what goes, and erases it on confirmation. Opened from a
    contact (Action menu) or a live chat session (its form's button, the Action menu)."""

    _name = "livechat_iconic.erase.visitor"
    _description = "Erase a Live Chat Visitor"

    partner_ids = fields.Many2many("res.partner", string="Contacts", readonly=True)
    session_ids = fields.Many2many("discuss.channel", string="Chats", readonly=True)
    summary = fields.Text(compute="_compute_summary")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if model == "res.partner":
            values["partner_ids"] = [fields.Command.set(ids)]
        elif model == "discuss.channel":
            sessions = self.env["discuss.channel"].browse(ids)
            partners, sessions = sessions._livechat_visitor_to_erase()
            values["partner_ids"] = [fields.Command.set(partners.ids)]
            values["session_ids"] = [fields.Command.set(sessions.ids)]
        return values

    @api.depends("partner_ids", "session_ids")
    def _compute_summary(self):
        for wizard in self:
            # sudo: counting what the manager is about to erase
            partners = wizard.partner_ids.sudo()
            chats = wizard.session_ids.sudo() | partners._livechat_sessions()
            notes = (
                self.env["livechat_iconic.contact.note"]
                .sudo()
                .with_context(active_test=False)
                .search_count([("partner_id", "in", partners.ids)])
            )
            who = ", ".join(partners.mapped("display_name")) or self.env._("an anonymous visitor")
            wizard.summary = self.env._(
                "Erases what live chat keeps about %(who)s: the text of %(chats)s chats, "
                "their attachments, the visitor's details and context, the copies on their "
                "tickets and leads, their Slack notices, and %(notes)s contact notes. This "
                "cannot be undone. The chats stay counted in the reports (states, times, "
                "agents, ratings); the contacts themselves stay.",
                who=who,
                chats=len(chats),
                notes=notes,
            )

    def action_erase(self):
        self.ensure_one()
        self.env["discuss.channel"]._livechat_check_may_erase()
        # sudo: a live chat manager erases (checked above)
        self.partner_ids.sudo()._livechat_erase_personal_data()
        self.session_ids.sudo()._livechat_erase_personal_data()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("The visitor's live chat data were erased."),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
