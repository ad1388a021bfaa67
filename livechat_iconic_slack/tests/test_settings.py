from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSlackSettings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(cls.env, login="slack_admin", groups="base.group_system")

    def test_settings_are_stored_and_the_token_is_for_administrators(self):
        settings = Form(self.env["res.config.settings"].with_user(self.admin))
        settings.livechat_slack_enabled = True
        settings.livechat_slack_channel = "#support"
        settings.livechat_slack_bot_token = "xoxb-test-token"
        settings.save().execute()
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("livechat_iconic_slack.enabled"), "True")
        self.assertEqual(params.get_param("livechat_iconic_slack.channel"), "#support")
        self.assertEqual(params.get_param("livechat_iconic_slack.bot_token"), "xoxb-test-token")
        field = self.env["res.config.settings"]._fields["livechat_slack_bot_token"]
        self.assertEqual(field.groups, "base.group_system")
