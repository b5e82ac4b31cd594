"""Log filters: a refused request is one line in the log, not a traceback."""

import logging


class RefusalsOnOneLine(logging.Filter):
    """Drop the traceback of a request logged with a 4xx status (a PermissionDenied, a bad
    request): it is the answer working as meant. Server errors keep theirs."""

    def filter(self, record):
        if getattr(record, "status_code", 500) < 500:
            record.exc_info, record.exc_text = None, None
        return True
