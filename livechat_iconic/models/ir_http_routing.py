from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        info = super().session_info()
        if self.env.user._is_internal():
            # the web client reports idleness at the configured Away time (routing notices)
            info["livechat_iconic_away_ms"] = (
                self.env["mail.presence"]._livechat_away_seconds() * 1000
            )
        return info
