"""Uploads on disk that leave nothing behind when the disk is full.

Django's ``FileSystemStorage`` keeps the partly written file when a write fails (ENOSPC, EDQUOT);
here it is removed, so a failed upload leaves neither a row nor a truncated file.
"""

import os

from django.core.files.storage import FileSystemStorage


class UploadStorage(FileSystemStorage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError:
            partial = self.path(name)
            if os.path.exists(partial) and os.path.getsize(partial) < (content.size or 0):
                os.remove(partial)
            raise
