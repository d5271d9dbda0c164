"""A disk that fills up during an image upload: a Vietnamese 507, no image row, no partial file, and
the next upload works once there is room.

The upload folder is a real 128 KiB tmpfs when this process may mount one (root with the
capability, as on the CI machine); otherwise the file system's refusal (ENOSPC) is raised by the
storage's low-level write instead, and the test says so in its output.
"""

import errno
import io
import os
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

from cms.storage import UploadStorage


def noisy_png(side: int) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def small_media(tmp_path, settings, monkeypatch):
    root = tmp_path / "media"
    root.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(root)],
                             capture_output=True).returncode == 0
    settings.MEDIA_ROOT = str(root)
    if not mounted:
        print("tmpfs not mountable here: ENOSPC simulated in the storage's write")
        real_save = UploadStorage._save

        def save_with_limit(self, name, content):
            if (content.size or 0) > 128 * 1024:
                with open(self.path(name), "wb") as partial:  # what the disk took before it was full
                    partial.write(b"\0" * 1024)
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_save(self, name, content)

        monkeypatch.setattr(UploadStorage, "_save", save_with_limit)
    yield root
    if mounted:
        subprocess.run(["umount", str(root)], check=True)


def upload(client, name, data):
    return client.post("/admin/images/add/", {"title": name, "file": SimpleUploadedFile(name, data,
                                                                                        content_type="image/png")})


def files_in(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_image_upload_on_a_full_disk_is_507_and_leaves_nothing(demo, login, small_media):
    client = login("bientap")
    client.raise_request_exception = False
    big = noisy_png(320)
    assert len(big) > 200 * 1024
    response = upload(client, "ap-phich-lon.png", big)
    assert response.status_code == 507
    assert "hết chỗ lưu tệp" in response.content.decode()
    assert not get_image_model().objects.filter(title="ap-phich-lon.png").exists()
    assert files_in(small_media) == []

    response = upload(client, "anh-nho.png", noisy_png(40))  # room for a small one
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="anh-nho.png").exists()
