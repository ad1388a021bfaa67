"""19.0.1.2.0: a model of ours leaves Odoo's ``im_livechat.`` namespace: the agents'
priorities per queue, ``im_livechat.channel.agent``, are ``livechat_iconic.channel.agent``
(table ``livechat_iconic_channel_agent``); their rows, access rights and xml ids move
with it."""

from odoo.addons.livechat_iconic.tools.model_rename import rename_model, rename_xmlids


def migrate(cr, version):
    if not version:
        return
    rename_model(cr, "im_livechat.channel.agent", "livechat_iconic.channel.agent")
    rename_xmlids(
        cr,
        "livechat_iconic",
        {
            f"access_im_livechat_channel_agent_{group}": f"access_livechat_iconic_channel_agent_{group}"
            for group in ("user", "manager")
        },
    )
