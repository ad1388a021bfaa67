"""Renaming a model of ours in a database that holds it under its old name, for the
``pre-migrate.py`` scripts of our addons (``migrations/<version>/``), which Odoo runs on
``-u`` before it loads the renamed model.

What OpenUpgrade's ``openupgradelib.rename_models`` and ``rename_tables`` do, for what our
models use (that library is not a dependency of ours): the table with its sequence,
indexes and constraints, Odoo's reflection of the model (``ir_model``, its fields, their
xml ids, its SQL constraints) and the records that name the model (xml ids, attachments,
messages, followers, activities, filters, views, window actions). Each step checks what
exists, so a script may run on a database where part of it was done already.
"""

import logging

from odoo.tools import SQL
from odoo.tools.sql import make_identifier, table_exists

_logger = logging.getLogger(__name__)

#: (table, column) holding a model's name, in Odoo's and mail's tables
MODEL_NAME_COLUMNS = (
    ("ir_model_data", "model"),
    ("ir_attachment", "res_model"),
    ("ir_filters", "model_id"),
    ("ir_ui_view", "model"),
    ("ir_act_window", "res_model"),
    ("mail_message", "model"),
    ("mail_followers", "res_model"),
    ("mail_activity", "res_model"),
)


def _like_prefix(prefix):
    """A LIKE pattern for names starting with ``prefix``."""
    return prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%"


def rename_table(cr, old, new):
    """Renames table ``old`` to ``new`` with its id sequence, and the constraints and
    indexes whose names start with ``old_`` (Odoo's names: primary key, unique and
    check constraints, ``<table>__<column>_index``), as Odoo names them for the new table
    (``make_identifier``: at most 63 characters). Returns whether it renamed."""
    if not table_exists(cr, old) or table_exists(cr, new):
        return False
    cr.execute(SQL("ALTER TABLE %s RENAME TO %s", SQL.identifier(old), SQL.identifier(new)))
    cr.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND conname LIKE %s",
        [new, _like_prefix(f"{old}_")],
    )
    for (name,) in cr.fetchall():
        cr.execute(
            SQL(
                "ALTER TABLE %s RENAME CONSTRAINT %s TO %s",
                SQL.identifier(new),
                SQL.identifier(name),
                SQL.identifier(make_identifier(new + name[len(old) :])),
            )
        )
    # the indexes left (those of the constraints above were renamed with them)
    cr.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname LIKE %s",
        [new, _like_prefix(f"{old}_")],
    )
    for (name,) in cr.fetchall():
        cr.execute(
            SQL(
                "ALTER INDEX %s RENAME TO %s",
                SQL.identifier(name),
                SQL.identifier(make_identifier(new + name[len(old) :])),
            )
        )
    # the sequences the table owns (its id's; a many2many table has none)
    cr.execute(
        """SELECT s.relname FROM pg_class s
             JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
            WHERE s.relkind = 'S' AND d.refobjid = %s::regclass AND s.relname LIKE %s""",
        [new, _like_prefix(f"{old}_")],
    )
    for (name,) in cr.fetchall():
        cr.execute(
            SQL(
                "ALTER SEQUENCE %s RENAME TO %s",
                SQL.identifier(name),
                SQL.identifier(make_identifier(new + name[len(old) :])),
            )
        )
    _logger.info("Renamed table %s to %s", old, new)
    return True


def rename_model(cr, old, new):
    """Renames model ``old`` (e.g. ``"livechat.lead.region"``) to ``new`` in the
    database: its table if it has one, Odoo's reflection of it and the records that name
    it. The fields of other models pointing to it follow (``ir_model_fields.relation``).
    Many2many tables named after the model are renamed with ``rename_m2m``."""
    old_table, new_table = old.replace(".", "_"), new.replace(".", "_")
    cr.execute("SELECT id FROM ir_model WHERE model = %s", [old])
    if not cr.rowcount:
        return False
    rename_table(cr, old_table, new_table)
    cr.execute("UPDATE ir_model SET model = %s WHERE model = %s", [new, old])
    cr.execute("UPDATE ir_model_fields SET model = %s WHERE model = %s", [new, old])
    cr.execute("UPDATE ir_model_fields SET relation = %s WHERE relation = %s", [new, old])
    for table, column in MODEL_NAME_COLUMNS:
        if table_exists(cr, table):
            cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s WHERE %s = %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    new,
                    SQL.identifier(column),
                    old,
                )
            )
    # the xml ids Odoo gives the model, its fields, their selection values and its SQL
    # constraints: left under their old names, they would be taken for records no module
    # declares any more, and deleted at the end of the update (a deleted selection value
    # empties the field where records hold it)
    cr.execute(
        "UPDATE ir_model_data SET name = %s WHERE model = 'ir.model' AND name = %s",
        [f"model_{new_table}", f"model_{old_table}"],
    )
    for prefix, separator, model in (
        ("field_", "__", "ir.model.fields"),
        ("selection__", "__", "ir.model.fields.selection"),
        ("constraint_", "_", "ir.model.constraint"),
    ):
        cr.execute(
            """UPDATE ir_model_data SET name = %s || substr(name, %s)
                WHERE model = %s AND name LIKE %s""",
            [
                f"{prefix}{new_table}",
                len(f"{prefix}{old_table}") + 1,
                model,
                _like_prefix(f"{prefix}{old_table}{separator}"),
            ],
        )
    cr.execute(
        """UPDATE ir_model_constraint SET name = %s || substr(name, %s)
            WHERE model = (SELECT id FROM ir_model WHERE model = %s) AND name LIKE %s""",
        [new_table, len(old_table) + 1, new, _like_prefix(f"{old_table}_")],
    )
    _logger.info("Renamed model %s to %s", old, new)
    return True


def rename_m2m(cr, old_table, new_table, columns):
    """Renames the many2many table ``old_table`` to ``new_table`` and its ``columns``
    (``{old column: new column}``), in PostgreSQL and in Odoo's reflection of it
    (``ir_model_relation``, the fields' ``relation_table`` and ``column1``/``column2``)."""
    if rename_table(cr, old_table, new_table):
        for old_column, new_column in columns.items():
            cr.execute(
                SQL(
                    "ALTER TABLE %s RENAME COLUMN %s TO %s",
                    SQL.identifier(new_table),
                    SQL.identifier(old_column),
                    SQL.identifier(new_column),
                )
            )
    cr.execute("UPDATE ir_model_relation SET name = %s WHERE name = %s", [new_table, old_table])
    cr.execute(
        "UPDATE ir_model_fields SET relation_table = %s WHERE relation_table = %s",
        [new_table, old_table],
    )
    for old_column, new_column in columns.items():
        for side in ("column1", "column2"):
            cr.execute(
                SQL(
                    "UPDATE ir_model_fields SET %s = %s WHERE relation_table = %s AND %s = %s",
                    SQL.identifier(side),
                    new_column,
                    new_table,
                    SQL.identifier(side),
                    old_column,
                )
            )


def rename_xmlids(cr, module, names):
    """Renames xml ids of ``module``: ``{old name: new name}`` (without the module)."""
    for old, new in names.items():
        cr.execute(
            "UPDATE ir_model_data SET name = %s WHERE module = %s AND name = %s",
            [new, module, old],
        )
