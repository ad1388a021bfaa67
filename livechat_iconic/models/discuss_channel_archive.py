from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..lib.groups import LIVECHAT_USER_GROUP


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    livechat_message_search = fields.Char(
        "Word in a Message",
        compute="_compute_livechat_message_search",
        search="_search_livechat_message_search",
        help="Finds the sessions one of whose messages contains this text.",
        groups=LIVECHAT_USER_GROUP,
    )

    def _compute_livechat_message_search(self):
        self.livechat_message_search = False

    def _search_livechat_message_search(self, operator, value):
        """Sessions with a message whose body contains ``value``: one sub-query on
        mail_message, whatever the number of sessions (the outer search applies the
        record rules of discuss.channel). System notices (joined, left) are not messages."""
        if operator not in ("ilike", "like", "=ilike", "=like", "=") or not value:
            return NotImplemented
        pattern = str(value).replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
        if operator in ("ilike", "like"):
            pattern = f"%{pattern}%"
        sql_operator = SQL("LIKE") if operator in ("like", "=like", "=") else SQL("ILIKE")
        return Domain(
            "id",
            "in",
            SQL(
                "(SELECT res_id FROM mail_message WHERE model = 'discuss.channel'"
                " AND message_type NOT IN ('notification', 'user_notification')"
                " AND body %s %s)",
                sql_operator,
                pattern,
            ),
        )
