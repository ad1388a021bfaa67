from odoo import api, models


class RatingRating(models.Model):
    """A live chat session's rating that turns bad (Odoo's "ko": below "okay") tells the
    queue's supervisors (``discuss.channel._livechat_on_bad_rating``), whichever way the
    rating came: the widget's feedback route creates it, or rewrites it when the visitor
    rates again."""

    _inherit = "rating.rating"

    @api.model_create_multi
    def create(self, vals_list):
        ratings = super().create(vals_list)
        ratings._livechat_follow_up_bad()
        return ratings

    def write(self, vals):
        result = super().write(vals)
        if "rating" in vals or "consumed" in vals or "feedback" in vals:
            self._livechat_follow_up_bad()
        return result

    def _livechat_follow_up_bad(self):
        bad = self.filtered(
            lambda r: r.res_model == "discuss.channel" and r.consumed and r.rating_text == "ko"
        )
        if bad:
            # sudo: the visitor's rating reaches the session (a guest cannot read it)
            sessions = self.env["discuss.channel"].sudo().browse(bad.mapped("res_id")).exists()
            sessions.filtered(lambda c: c.channel_type == "livechat")._livechat_on_bad_rating()
