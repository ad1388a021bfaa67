from datetime import timedelta

from odoo import api, fields, models

from ..lib import email_proof as rules

#: Codes one session may ask for (the hourly mail cap bounds them across sessions).
CODES_PER_SESSION = 3

# what ``_livechat_send_code`` and ``_livechat_check_code`` answer
SENT = "sent"
TOO_MANY = "too_many"
CAPPED = "capped"
NO_CODE = "none"


class LivechatEmailProof(models.Model):
    """A visitor's proof that they hold an e-mail address: a one-time code sent there
    (rules in ``lib/email_proof.py``). Only then does the company e-mail that address a
    transcript on the visitor's word. A proof belongs to the visitor who asked for it
    (their guest, or their contact when signed in) and holds for their later chats too.
    Nobody reads these rows but the code itself (and the administrator)."""

    _name = "livechat_iconic.email.proof"
    _description = "Live Chat E-mail Proof"
    _order = "id desc"

    channel_id = fields.Many2one(
        "discuss.channel", "Session", required=True, index=True, ondelete="cascade"
    )
    guest_id = fields.Many2one("mail.guest", index="btree_not_null", ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", "Contact", index="btree_not_null", ondelete="cascade"
    )
    email = fields.Char("E-mail", required=True, help="Normalised.")
    code_digest = fields.Char(required=True, groups="base.group_system")
    expires_dt = fields.Datetime("Code Expires On", required=True)
    attempts = fields.Integer("Tries")
    proven_dt = fields.Datetime("Proven On")

    @api.autovacuum
    def _gc_livechat_unproven(self):
        """Codes never confirmed go a day after they expired (proven addresses stay: they
        hold for the visitor's later chats, and go with the guest or the contact)."""
        self.search(
            [
                ("proven_dt", "=", False),
                ("expires_dt", "<", fields.Datetime.now() - timedelta(days=1)),
            ]
        ).unlink()

    @api.model
    def _livechat_persona(self):
        """The visitor making the request, as the values of their proofs
        (``{"partner_id": …}`` when signed in, ``{"guest_id": …}``), or ``{}``."""
        partner, guest = self.env["res.partner"]._get_current_persona()
        if partner and not self.env.user._is_public():
            return {"partner_id": partner.id}
        if guest:
            return {"guest_id": guest.id}
        return {}

    @api.model
    def _livechat_persona_domain(self):
        """The proofs of the visitor making the request, or None for nobody."""
        return [(name, "=", value) for name, value in self._livechat_persona().items()] or None

    @api.model
    def _livechat_is_proven(self, email):
        """Whether the visitor making the request proved ``email`` (normalised)."""
        persona = self._livechat_persona_domain()
        if not persona:
            return False
        # sudo: the visitor's own proofs, which nobody but the code reads
        return bool(
            self.sudo().search_count(
                [*persona, ("email", "=", email), ("proven_dt", "!=", False)], limit=1
            )
        )

    @api.model
    def _livechat_send_code(self, channel, email):
        """E-mail a new code to ``email`` (normalised) for the visitor of ``channel``
        making the request: ``SENT``, else ``TOO_MANY`` (the session asked for
        ``CODES_PER_SESSION`` already) or ``CAPPED`` (the hourly mail cap)."""
        persona = self._livechat_persona_domain()
        # sudo: counting the session's codes, which the visitor cannot read
        proofs = self.sudo()
        if not persona or proofs.search_count([("channel_id", "=", channel.id)]) >= (
            CODES_PER_SESSION
        ):
            return TOO_MANY
        if self.env["livechat_iconic.throttle"]._livechat_mail_over_cap():
            return CAPPED
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        code, proof = rules.new_proof(secret, fields.Datetime.now())
        proofs.create(
            {
                **self._livechat_persona(),
                "channel_id": channel.id,
                "email": email,
                "code_digest": proof.digest,
                "expires_dt": proof.expires_at,
            }
        )
        self._livechat_mail_code(channel, email, code)
        return SENT

    @api.model
    def _livechat_mail_code(self, channel, email, code):
        """The code's e-mail: the company's words and the code, nothing the visitor wrote;
        queued for Odoo's mail cron."""
        # sudo: the visitor's language, as the transcript's
        customer = channel.sudo().livechat_customer_history_ids[:1]
        lang = customer.partner_id.lang or customer.guest_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        company = env.company
        body = env["ir.qweb"]._render(
            "livechat_iconic.livechat_email_proof_code",
            {"code": code, "minutes": rules.CODE_TTL_MINUTES, "company": company},
            minimal_qcontext=True,
        )
        # sudo: a visitor makes the company queue this one mail (counted in the mail cap)
        env["mail.mail"].sudo().with_context(livechat_iconic_queue_mail=True).create(
            {
                "subject": env._("Your code: %(code)s", code=code),
                "email_from": company.catchall_formatted or company.email_formatted,
                "email_to": email,
                "body_html": body,
                "auto_delete": True,
            }
        ).send()

    @api.model
    def _livechat_check_code(self, email, code):
        """Check ``code`` (cleaned) for the newest code sent to ``email`` (normalised) for
        the visitor making the request: ``(verdict, tries left)``, the verdict one of
        ``lib.email_proof``'s or ``NO_CODE``. A wrong code uses a try, written in the
        request's transaction: the caller answers without an error (which would roll it
        back), and two checks at once conflict on the row, so one is retried and sees
        the other's try."""
        persona = self._livechat_persona_domain()
        if not persona:
            return NO_CODE, 0
        # sudo: the visitor's own proofs, which nobody but the code reads
        proof = self.sudo().search(
            [*persona, ("email", "=", email), ("proven_dt", "=", False)], limit=1
        )
        if not proof:
            return NO_CODE, 0
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        state = rules.Proof(proof.code_digest, proof.expires_dt, proof.attempts)
        now = fields.Datetime.now()
        verdict = rules.check_code(state, code, secret, now)
        if verdict == rules.OK:
            proof.proven_dt = now
        elif verdict == rules.WRONG:
            proof.attempts += 1
            proof.flush_recordset(["attempts"])
            return verdict, rules.MAX_ATTEMPTS - proof.attempts
        return verdict, state.attempts_left
