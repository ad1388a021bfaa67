from odoo import models


class ChatbotScriptStep(models.Model):
    _inherit = "chatbot.script.step"

    def _process_step_create_lead(self, discuss_channel):
        """A bot's lead (crm_livechat's "Create Lead" steps) is a lead from chat too: the
        session's country, the region's team and owner when the step names no team, the
        duplicate flag and the owner's follow-up deadline."""
        lead = super()._process_step_create_lead(discuss_channel)
        # sudo: the visitor's bot makes the lead; routing reads the region table
        discuss_channel.sudo()._livechat_complete_bot_lead(lead.sudo())
        return lead
