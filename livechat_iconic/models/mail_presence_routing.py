from datetime import timedelta

from odoo import api, fields, models

AWAY_PARAM = "livechat_iconic.away_after_minutes"
DEFAULT_AWAY_MINUTES = 15


class MailPresence(models.Model):
    _inherit = "mail.presence"

    @api.model
    def _livechat_away_seconds(self):
        """Idle time after which a user is Away (setting, default 15 minutes; Odoo: 30)."""
        value = self.env["ir.config_parameter"].sudo().get_param(AWAY_PARAM)
        try:
            minutes = int(value) if value else DEFAULT_AWAY_MINUTES
        except ValueError:
            minutes = DEFAULT_AWAY_MINUTES
        return max(minutes, 1) * 60

    @api.model
    def _update_presence(self, user_or_guest, inactivity_period=0):
        # Odoo's method, with the configurable idle time instead of its hard-coded
        # AWAY_TIMER (30 min): super() would write the other status first.
        away_ms = self._livechat_away_seconds() * 1000
        now = fields.Datetime.now()
        values = {
            "last_poll": now,
            "last_presence": now - timedelta(milliseconds=inactivity_period),
            "status": "away" if inactivity_period > away_ms else "online",
        }
        # sudo: res.users/mail.guest can update presence of accessible user/guest
        user_or_guest_sudo = user_or_guest.sudo()
        if presence := user_or_guest_sudo.presence_ids:
            presence.write(values)
        else:
            values["guest_id" if user_or_guest._name == "mail.guest" else "user_id"] = (
                user_or_guest.id
            )
            # sudo: res.users/mail.guest can update presence of accessible user/guest
            self.env["mail.presence"].sudo().create(values)

    @api.model_create_multi
    def create(self, vals_list):
        presences = super().create(vals_list)
        presences._livechat_dispatch_if_agent_came()
        return presences

    def _livechat_coming_back(self, vals):
        """Called by ``write`` (mail_presence.py) before it writes ``vals``: the users'
        presences that go from offline to online or away."""
        if vals.get("status") in ("online", "away"):
            return self.filtered(lambda p: p.user_id and p.status == "offline")
        return self.env["mail.presence"]

    def _livechat_dispatch_if_agent_came(self):
        """An agent signed in: queued chats may be assigned to them."""
        # sudo: reading which queues the users serve
        agents = (
            self.sudo()
            .filtered(lambda p: p.user_id and p.status in ("online", "away"))
            .user_id.filtered("livechat_channel_ids")
        )
        if agents:
            self.env["im_livechat.channel"]._livechat_trigger_dispatch()
