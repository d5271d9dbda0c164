"""QR codes of confirmation links, as inline SVG (segno: pure Python, no image library needed)."""

import io

import segno


def qr_svg(url: str, *, scale: int = 4) -> str:
    qr = segno.make(url, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgclass="loa-qr", title="Mã QR xác nhận")
    return buffer.getvalue().decode()
