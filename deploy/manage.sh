#!/bin/sh
# Run a Glas management command with the server's settings, as the glas user:
#
#   /srv/glas/deploy/manage.sh migrate --no-input
#   /srv/glas/deploy/manage.sh createsuperuser
#
# Reads /etc/glas/glas.env (GLAS_ENV_FILE to read another) line by line, as systemd does: each
# NAME=value line is taken as it is, spaces and all, never run through the shell.
set -eu

ENV_FILE=${GLAS_ENV_FILE:-/etc/glas/glas.env}
APP=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${GLAS_PYTHON:-$APP/.venv/bin/python}

if [ "$(id -u)" = 0 ] && id glas >/dev/null 2>&1; then
    exec runuser -u glas -- "$0" "$@"
fi
[ -r "$ENV_FILE" ] || { echo "glas-manage: cannot read $ENV_FILE" >&2; exit 1; }

while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
        '' | '#'*) continue ;;
    esac
    name=${line%%=*}
    case "$name" in
        '' | *[!A-Za-z0-9_]*) continue ;;
    esac
    export "$name=${line#*=}"
done < "$ENV_FILE"

cd "$APP"
exec "$PYTHON" manage.py "$@"
