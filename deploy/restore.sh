#!/bin/sh
# Restore Glas from a folder written by deploy/backup.sh.
#
#   systemctl stop glas.target          (first: nothing may write while it runs)
#   deploy/restore.sh /var/backups/glas/glas-20261202T031500Z
#
# Reads DATABASE_URL, MEDIA_ROOT and GLAS_PRIVATE_ROOT as backup.sh does. In this order:
#   1. checks the copy against SHA256SUMS, and stops if anything differs;
#   2. the database: pg_restore in one transaction, replacing what is there (a failure leaves
#      the database as it was);
#   3. each folder: the current one is moved aside to FOLDER.before-restore-<time> (delete it
#      once the site is checked), the copy is unpacked in its place;
#   4. the buckets, when uploads are in S3.
# Then deploy/README.md ("Restoring") says what to run before starting the site again.
set -eu

ENV_FILE=${GLAS_ENV_FILE:-/etc/glas/glas.env}
HERE=$(cd "$(dirname "$0")" && pwd)

say() { printf 'glas-restore: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

env_value() {
    eval "value=\${$1:-}"
    if [ -z "$value" ] && [ -r "$ENV_FILE" ]; then
        value=$(sed -n "s/^$1=//p" "$ENV_FILE" | tail -n 1)
    fi
    printf '%s' "$value"
}

# --- Database --------------------------------------------------------------------------------
restore_database() {
    [ -f "$1/database.dump" ] || fail "$1 has no database.dump"
    url=$(env_value DATABASE_URL)
    case "$url" in
        postgres://* | postgresql://*) ;;
        "") fail "DATABASE_URL is not set (in the environment or $ENV_FILE)" ;;
        *) fail "DATABASE_URL is not PostgreSQL; this script restores PostgreSQL only" ;;
    esac
    say "database: pg_restore"
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
        --dbname="$url" "$1/database.dump"
}

# --- Folders on disk ---------------------------------------------------------------------------
# NAME FOLDER: NAME.tar.gz unpacked as FOLDER, the current FOLDER kept aside.
restore_folder() {
    archive="$3/$1.tar.gz"
    if [ ! -f "$archive" ]; then
        say "$1: not in this backup, left as it is"
        return 0
    fi
    [ -n "$2" ] || fail "$1: the backup has $1.tar.gz but no folder is set for it"
    fresh="$2.restoring"
    rm -rf "$fresh"
    mkdir -p "$fresh"
    tar -C "$fresh" -xzf "$archive"
    if [ -e "$2" ]; then
        # The folder keeps its owner's rights (the private one: nobody else may even list it).
        chmod "$(stat -c %a "$2")" "$fresh"
        aside="$2.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
        mv "$2" "$aside"
        say "$1: the current folder is kept as $aside"
    fi
    mv "$fresh" "$2"
    if [ "$(id -u)" = 0 ] && id glas >/dev/null 2>&1; then
        chown -R glas:glas "$2"
    fi
    say "$1: $2 restored"
}

# --- Buckets (S3) ------------------------------------------------------------------------------
# Every object of buckets.tar.gz back into the buckets configured now (under the same names).
restore_buckets() {
    [ -f "$1/buckets.tar.gz" ] || return 0
    [ -n "$(env_value AWS_STORAGE_BUCKET_NAME)" ] || fail "the backup holds buckets but AWS_STORAGE_BUCKET_NAME is not set"
    objects=$(mktemp -d)
    tar -C "$objects" -xzf "$1/buckets.tar.gz"
    if [ "$(id -u)" = 0 ] && id glas >/dev/null 2>&1; then
        chown -R glas "$objects"
    fi
    say "buckets: putting every object back (manage.py backup_uploads --restore)"
    "$HERE/manage.sh" backup_uploads --restore "$objects" >&2
    rm -rf "$objects"
}

# --- The run ---------------------------------------------------------------------------------
[ $# -eq 1 ] || fail "usage: restore.sh BACKUP_FOLDER"
BACKUP=$1
[ -f "$BACKUP/SHA256SUMS" ] || fail "$BACKUP is not a Glas backup (no SHA256SUMS)"
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet glas-web@8000.service glas-worker.service 2>/dev/null; then
    fail "Glas is running: systemctl stop glas.target first"
fi

say "checking $BACKUP"
(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS) || fail "$BACKUP is damaged: nothing was changed"

umask 027
restore_database "$BACKUP"
restore_folder media "$(env_value MEDIA_ROOT)" "$BACKUP"
restore_folder private "$(env_value GLAS_PRIVATE_ROOT)" "$BACKUP"
restore_buckets "$BACKUP"
say "done: now run the steps of deploy/README.md, \"Restoring\", then systemctl start glas.target"
