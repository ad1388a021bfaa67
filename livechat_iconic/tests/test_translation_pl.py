from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPolishTranslation(TransactionCase):
    """The Polish translation shipped in i18n/pl.po loads as Odoo loads a language, and
    what visitors and agents read comes out in Polish."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pl_PL")
        # what loading a language does for each installed module, for ours only
        cls.env["ir.module.module"].search([("name", "=", "livechat_iconic")])._update_translations(
            "pl_PL"
        )
        cls.env_pl = cls.env(context=dict(cls.env.context, lang="pl_PL"))

    def test_visitor_text_in_polish(self):
        """The courtesy reminder a silent visitor gets (a Python string of the addon)."""
        reminder = self.env_pl["im_livechat.channel"]._livechat_reminder_default()
        self.assertTrue(reminder.startswith("Czy nadal tam jesteś?"), reminder)
        english = self.env["im_livechat.channel"]._livechat_reminder_default()
        self.assertTrue(english.startswith("Are you still there?"), english)

    def test_board_labels_in_polish(self):
        """The board's menu and action, and one of its columns (data and field labels)."""
        action = self.env_pl.ref("livechat_iconic.discuss_channel_action_board")
        self.assertEqual(action.name, "Oczekujący klienci")
        self.assertEqual(
            self.env_pl.ref("livechat_iconic.discuss_channel_menu_board").name, "Oczekujący klienci"
        )
        field = self.env_pl["discuss.channel"].fields_get(["livechat_waiting_dt"], ["string"])
        self.assertEqual(field["livechat_waiting_dt"]["string"], "Czeka od")
