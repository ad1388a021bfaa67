from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def send(self, auto_commit=False, raise_exception=False, post_send_callback=None):
        """With ``livechat_iconic_queue_mail`` in the context, leave the mails to Odoo's
        mail queue (its cron sends them) instead of sending them in this request: a
        visitor's or an agent's request never waits for an SMTP server."""
        if self.env.context.get("livechat_iconic_queue_mail"):
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
            return True
        return super().send(
            auto_commit=auto_commit,
            raise_exception=raise_exception,
            post_send_callback=post_send_callback,
        )
