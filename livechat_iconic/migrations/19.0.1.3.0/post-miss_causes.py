"""19.0.1.3.0: the miss causes are recorded from now on. The sessions of before had none
(their facts were never kept, and a cause is not made up afterwards): the targets
dashboard counts the misses without a cause from this moment
(``livechat_iconic.miss_causes_since``)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """INSERT INTO ir_config_parameter (key, value, create_date, write_date)
           VALUES ('livechat_iconic.miss_causes_since',
                   to_char(NOW() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
                   NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC')
           ON CONFLICT (key) DO NOTHING"""
    )
