#!/usr/bin/env bash
# Refreshes the translation files of our three addons after their translatable
# terms changed (run_tests.sh fails on a stale .pot):
#
#   bash scripts/update_translations.sh [DB]
#
#   1. without DB, installs the addons in a fresh database (as run_tests.sh
#      does, no demo data), dropped at the end; with DB, uses that database,
#      where the addons must be installed and up to date (-u);
#   2. exports each addon's i18n/<addon>.pot with Odoo's own exporter;
#   3. merges each existing i18n/<lang>.po with its new .pot (GNU gettext's
#      msgmerge): new terms come in untranslated, changed ones fuzzy, and
#      removed ones are dropped. Translate those, then commit the i18n/ files.
#
# Environment: as run_tests.sh (PYTHON, PGHOST, PGPORT, DB_USER).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
mkdir -p "$LOCAL_DIR"

odoo_importable || {
    echo "Odoo 19 is not importable by $PYTHON: $ODOO_IMPORT_ERROR" >&2
    exit 1
}
ensure_postgres && ensure_db_user && odoo_argv || exit 1

DB="${1:-}"
TEMP_DB=""
if [ -z "$DB" ]; then
    TEMP_DB="iconic_i18n_$(date +%Y%m%d_%H%M%S)_$$"
    DB="$TEMP_DB"
    trap 'drop_db "$TEMP_DB"' EXIT
    info "Installing ${ALL_MODULES} in database $DB (log: .local/odoo-i18n-install.log)"
    "${ODOO_ARGV[@]}" -d "$DB" -i "$ALL_MODULES" --stop-after-init --http-port="$(free_port)" \
        --http-interface=127.0.0.1 --workers=0 --max-cron-threads=0 \
        >"${LOCAL_DIR}/odoo-i18n-install.log" 2>&1 || {
        echo "The install failed: see .local/odoo-i18n-install.log" >&2
        exit 1
    }
fi

info "Exporting the .pot files from $DB"
export_pots "$DB" || exit 1

if ! command -v msgmerge >/dev/null 2>&1; then
    warn "msgmerge (GNU gettext) is missing: the .po files were not merged (apt-get install gettext)"
    exit 1
fi
for module in ${OUR_MODULES//,/ }; do
    for po in "$module"/i18n/*.po; do
        [ -f "$po" ] || continue
        info "Merging $po"
        msgmerge --quiet --update --backup=none "$po" "$module/i18n/$module.pot" || exit 1
        # msgmerge keeps obsolete terms as "#~" comments: drop them.
        msgattrib --no-obsolete --output-file="$po" "$po" || exit 1
    done
done
info "Done: translate the new (empty) and fuzzy entries of the .po files, then commit the i18n/ folders"
