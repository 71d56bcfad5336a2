"""Gunicorn settings for Glas (deploy/README.md). systemd starts it from glas-web@.service:

    gunicorn --config deploy/gunicorn.conf.py

Everything an operator may want to change comes from the environment (the unit sets the first
two from its instance name, e.g. glas-web@8000 listens on 127.0.0.1:8000):

    GLAS_BIND          where to listen: 127.0.0.1:8000 (nginx on the same machine, the
                       default), 0.0.0.0:8000 (a load balancer on another machine, with the
                       firewall closed to everyone else) or unix:/run/glas-web-8000/web.sock
    GLAS_RUN_DIR       this instance's own folder for its control socket (/run/glas-web-8000)
    GLAS_WEB_WORKERS   worker processes; default 2 per core plus 1 (about 150 MB each)
    GLAS_WEB_TIMEOUT   seconds a request may take before its worker is replaced (60)
"""

import multiprocessing
import os
import re

wsgi_app = "config.wsgi:application"
bind = [os.environ.get("GLAS_BIND", "127.0.0.1:8000")]


def _instance_name(address: str) -> str:
    """A name for this instance from its address: the port, or the socket's file name."""
    if address.startswith("unix:"):
        return os.path.basename(address[len("unix:") :]).rsplit(".", 1)[0]
    return re.sub(r"[^\w.-]", "-", address.rsplit(":", 1)[-1])


# Each instance has its own control socket (gunicornc -s PATH): two instances on one machine (a
# second site, or the next release started beside the running one) must never share the
# default ~/.gunicorn/gunicorn.ctl, where the second would take over the first one's socket.
_run_dir = os.environ.get("GLAS_RUN_DIR", "/run/glas")
control_socket = os.path.join(_run_dir, f"gunicorn-{_instance_name(bind[0])}.ctl")
control_socket_mode = 0o600

# Workers from the cores: sync workers, each handling one request at a time. nginx buffers
# request bodies (uploads) and answers, so a slow visitor never holds a worker.
workers = int(os.environ.get("GLAS_WEB_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = int(os.environ.get("GLAS_WEB_TIMEOUT", "60"))
# A graceful restart (systemctl reload: SIGHUP) lets each worker finish its request for up to
# this long, then starts workers with the new code; the listening socket is never closed.
graceful_timeout = 30
keepalive = 5
# Workers are replaced after this many requests (with some spread, so not all at once), which
# bounds what a slow leak in any library can grow to.
max_requests = 2000
max_requests_jitter = 200
# The application is loaded in each worker, so that a reload (SIGHUP) picks up new code.
preload_app = False

# Only nginx on this machine may say which scheme the visitor used (X-Forwarded-Proto); the
# visitor's address is worked out by Glas itself (GLAS_TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("GLAS_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stderr, which systemd keeps in the journal (journalctl -u glas-web@8000).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GLAS_WEB_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
proc_name = f"glas-web-{_instance_name(bind[0])}"
