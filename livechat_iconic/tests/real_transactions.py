from odoo.modules.registry import Registry
from odoo.orm.environments import Transaction
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, get_db_name


class RealTransactionsCase(BaseCase):
    """Tests of concurrency: each transaction on its own PostgreSQL connection, as two
    Odoo workers would run them. The data must be committed for the connections to see
    each other's work: such tests commit their records and remove them afterwards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    @classmethod
    def _cursor(cls):
        """A real, independent connection to the test database (never Odoo's test cursor,
        which would serialise the transactions in Python instead of PostgreSQL). It is
        bound to the registry already loaded, which other threads could not look up while
        the test runner holds the registry lock."""
        cr = db_connect(get_db_name()).cursor()
        cr.transaction = Transaction(cls.registry)
        return cr
