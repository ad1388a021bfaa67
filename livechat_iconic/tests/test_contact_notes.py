from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import LivechatIconicCase


@tagged("post_install", "-at_install")
class TestContactNotes(LivechatIconicCase):
    """Notes on the visitor's contact last across chats, are edited with their history
    kept, are never deleted, and only a live chat manager archives them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="iconic_notes_manager",
            groups="base.group_user,im_livechat.im_livechat_group_manager",
            name="Manon Manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Vera Valued", "email": "vera@customer.example"}
        )
        cls.other = cls.env["res.partner"].create(
            {"name": "Otto Other", "email": "otto@other.example"}
        )
        Note = cls.env["livechat_iconic.contact.note"]
        cls.note = Note.with_user(cls.agent).create(
            {"partner_id": cls.customer.id, "body": "Prefers e-mail, fleet of 40 trucks"}
        )
        cls.env.flush_all()
        cls.env.cr.precommit.run()  # the note's creation is logged before the tests edit it

    def _chat_with(self, partner):
        """A chat whose visitor typed ``partner``'s e-mail and the agent confirmed it."""
        channel = self.visitor_session("Hello", contact={"email": partner.email})
        channel.with_user(self.agent).action_livechat_confirm_contact()
        self.assertEqual(channel.livechat_partner_id, partner)
        return channel

    def _side_panel(self, channel):
        """What the chat's Information panel fetches, as the signed-in agent."""
        result = self.make_jsonrpc_request(
            "/mail/data",
            {"fetch_params": [["/im_livechat/session/data", {"channel_id": channel.id}]]},
        )
        (data,) = [values for values in result["discuss.channel"] if values["id"] == channel.id]
        return data["livechat_contact_notes"]

    def flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()

    def test_note_follows_the_contact_not_a_claim(self):
        first = self._chat_with(self.customer)
        added = first.with_user(self.agent).livechat_add_contact_note("Call back after 3 pm")
        self.assertEqual(added["author"], "Alice Agent")
        later = self._chat_with(self.customer)
        with_other = self._chat_with(self.other)
        # an anonymous visitor who only typed Vera's e-mail: a claim nobody confirmed
        stranger = self.visitor_session("Hi", contact={"email": self.customer.email})
        self.assertEqual(
            stranger.with_user(self.agent).livechat_suggested_partner_id, self.customer
        )
        self.assertFalse(stranger.livechat_partner_id)

        self.authenticate(self.agent.login, self.agent.login)
        panel = self._side_panel(later)
        self.assertEqual(panel["partner_id"], self.customer.id)
        self.assertEqual(
            sorted(note["body"] for note in panel["notes"]),
            ["Call back after 3 pm", "Prefers e-mail, fleet of 40 trucks"],
        )
        self.assertEqual(self._side_panel(with_other)["notes"], [])
        self.assertIs(self._side_panel(stranger), False, "a claim shows no contact's notes")
        with self.assertRaises(UserError):
            stranger.with_user(self.agent).livechat_add_contact_note("Nice person")

    def test_edit_keeps_the_previous_version(self):
        note = self.note.with_user(self.agent_bob)
        note.write({"body": "Prefers phone now, fleet of 55 trucks"})
        self.flush_tracking()
        # the chatter of the note shows it to every agent; read it here as the system
        tracking = (
            self.env["livechat_iconic.contact.note"]
            .browse(note.id)
            .message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "body")
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_text, "Prefers e-mail, fleet of 40 trucks")
        self.assertEqual(tracking.new_value_text, "Prefers phone now, fleet of 55 trucks")
        self.assertEqual(tracking.mail_message_id.author_id, self.agent_bob.partner_id)
        self.assertTrue(tracking.mail_message_id.date)
        self.assertEqual(note.author_id, self.agent, "the author stays who wrote it first")
        with self.assertRaises(UserError):
            note.write({"body": "  "})
        with self.assertRaises(UserError):
            note.write({"partner_id": self.other.id})

    def test_nobody_deletes(self):
        for user in (self.agent, self.manager):
            for context in ({}, {"livechat_iconic_erase": True}):
                with self.subTest(user=user.login, context=context), self.assertRaises(UserError):
                    self.note.with_user(user).with_context(**context).unlink()
        with self.assertRaises(UserError):
            self.note.sudo().unlink()
        self.assertTrue(self.note.exists())

    def test_notes_never_block_deleting_their_contact(self):
        """The notes (archived ones and their edit history too) go with their contact."""
        self.note.with_user(self.agent).body = "Prefers phone calls"
        archived = self.note.copy({"body": "Old address: 1 Main Street"})
        archived.with_user(self.manager).action_archive()
        self.flush_tracking()
        notes = self.note | archived
        history = self.env["mail.message"].search(
            [("model", "=", notes._name), ("res_id", "in", notes.ids)]
        )
        self.assertTrue(history, "precondition: the edits are tracked")
        other_note = self.env["livechat_iconic.contact.note"].create(
            {"partner_id": self.other.id, "body": "Kept"}
        )
        self.customer.unlink()
        self.assertFalse(notes.exists())
        self.assertFalse(history.exists(), "their edit history goes too")
        self.assertTrue(other_note.exists())

    def test_only_a_manager_archives(self):
        with self.assertRaises(UserError):
            self.note.with_user(self.agent).action_archive()
        with self.assertRaises(UserError):
            self.env["livechat_iconic.contact.note"].with_user(self.agent).create(
                {"partner_id": self.customer.id, "body": "hidden", "active": False}
            )
        self.assertTrue(self.note.active)
        self.note.with_user(self.manager).action_archive()
        self.assertFalse(self.note.active)
        self.assertFalse(self.customer.with_user(self.agent).livechat_contact_note_ids)
        with self.assertRaises(UserError):
            self.note.with_user(self.agent).action_unarchive()
        self.note.with_user(self.manager).action_unarchive()
        self.assertTrue(self.note.active)

    def test_contact_form_smart_button(self):
        partner = self.customer.with_user(self.agent)
        self.assertEqual(partner.livechat_contact_note_count, 1)
        action = partner.action_livechat_contact_notes()
        notes = self.env[action["res_model"]].with_user(self.agent).search(action["domain"])
        self.assertEqual(notes, self.note)
        arch = partner.get_views([[False, "form"]])["views"]["form"]["arch"]
        self.assertIn("action_livechat_contact_notes", arch)
        views = notes.get_views([[False, "list"], [False, "form"], [False, "search"]])["views"]
        self.assertIn("<chatter", views["form"]["arch"], "the versions are in the chatter")

    def test_portal_user_cannot_read_notes(self):
        portal = new_test_user(self.env, login="iconic_notes_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.note.with_user(portal).read(["body"])

    def test_side_panel_tour(self):
        """In a real browser: the agent sees, edits and adds notes in the chat's panel."""
        channel = self._chat_with(self.customer)
        channel.with_user(self.agent).action_livechat_take()
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{channel.id}",
            "livechat_iconic_contact_notes",
            login=self.agent.login,
        )
        notes = self.customer.livechat_contact_note_ids
        self.assertEqual(
            sorted(notes.mapped("body")),
            ["Prefers phone now, fleet of 55 trucks", "Wants a demo of the fuel sensor"],
        )
        self.assertEqual(notes.filtered(lambda n: n.body.startswith("Wants")).channel_id, channel)
        self.assertEqual(notes.create_uid, self.agent)
