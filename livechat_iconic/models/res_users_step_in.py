from odoo import models

from ..lib.groups import LIVECHAT_MANAGER_GROUP


class ResUsers(models.Model):
    _inherit = "res.users"

    def _init_store_data(self, store):
        result = super()._init_store_data(store)
        # whether I transfer chats of queues that leave it to supervisors
        # (discuss_channel_step_in.py): the chat window shows its Transfer action then
        store.add_global_values(
            livechat_iconic_reassigns=self.env.user.has_group(LIVECHAT_MANAGER_GROUP)
        )
        return result
