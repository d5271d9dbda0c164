"""Two passing troubles answered plainly instead of a 500: a busy database and a full disk.

A database that stays locked longer than the busy timeout is a moment to wait, not an error.

SQLite allows one writer at a time; a writer waits up to the busy timeout (``timeout`` in
``cms.settings.services.SQLITE_OPTIONS``) and then fails with ``OperationalError: database is
locked``. That used to surface as a bare 500. Here it becomes a 503 with ``Retry-After`` and a
Vietnamese page saying the system is busy: nothing was saved, the person sends the form again.

A full disk (or a quota) while an upload is written is the other moment: 507 and a Vietnamese page
saying the file was not saved and nothing else changed (the model row is written after its file,
so no row points at a missing file; ``cms.storage`` removes the partial file).

The middleware catches both from views; ``server_error`` (``handler500``) catches it from the parts
that run around views (the session saved after the response, another middleware's write), where
Django has already turned the exception into an error response before any middleware sees it.
"""

import errno
import sys

from django.db import OperationalError
from django.http import HttpResponse
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 10
LOCKED_MESSAGES = ("database is locked", "database table is locked")

BUSY_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hệ thống đang bận</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">
<h1>Hệ thống đang bận</h1>
<p>Hệ thống đang xử lý nhiều việc cùng lúc nên chưa lưu được thao tác của bạn. Không có gì bị mất:
vui lòng thử lại sau khoảng {seconds} giây (tải lại trang hoặc gửi lại biểu mẫu).</p>
</body></html>
"""


STORAGE_FULL_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hết chỗ lưu tệp</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">
<h1>Máy chủ đã hết chỗ lưu tệp</h1>
<p>Tệp bạn tải lên chưa được lưu và không có gì khác bị thay đổi. Vui lòng báo quản trị hệ thống
giải phóng dung lượng, rồi tải tệp lên lại.</p>
</body></html>
"""


def is_storage_full(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        error = error.__cause__ or error.__context__
    return False


def storage_full_response() -> HttpResponse:
    response = HttpResponse(STORAGE_FULL_PAGE, status=507, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def is_database_locked(error: BaseException | None) -> bool:
    """True for SQLite's "database is locked" (another writer held the lock past the busy timeout)."""
    while error is not None:
        if isinstance(error, OperationalError) or type(error).__name__ == "OperationalError":
            if any(message in str(error).lower() for message in LOCKED_MESSAGES):
                return True
        error = error.__cause__ or error.__context__
    return False


def busy_response() -> HttpResponse:
    response = HttpResponse(BUSY_PAGE.format(seconds=RETRY_AFTER_SECONDS), status=503,
                            content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_locked(exception):
            return busy_response()
        if is_storage_full(exception):
            return storage_full_response()
        return None


def server_error(request, *args, **kwargs):
    """``handler500``: the busy page when the error being handled is a locked database."""
    if is_database_locked(sys.exc_info()[1]):
        return busy_response()
    if is_storage_full(sys.exc_info()[1]):
        return storage_full_response()
    return django_server_error(request, *args, **kwargs)
