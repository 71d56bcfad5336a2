#!/bin/sh
# Back up Glas: the database and the uploaded files, into one dated folder.
#
#   deploy/backup.sh [FOLDER]        (default: $GLAS_BACKUP_DIR, else /var/backups/glas)
#
# Reads DATABASE_URL, MEDIA_ROOT and GLAS_PRIVATE_ROOT from the environment, else from
# /etc/glas/glas.env (GLAS_ENV_FILE to read another). Writes FOLDER/glas-YYYYmmddTHHMMSSZ/ with
#   database.dump     pg_dump's custom format (restored with pg_restore, see restore.sh)
#   media.tar.gz      MEDIA_ROOT: images and documents
#   private.tar.gz    GLAS_PRIVATE_ROOT: students' essay files (personal data: keep it safe)
#   buckets.tar.gz    instead of the two above when uploads are in S3: both buckets' objects
#   SHA256SUMS        to check the copy before restoring it
# The folder gets its name only once everything is written, so a half-made backup never looks
# complete. Backups older than GLAS_BACKUP_KEEP_DAYS (14) are deleted. Run it as root or as the
# glas user; deploy/README.md ("Backups") has a timer for it and says where to copy the folder.
set -eu

ENV_FILE=${GLAS_ENV_FILE:-/etc/glas/glas.env}
HERE=$(cd "$(dirname "$0")" && pwd)
KEEP_DAYS=${GLAS_BACKUP_KEEP_DAYS:-14}

say() { printf 'glas-backup: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

# The value of a setting: from the environment, else the last NAME=value line of the env file.
env_value() {
    eval "value=\${$1:-}"
    if [ -z "$value" ] && [ -r "$ENV_FILE" ]; then
        value=$(sed -n "s/^$1=//p" "$ENV_FILE" | tail -n 1)
    fi
    printf '%s' "$value"
}

# --- Database --------------------------------------------------------------------------------
backup_database() {
    url=$(env_value DATABASE_URL)
    case "$url" in
        postgres://* | postgresql://*)
            say "database: pg_dump"
            pg_dump --format=custom --compress=6 --no-owner --no-privileges \
                --file="$1/database.dump" --dbname="$url"
            ;;
        "") fail "DATABASE_URL is not set (in the environment or $ENV_FILE)" ;;
        *) fail "DATABASE_URL is not PostgreSQL; this script backs up PostgreSQL only" ;;
    esac
}

# --- Folders on disk ---------------------------------------------------------------------------
# NAME FOLDER: FOLDER's content as NAME.tar.gz; nothing when the folder does not exist (uploads
# kept in buckets instead).
backup_folder() {
    if [ -z "$2" ] || [ ! -d "$2" ]; then
        say "$1: no folder ${2:-(not set)}, skipped"
        return 0
    fi
    say "$1: $2"
    tar -C "$2" -czf "$3/$1.tar.gz" .
}

# --- Buckets (S3) ------------------------------------------------------------------------------
# With AWS_STORAGE_BUCKET_NAME set, uploads live in the public and private buckets, not in the
# folders above: every object of both is copied out (through Glas's own storages, so the same
# credentials) into buckets.tar.gz.
backup_buckets() {
    [ -n "$(env_value AWS_STORAGE_BUCKET_NAME)" ] || return 0
    say "buckets: every object of the public and the private bucket (manage.py backup_uploads)"
    objects="$1/.buckets"
    mkdir -p "$objects"
    if [ "$(id -u)" = 0 ] && id glas >/dev/null 2>&1; then
        chown glas "$1" "$objects"  # manage.sh runs as glas
    fi
    "$HERE/manage.sh" backup_uploads "$objects" >&2
    tar -C "$objects" -czf "$1/buckets.tar.gz" .
    rm -rf "$objects"
}

# --- The run ---------------------------------------------------------------------------------
DEST=${1:-${GLAS_BACKUP_DIR:-/var/backups/glas}}
umask 077
mkdir -p "$DEST"
name="glas-$(date -u +%Y%m%dT%H%M%SZ)"
work="$DEST/.$name.partial"
rm -rf "$work"
mkdir "$work"
trap 'rm -rf "$work"' EXIT INT TERM

backup_database "$work"
backup_folder media "$(env_value MEDIA_ROOT)" "$work"
backup_folder private "$(env_value GLAS_PRIVATE_ROOT)" "$work"
backup_buckets "$work"
(cd "$work" && sha256sum -- * > SHA256SUMS)

mv "$work" "$DEST/$name"
trap - EXIT INT TERM
say "written $DEST/$name"

find "$DEST" -mindepth 1 -maxdepth 1 -type d -name 'glas-*' -mtime +"$KEEP_DAYS" -exec rm -rf {} +
