"""19.0.1.3.0: Live Chat > Agents opens through a server action (agents see their own
queues' agents, managers every agent), which takes over the address ``livechat-agents``
from the window action: the window action lets go of it first (Odoo checks that an address
is unique across all actions before the window action's update would be saved)."""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """
            UPDATE ir_act_window SET path = NULL
             WHERE id IN (SELECT res_id FROM ir_model_data
                           WHERE module = 'livechat_iconic'
                             AND name = 'res_users_action_livechat_agents')
            """
        )
    )
