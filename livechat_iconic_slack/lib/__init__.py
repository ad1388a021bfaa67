"""Pure rules of the Slack addon (no Odoo import): notice content, retry policy."""
