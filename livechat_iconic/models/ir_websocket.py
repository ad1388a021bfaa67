from odoo import models

from .discuss_channel import BOARD_SUBCHANNEL, LIVECHAT_USER_GROUP

# The name an open Customers Waiting board subscribes to (board_live_hook.js)
BOARD_CHANNEL = "livechat_iconic.board"


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """An open board asks for ``livechat_iconic.board``: live chat agents then get the
        board's subchannel of their group; others get nothing."""
        # records and tuples are in the list too: compare strings only
        asked = any(isinstance(c, str) and c == BOARD_CHANNEL for c in channels)
        channels = [c for c in channels if not (isinstance(c, str) and c == BOARD_CHANNEL)]
        if asked and self.env.user.has_group(LIVECHAT_USER_GROUP):
            channels.append((self.env.ref(LIVECHAT_USER_GROUP), BOARD_SUBCHANNEL))
        return super()._build_bus_channel_list(channels)
