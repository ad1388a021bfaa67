"""Helpers that need Odoo (the pure ones are in ``lib/``)."""
