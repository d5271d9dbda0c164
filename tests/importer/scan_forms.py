"""Self-made scans for the OCR tests: a short plan drawn onto a page image with Pillow (no binary
committed), optionally two-column at the top, slightly rotated and noisy like a phone photo."""

from __future__ import annotations

import random
from pathlib import Path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
SHORT_PLAN_LEFT = ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẢI AN", "Số: 45/KH-UBND"]
SHORT_PLAN_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                    "Hải An, ngày 15 tháng 4 năm 2026"]
SHORT_PLAN_BODY = [
    "KẾ HOẠCH",
    "Tuyên truyền về phát triển nhà ở xã hội năm 2026",
    "",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Nâng cao nhận thức của Nhân dân về nhà ở xã hội.",
    "",
    "II. HÌNH THỨC TUYÊN TRUYỀN",
    "Tuyên truyền trên hệ thống loa truyền thanh của phường.",
    "",
    "III. TỔ CHỨC THỰC HIỆN",
    "Phòng Văn hóa - Xã hội chủ trì thực hiện Kế hoạch này./.",
]


def draw_page(path: Path, *, angle: float = 0.0, noise: bool = False, width: int = 1240) -> Path:
    """A page at about 150 dpi (A5 width by default) holding the short plan."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(FONT, 22)
    height = 60 + 36 * (len(SHORT_PLAN_LEFT) + len(SHORT_PLAN_BODY) + 2)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = 40
    for left, right in zip(SHORT_PLAN_LEFT, SHORT_PLAN_RIGHT, strict=True):
        draw.text((60, y), left, font=font, fill=0)
        draw.text((width // 2 + 20, y), right, font=font, fill=0)
        y += 36
    y += 36
    for line in SHORT_PLAN_BODY:
        draw.text((60, y), line, font=font, fill=0)
        y += 36
    if angle:
        page = page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if noise:
        rng = random.Random(15)
        pixels = page.load()
        for _ in range(page.size[0] * page.size[1] // 200):
            x, y = rng.randrange(page.size[0]), rng.randrange(page.size[1])
            pixels[x, y] = rng.choice((0, 255))
        page = page.filter(ImageFilter.GaussianBlur(0.6))
    page.save(path)
    return path


def draw_non_document(path: Path) -> Path:
    """A 'photo' with no text: smooth shapes and colour, like a snapshot of a room."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 700), (120, 160, 200))
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 150, 600, 550), fill=(200, 120, 60))
    draw.rectangle((0, 550, 900, 700), fill=(60, 110, 50))
    image.save(path, "JPEG")
    return path
