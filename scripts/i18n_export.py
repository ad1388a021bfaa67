"""Export the .pot templates of installed addons with Odoo's own exporter.

    python3 scripts/i18n_export.py -d DB [--output-dir DIR] MODULE... -- [ODOO OPTIONS]

Writes MODULE.pot for each MODULE into DIR, or into the module's own i18n/
folder when DIR is not given. The ODOO OPTIONS (--addons-path, --db_host,
--db_user...) are Odoo's, as on its command line. This is what
``odoo i18n export -d DB -o FILE MODULE`` does for one module (the same
``trans_export`` call), for several modules on one registry load.
"""

import argparse
import sys
from pathlib import Path


def main(argv):
    odoo_options = []
    if "--" in argv:
        argv, odoo_options = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--output-dir", type=Path)
    parser.add_argument("modules", nargs="+")
    args = parser.parse_args(argv)

    import odoo.init  # noqa: PLC0415, F401 (Odoo's core set-up, as its command line does first)
    from odoo import SUPERUSER_ID  # noqa: PLC0415
    from odoo.api import Environment  # noqa: PLC0415
    from odoo.modules import get_module_path  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415
    from odoo.tools.translate import trans_export  # noqa: PLC0415

    config.parse_config([*odoo_options, "-d", args.database])
    with Registry(args.database).cursor(readonly=True) as cr:
        env = Environment(cr, SUPERUSER_ID, {})
        installed = env["ir.module.module"].search(
            [("name", "in", args.modules), ("state", "=", "installed")]
        )
        missing = set(args.modules) - set(installed.mapped("name"))
        if missing:
            sys.exit(f"not installed in {args.database}: {', '.join(sorted(missing))}")
        for module in args.modules:
            folder = args.output_dir or Path(get_module_path(module), "i18n")
            folder.mkdir(parents=True, exist_ok=True)
            with (folder / f"{module}.pot").open("wb") as out:
                trans_export(None, [module], out, "po", env)
            print(folder / f"{module}.pot")


if __name__ == "__main__":
    main(sys.argv[1:])
