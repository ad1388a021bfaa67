from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.mail.tools.discuss import Store

from ..lib.groups import LIVECHAT_MANAGER_GROUP, LIVECHAT_USER_GROUP


class MailCannedResponse(models.Model):
    """Odoo's canned responses, with a supervisor's approval for what agents propose.

    A live chat agent's new response is *proposed*: only its author (and the live chat
    managers, who review it) can read it, and only the author's composer offers it. A live
    chat manager approves it; from then on it is shared as Odoo shares it (``group_ids``) and
    the agents can no longer change it. Responses written by managers, by users who are not
    live chat agents, and those that existed before this addon, are approved. The record
    rules live in security/mail_canned_response_security.xml."""

    _inherit = "mail.canned.response"

    state = fields.Selection(
        [("proposed", "To Approve"), ("approved", "Approved")],
        default=lambda self: self._livechat_default_state(),
        required=True,
        index=True,
        copy=False,
        help="A live chat agent's response waits for a live chat manager's approval before "
        "the others see it.",
    )

    @api.model
    def _livechat_default_state(self):
        """Approved, unless written by a live chat agent who is not a manager. (At install,
        Odoo fills the existing rows with this default as superuser: they are approved.)"""
        user = self.env.user
        if (
            self.env.su
            or user.has_group(LIVECHAT_MANAGER_GROUP)
            or not user.has_group(LIVECHAT_USER_GROUP)
        ):
            return "approved"
        return "proposed"

    def _livechat_check_can_approve(self):
        if not (self.env.su or self.env.user.has_group(LIVECHAT_MANAGER_GROUP)):
            raise AccessError(_("Only a live chat manager can approve canned responses."))

    # -- ORM ----------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        default_state = self._livechat_default_state()
        if any(vals.get("state", default_state) != default_state for vals in vals_list):
            self._livechat_check_can_approve()
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals:
            self._livechat_check_can_approve()
        return super().write(vals)

    # -- actions ------------------------------------------------------------------------------
    def action_livechat_approve(self):
        """Approve the proposals (live chat managers only): they are shared from now on."""
        self._livechat_check_can_approve()
        self.filtered(lambda r: r.state == "proposed").write({"state": "approved"})
        return True

    # -- composer -----------------------------------------------------------------------------
    @api.model
    def _livechat_picker_domain(self):
        """What the composer's "::" picker offers: Odoo's own rule (mine, or shared with one
        of my groups), restricted to approved responses and my own proposals (a manager can
        read everyone's proposals to review them, but is not offered them)."""
        user = self.env.user
        return [
            "|",
            ("create_uid", "=", user.id),
            "&",
            ("group_ids", "in", user.all_group_ids.ids),
            ("state", "=", "approved"),
        ]

    def _broadcast(self, /, *, delete=False):
        """A proposal is pushed to its author's composer only; approved responses as Odoo
        does (to their groups)."""
        proposals = self.filtered(lambda r: r.state == "proposed")
        result = super(MailCannedResponse, self - proposals)._broadcast(delete=delete)
        for response in proposals:
            store = Store(bus_channel=response.create_uid)
            if delete:
                store.delete(response)
            else:
                store.add(response)
            store.bus_send()
        return result
