"""Pure rules of the live chat addon: no Odoo import, no database, testable with plain pytest."""
