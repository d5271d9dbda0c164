"""Poster rendering (cms.imaging): pure functions, no database."""

import io
import unicodedata

import pytest
from PIL import Image, ImageColor, ImageDraw, ImageFont
from pypdf import PdfReader

from cms.imaging import (
    BAND_COLOR,
    FORMAT_CHOICES,
    MAX_RENDER_PIXELS,
    POSTER_FORMATS,
    PosterFontError,
    PosterImageError,
    check_source_image,
    check_text_fits,
    crop_box,
    crop_to_aspect,
    draw_text_band,
    find_font,
    fit_to_size,
    get_font,
    open_source_image,
    poster_layout,
    poster_pdf_bytes,
    poster_png_bytes,
    render_poster,
    target_size,
)
from cms.imaging.fonts import FONT_ENV_VAR

MM_PER_PT = 25.4 / 72
RED = ImageColor.getrgb(BAND_COLOR)


def gray_source(size=(900, 600)):
    """A grey gradient: no red or yellow anywhere, so band pixels are easy to find."""
    return Image.linear_gradient("L").resize(size).point(lambda v: 60 + v // 2).convert("RGB")


def yellow_mask(image):
    """255 where a pixel is the band's yellow text (anti-aliased edges included)."""
    r, g, b = image.split()
    return (
        Image.merge(
            "RGB",
            (r.point(lambda v: 255 * (v > 180)), g.point(lambda v: 255 * (v > 120)), b.point(lambda v: 255 * (v < 90))),
        )
        .convert("L")
        .point(lambda v: 255 * (v == 255))
    )


def pdf_page_pt(data):
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return float(box.width), float(box.height)


# --- formats ---------------------------------------------------------------------------------


def test_formats_codes_labels_and_choices():
    assert list(POSTER_FORMATS) == [
        "a4",
        "a3",
        "a2",
        "a0",
        "pano_2x4",
        "bang_ron_08x6",
        "facebook",
        "zalo",
        "youtube_thumbnail",
    ]
    assert dict(FORMAT_CHOICES) == {code: fmt.label for code, fmt in POSTER_FORMATS.items()}
    assert POSTER_FORMATS["pano_2x4"].label == "Panô 2×4 m"
    assert POSTER_FORMATS["bang_ron_08x6"].label == "Băng rôn 0,8×6 m"
    assert POSTER_FORMATS["a4"].size_mm == (210, 297)
    assert POSTER_FORMATS["a0"].size_mm == (841, 1189)
    assert POSTER_FORMATS["pano_2x4"].size_mm == (4000, 2000)  # 4 m wide, 2 m tall
    assert POSTER_FORMATS["bang_ron_08x6"].size_mm == (6000, 800)  # 6 m wide, 0.8 m tall
    assert {c for c, f in POSTER_FORMATS.items() if f.kind == "social"} == {"facebook", "zalo", "youtube_thumbnail"}


def test_target_size_a4_at_150_dpi_and_social_exact():
    w, h, dpi = target_size("a4")
    assert abs(w - 1240) <= 1 and abs(h - 1754) <= 1 and dpi == 150
    assert target_size("facebook")[:2] == (1200, 630)
    assert target_size("zalo")[:2] == (1200, 675)
    assert target_size("youtube_thumbnail")[:2] == (1280, 720)
    with pytest.raises(KeyError):
        target_size("a5")


@pytest.mark.parametrize("code", ["pano_2x4", "bang_ron_08x6"])
def test_target_size_caps_huge_prints_at_the_pixel_budget(code):
    fmt = POSTER_FORMATS[code]
    w, h, dpi = target_size(code)
    full = (fmt.width_mm / 25.4 * 150) * (fmt.height_mm / 25.4 * 150)
    assert full > 4 * MAX_RENDER_PIXELS  # the budget really matters here
    assert w * h <= MAX_RENDER_PIXELS
    assert w * h > 0.99 * MAX_RENDER_PIXELS
    assert 40 < dpi < 150
    # the effective dpi still maps the pixels onto the physical size (within one pixel)
    assert abs(w / dpi * 25.4 - fmt.width_mm) <= 25.4 / dpi
    assert abs(h / dpi * 25.4 - fmt.height_mm) <= 25.4 / dpi
    small = target_size(code, max_pixels=1_000_000)
    assert small[0] * small[1] <= 1_000_000 and small[2] < dpi


def test_a0_fits_the_budget_uncapped():
    w, h, dpi = target_size("a0")
    assert dpi == 150 and w * h <= MAX_RENDER_PIXELS


# --- cropping --------------------------------------------------------------------------------


def test_centre_crop_without_focal_point():
    assert crop_box((1000, 500), 1.0) == (250, 0, 750, 500)
    assert crop_box((500, 1000), 2.0) == (0, 375, 500, 625)
    assert crop_box((1000, 500), 2.0) == (0, 0, 1000, 500)
    assert crop_box((1000, 500), 1.0, (None, None, None, None)) == (250, 0, 750, 500)


def test_focal_crop_is_centred_and_keeps_the_focal_rectangle():
    # Wagtail focal point: centre (x, y) and size
    assert crop_box((1000, 500), 1.0, (400, 250, 100, 100)) == (150, 0, 650, 500)
    # near the edge: clamped, but the focal rectangle stays inside
    for focal in [(60, 250, 100, 80), (950, 100, 90, 90), (500, 20, 40, 40)]:
        left, top, right, bottom = crop_box((1000, 500), 0.8, focal)
        assert (right - left) / (bottom - top) == pytest.approx(0.8, abs=0.01)
        x, y, w, h = focal
        assert left <= x - w / 2 and x + w / 2 <= right
        assert top <= y - h / 2 and y + h / 2 <= bottom
    # a focal rectangle wider than the crop: the crop is centred on it
    assert crop_box((1000, 500), 0.5, (500, 250, 600, 100)) == (375, 0, 625, 500)


def test_crop_to_aspect_and_fit_to_size_upscale():
    src = gray_source((300, 200))
    cropped = crop_to_aspect(src, 1.0, (280, 100, 20, 20))
    assert cropped.size == (200, 200)
    assert fit_to_size(src, (1200, 630)).size == (1200, 630)  # upscaling allowed
    assert fit_to_size(src.convert("P"), (64, 90)).size == (64, 90)


def test_render_keeps_the_focal_subject_in_the_crop():
    src = gray_source((1000, 2000))  # portrait source, landscape output
    ImageDraw.Draw(src).rectangle((450, 1700, 549, 1799), fill=(0, 0, 255))

    def blue_pixels(image):
        b = image.split()[2].point(lambda v: 255 * (v > 200))
        r = image.split()[0].point(lambda v: 255 * (v < 50))
        return Image.merge("RGB", (b, r, r)).convert("L").histogram()[255]

    with_focal = render_poster(src, format_code="facebook", focal_point=(500, 1750, 100, 100))
    centred = render_poster(src, format_code="facebook")
    assert with_focal.size == centred.size == (1200, 630)
    assert blue_pixels(with_focal) > 100 * 100  # upscaled 1.2×: ~14 400 px
    assert blue_pixels(centred) == 0


def test_exif_orientation_is_applied():
    src = Image.new("RGB", (400, 200), (255, 0, 0))
    ImageDraw.Draw(src).rectangle((200, 0, 399, 199), fill=(0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise for display: left half (red) goes on top
    buf = io.BytesIO()
    src.save(buf, "JPEG", exif=exif, quality=95)
    poster = render_poster(Image.open(buf), format_code="a4", max_pixels=50_000)
    top, bottom = poster.getpixel((poster.width // 2, 5)), poster.getpixel((poster.width // 2, poster.height - 5))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


# --- render sizes ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["facebook", "zalo", "youtube_thumbnail"])
def test_social_posters_have_exact_pixel_sizes(code):
    fmt = POSTER_FORMATS[code]
    poster = render_poster(gray_source(), format_code=code, band_text="Nhà ở xã hội")
    assert poster.mode == "RGB"
    assert poster.size == (fmt.width_px, fmt.height_px)


def test_a4_poster_size_and_dpi():
    poster = render_poster(gray_source(), format_code="a4", band_text="Nhà ở xã hội", headline="Phường Bến Nghé")
    assert poster.mode == "RGB"
    assert abs(poster.width - 1240) <= 1 and abs(poster.height - 1754) <= 1
    assert poster.info["dpi"] == (150, 150)


@pytest.mark.parametrize("code", ["pano_2x4", "bang_ron_08x6"])
def test_big_print_render_respects_the_budget(code):
    poster = render_poster(gray_source(), format_code=code, band_text="Nhà ở xã hội", max_pixels=400_000)
    w, h, dpi = target_size(code, max_pixels=400_000)
    assert poster.size == (w, h) and w * h <= 400_000
    assert poster.width / poster.height == pytest.approx(POSTER_FORMATS[code].aspect, rel=0.01)
    assert poster.info["dpi"] == (dpi, dpi)


# --- the slogan band -------------------------------------------------------------------------


def test_band_is_red_inside_the_image_with_yellow_text_inside_it():
    poster = render_poster(gray_source(), format_code="a4", band_text="Nhà ở xã hội cho công nhân")
    layout = poster_layout(poster.size, "a4", band=True)
    left, top, right, bottom = layout.band_box
    assert 0 <= left < right <= poster.width and 0 < top < bottom == poster.height
    assert layout.photo_box[3] == top  # the photo stops where the band starts
    assert poster.getpixel((2, top + 2)) == RED
    assert poster.getpixel((poster.width - 3, poster.height - 1)) == RED
    ink = yellow_mask(poster).getbbox()
    assert ink is not None
    ix0, iy0, ix1, iy1 = ink
    assert left < ix0 and ix1 < right and top < iy0 and iy1 < bottom  # text strictly inside, with margins
    assert yellow_mask(poster.crop((0, 0, poster.width, top))).getbbox() is None  # no text above the band


def test_band_text_is_upper_cased_with_diacritics_and_wrapped():
    assert check_text_fits("Nhà ở xã hội".upper(), (1240, 280)).lines == ("NHÀ Ở XÃ HỘI",)
    long = (
        "Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư, giữ gìn vệ sinh môi trường, phòng chống dịch bệnh"
    ).upper()
    layout = check_text_fits(long, (1200, 140))
    assert len(layout.lines) >= 2
    assert " ".join(layout.lines) == long
    assert "ĐOÀN KẾT" in long and "VĂN HÓA" in long  # str.upper() keeps the marks


def test_too_long_text_is_refused_in_vietnamese():
    with pytest.raises(PosterImageError, match="quá dài"):
        render_poster(gray_source(), format_code="facebook", band_text="Khẩu hiệu rất dài " * 80)


# --- diacritics really render ----------------------------------------------------------------


def test_font_is_a_vietnamese_truetype_not_the_bitmap_default():
    path = find_font()
    assert path.is_file()
    font = get_font(40)
    assert isinstance(font, ImageFont.FreeTypeFont)


def test_missing_font_names_the_debian_package(monkeypatch):
    monkeypatch.delenv(FONT_ENV_VAR, raising=False)
    with pytest.raises(PosterFontError, match="fonts-dejavu-core"):
        find_font(("/nonexistent/NoSuchFont-Bold.ttf",))
    monkeypatch.setenv(FONT_ENV_VAR, "/nonexistent/x.ttf")
    with pytest.raises(PosterFontError, match=FONT_ENV_VAR):
        find_font()


def test_diacritics_draw_marks_above_the_cap_height_and_below_the_baseline():
    size, baseline, x0 = 80, 150, 20
    font = get_font(size)
    cap_top = baseline + font.getbbox("H", anchor="ls")[1]

    def render(text):
        im = Image.new("L", (800, 220), 0)
        ImageDraw.Draw(im).text((x0, baseline), text, font=font, fill=255, anchor="ls")
        return im

    marked_text, plain_text = "NHÀ Ở XÃ HỘI", "NHA O XA HOI"
    marked, plain = render(marked_text), render(plain_text)
    m_bbox, p_bbox = marked.getbbox(), plain.getbbox()
    assert p_bbox[1] >= cap_top - 1 and p_bbox[3] <= baseline + 2  # plain capitals: cap height to baseline
    assert m_bbox[1] < cap_top - size // 8  # marks rise above the cap height
    assert m_bbox[3] > baseline + size // 20  # the dot below Ộ
    assert marked.tobytes() != plain.tobytes()

    def letter_columns(text, i):
        return x0 + round(font.getlength(text[:i])), x0 + round(font.getlength(text[: i + 1]))

    for i, letter in enumerate(marked_text):
        if letter == plain_text[i]:
            continue
        a, b = letter_columns(marked_text, i)
        above = (a, 0, b, cap_top - 2)
        assert marked.crop(above).getbbox() is not None, f"no mark drawn above {letter!r}"
        assert plain.crop(above).getbbox() is None
    a, b = letter_columns(marked_text, marked_text.index("Ộ"))
    below = (a, baseline + 3, b, marked.height)
    assert marked.crop(below).getbbox() is not None, "no dot below Ộ"
    assert plain.crop(below).getbbox() is None


def test_band_ink_is_taller_with_diacritics_and_nfd_input_renders_the_same():
    def band(text):
        canvas = Image.new("RGB", (1200, 200), "black")
        layout = draw_text_band(canvas, (0, 0, 1200, 200), text)
        ink = yellow_mask(canvas).getbbox()
        return canvas, (ink[3] - ink[1]) / layout.font_size

    marked, marked_ratio = band("NHÀ Ở XÃ HỘI")
    _, plain_ratio = band("NHA O XA HOI")
    assert marked_ratio > plain_ratio + 0.2
    nfd, _ = band(unicodedata.normalize("NFD", "NHÀ Ở XÃ HỘI"))
    assert nfd.tobytes() == marked.tobytes()


# --- export ----------------------------------------------------------------------------------


def test_a4_pdf_has_the_a4_page_size():
    w, h, dpi = target_size("a4")
    poster = render_poster(gray_source(), format_code="a4", band_text="Nhà ở xã hội")
    pw, ph = pdf_page_pt(poster_pdf_bytes(poster, dpi))
    assert pw == pytest.approx(595, abs=1) and ph == pytest.approx(842, abs=1)
    pw, ph = pdf_page_pt(poster_pdf_bytes(poster, dpi, size_mm=POSTER_FORMATS["a4"].size_mm))
    assert pw * MM_PER_PT == pytest.approx(210, abs=0.01) and ph * MM_PER_PT == pytest.approx(297, abs=0.01)


def test_pano_pdf_is_four_by_two_metres_at_the_effective_dpi():
    w, h, dpi = target_size("pano_2x4", max_pixels=200_000)
    poster = render_poster(gray_source(), format_code="pano_2x4", max_pixels=200_000)
    pw, ph = pdf_page_pt(poster_pdf_bytes(poster, dpi))
    assert pw * MM_PER_PT == pytest.approx(4000, abs=25.4 / dpi)
    assert ph * MM_PER_PT == pytest.approx(2000, abs=25.4 / dpi)
    pw, ph = pdf_page_pt(poster_pdf_bytes(poster, dpi, size_mm=(4000, 2000)))
    assert (pw * MM_PER_PT, ph * MM_PER_PT) == (pytest.approx(4000, abs=0.01), pytest.approx(2000, abs=0.01))


def test_png_bytes_carry_size_and_dpi():
    poster = render_poster(gray_source(), format_code="zalo")
    png = Image.open(io.BytesIO(poster_png_bytes(poster, 72)))
    assert png.format == "PNG" and png.size == (1200, 675)
    assert png.info["dpi"] == pytest.approx((72, 72), abs=0.1)


# --- source guard ----------------------------------------------------------------------------


def test_oversized_source_is_refused_in_vietnamese():
    huge = Image.new("1", (8000, 6000))  # 48 MP, but only 6 MB in mode "1"
    with pytest.raises(PosterImageError, match="quá lớn"):
        check_source_image(huge)
    with pytest.raises(PosterImageError, match="quá lớn"):
        render_poster(huge, format_code="facebook")
    check_source_image(Image.new("RGB", (100, 100)), max_pixels=10_000)
    with pytest.raises(PosterImageError, match="40,0 megapixel"):
        check_source_image(Image.new("1", (7000, 6000)), max_pixels=40_000_000)


def test_transparent_source_is_flattened_on_white():
    src = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    poster = render_poster(src, format_code="facebook")
    assert poster.mode == "RGB" and poster.getpixel((600, 300)) == (255, 255, 255)


def test_open_source_image_refuses_garbage_and_oversized_files():
    buf = io.BytesIO()
    gray_source((120, 80)).save(buf, "PNG")
    buf.seek(0)
    assert open_source_image(buf).size == (120, 80)
    with pytest.raises(PosterImageError, match="Không đọc được"):
        open_source_image(io.BytesIO(b"not an image"))
    buf.seek(0)
    with pytest.raises(PosterImageError, match="quá lớn"):
        open_source_image(buf, max_pixels=5_000)


def test_embedded_icc_profile_is_converted_to_srgb():
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    src = Image.new("RGB", (300, 200), (200, 40, 40))
    src.info["icc_profile"] = srgb
    poster = render_poster(src, format_code="facebook")
    assert max(abs(a - b) for a, b in zip(poster.getpixel((600, 300)), (200, 40, 40), strict=True)) <= 2
    src.info["icc_profile"] = b"broken profile"
    assert render_poster(src, format_code="facebook").getpixel((600, 300)) == (200, 40, 40)
