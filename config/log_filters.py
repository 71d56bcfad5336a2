"""Log filters named in settings.LOGGING (kept free of Django imports: logging is configured
before the apps are loaded)."""

import logging


class DisallowedHostIsAWarning(logging.Filter):
    """A request for a host the site does not serve (a scanner, a misrouted name) is the
    client's mistake, answered with 400: Django logs it at ERROR with a traceback, which would
    page someone and bury real errors. Keep it, as one warning line without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        return True
