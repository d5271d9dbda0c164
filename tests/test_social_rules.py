"""Per-channel rules for social posts (campaigns/content/channels.py): limits, messages, preview cards."""

import dataclasses
import unicodedata

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma

from campaigns.content.channels import (
    CHANNEL_RULES,
    SocialDraft,
    count_bytes,
    count_chars,
    extract_hashtags,
    link_domain,
    preview_card,
    tags_length,
    validate_social_post,
)

YT_TITLE = "Phường Lê Chân tuyên truyền nhà ở xã hội"


def youtube(text="Mô tả video.", **kwargs):
    return SocialDraft(text, **{"title": YT_TITLE, "has_video": True, **kwargs})


# --- the table -------------------------------------------------------------------------------


def test_rules_exist_for_the_three_social_channel_codes_of_the_design():
    assert set(CHANNEL_RULES) == {"facebook", "zalo", "youtube"}
    for code, rule in CHANNEL_RULES.items():
        assert rule.code == code


def test_youtube_rules_match_the_data_api_limits():
    rule = CHANNEL_RULES["youtube"]
    assert (rule.max_title_chars, rule.max_bytes, rule.max_tags_chars) == (100, 5000, 500)
    assert rule.media == "video_required"
    assert rule.forbidden_chars == "<>"


def test_unknown_channel_is_a_programming_error():
    with pytest.raises(ValueError, match="loudspeaker"):
        validate_social_post("loudspeaker", SocialDraft("x"))


def test_numbers_use_the_vietnamese_thousands_separator_of_cms_formats_vi():
    assert intcomma(2150) == "2.150"
    assert intcomma(63206) == "63.206"
    assert intcomma(5) == "5"


# --- text length -----------------------------------------------------------------------------


@pytest.mark.parametrize(("channel", "limit"), [("facebook", 63_206), ("zalo", 2_000)])
def test_text_exactly_at_the_limit_passes_and_one_over_fails(channel, limit):
    assert validate_social_post(channel, SocialDraft("a" * limit)) == []
    errors = validate_social_post(channel, SocialDraft("a" * (limit + 1)))
    assert len(errors) == 1
    assert f"vượt giới hạn {intcomma(limit)} ký tự" in errors[0]
    assert "hãy rút gọn 1 ký tự" in errors[0]


def test_over_long_zalo_post_says_how_long_the_limit_and_how_much_to_cut():
    errors = validate_social_post("zalo", SocialDraft("ư" * 2150))
    assert errors == ["Bài Zalo dài 2.150 ký tự, vượt giới hạn 2.000 ký tự: hãy rút gọn 150 ký tự."]


def test_a_letter_typed_as_nfd_counts_as_one_character():
    nfd = unicodedata.normalize("NFD", "ệ")
    assert len(nfd) == 3
    assert count_chars(nfd) == 1
    # 2.000 letters typed decomposed (6.000 code points) still fit Zalo's 2.000.
    assert validate_social_post("zalo", SocialDraft(nfd * 2000)) == []
    assert "2.001 ký tự" in validate_social_post("zalo", SocialDraft(nfd * 2001))[0]


def test_windows_line_breaks_and_outer_blanks_are_not_counted():
    assert count_chars("  a\r\nb\n  ") == 3
    assert validate_social_post("zalo", SocialDraft("\r\n".join(["a"] * 1000) + "   ")) == []


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n", "\u3000"])
@pytest.mark.parametrize("channel", ["facebook", "zalo"])
def test_empty_or_whitespace_only_text_is_refused(channel, text):
    errors = validate_social_post(channel, SocialDraft(text))
    assert errors == [f"{CHANNEL_RULES[channel].text_name} chưa có nội dung: hãy nhập nội dung."]


def test_youtube_description_may_not_be_blank_either():
    assert validate_social_post("youtube", youtube("   ")) == [
        "Mô tả video YouTube chưa có nội dung: hãy nhập nội dung."
    ]


# --- YouTube: bytes, title, < >, tags, video ---------------------------------------------------


def test_youtube_description_counts_utf8_bytes_at_the_boundary():
    assert validate_social_post("youtube", youtube("a" * 5000)) == []
    errors = validate_social_post("youtube", youtube("a" * 5001))
    assert len(errors) == 1
    assert "5.001 byte" in errors[0] and "5.000 byte" in errors[0]


def test_youtube_description_of_vietnamese_letters_is_over_in_bytes_long_before_5000_characters():
    text = "ệ" * 1700  # 1.700 characters, 3 bytes each
    assert count_chars(text) == 1700
    assert count_bytes(text) == 5100
    errors = validate_social_post("youtube", youtube(text))
    assert len(errors) == 1
    assert "5.100 byte" in errors[0]
    assert "byte UTF-8" in errors[0]  # the editor learns why 1.700 letters are "too long"
    assert "hãy rút gọn ít nhất 100 byte" in errors[0]
    assert validate_social_post("youtube", youtube("ệ" * 1666 + "aa")) == []  # 4.998 + 2 bytes


def test_nfd_description_is_counted_in_nfc_bytes():
    nfd = unicodedata.normalize("NFD", "ệ")  # 5 bytes typed, 3 once composed
    assert count_bytes(nfd) == 3
    assert validate_social_post("youtube", youtube(nfd * 1666 + "aa")) == []


def test_youtube_title_exactly_100_characters_passes_101_fails():
    assert validate_social_post("youtube", youtube(title="ọ" * 100)) == []
    errors = validate_social_post("youtube", youtube(title="ọ" * 101))
    assert errors == ["Tiêu đề YouTube dài 101 ký tự, vượt giới hạn 100 ký tự: hãy rút gọn 1 ký tự."]


def test_youtube_title_typed_as_nfd_counts_letters_not_code_points():
    assert validate_social_post("youtube", youtube(title=unicodedata.normalize("NFD", "Ữ" * 100))) == []


def test_youtube_needs_a_title():
    errors = validate_social_post("youtube", youtube(title="  "))
    assert errors == ["Video YouTube chưa có tiêu đề: hãy nhập tiêu đề (tối đa 100 ký tự)."]


@pytest.mark.parametrize("field_name", ["title", "text"])
def test_youtube_refuses_angle_brackets_in_title_and_description(field_name):
    draft = youtube(**{field_name: "Nhà ở xã hội <2026>"})
    errors = validate_social_post("youtube", draft)
    assert len(errors) == 1
    assert "“<” “>”" in errors[0]
    assert "không cho phép" in errors[0]


def test_angle_brackets_are_fine_on_facebook():
    assert validate_social_post("facebook", SocialDraft("Giá < 500 triệu đồng")) == []


def test_youtube_needs_a_video_and_accepts_a_thumbnail_image():
    errors = validate_social_post("youtube", SocialDraft("Mô tả", title=YT_TITLE))
    assert errors == ["Bài YouTube cần có video: hãy tải video lên trước khi gửi duyệt."]
    assert validate_social_post("youtube", youtube(has_image=True)) == []


def test_youtube_tags_count_commas_and_quotes_like_the_api():
    assert tags_length(("Foo-Baz",)) == 7
    assert tags_length(("Foo Baz",)) == 9
    assert tags_length(("a", "b c")) == 1 + 1 + 5
    assert tags_length(()) == 0


def test_youtube_tags_at_500_pass_and_501_fail():
    at_limit = ("x" * 249, "y" * 250)  # 249 + comma + 250
    assert tags_length(at_limit) == 500
    assert validate_social_post("youtube", youtube(tags=at_limit)) == []
    errors = validate_social_post("youtube", youtube(tags=("x" * 250, "y" * 250)))
    assert len(errors) == 1
    assert "501 ký tự" in errors[0] and "dấu phẩy" in errors[0]


# --- hashtags --------------------------------------------------------------------------------


def test_hashtags_keep_vietnamese_letters():
    assert extract_hashtags("Chung tay vì #NhàỞXãHội và #HảiPhòng_2026!") == ["NhàỞXãHội", "HảiPhòng_2026"]


def test_hashtags_typed_as_nfd_come_back_nfc_and_whole():
    text = unicodedata.normalize("NFD", "#NhàỞXãHội")
    assert extract_hashtags(text) == ["NhàỞXãHội"]


def test_hashtags_are_counted_once_ignoring_case_and_exclude_links_words_digits_and_entities():
    text = "#Tag đầu, #tag lặp, email#khong, https://phuong.vn/bai#muc-2 #1 #2026 &#39; ##đôi #NQ02"
    assert extract_hashtags(text) == ["Tag", "NQ02"]


@pytest.mark.parametrize(("channel", "limit"), [("facebook", 10), ("zalo", 5), ("youtube", 15)])
def test_hashtag_limit_boundary(channel, limit):
    def draft(count):
        text = "Nội dung " + " ".join(f"#chude{i}" for i in range(count))
        return youtube(text) if channel == "youtube" else SocialDraft(text)

    assert validate_social_post(channel, draft(limit)) == []
    errors = validate_social_post(channel, draft(limit + 1))
    assert len(errors) == 1
    assert f"có {limit + 1} hashtag, vượt giới hạn {limit} hashtag: hãy bỏ bớt 1 hashtag." in errors[0]


def test_draft_hashtags_are_derived_from_its_text():
    assert SocialDraft("Tuyên truyền #NhàỞXãHội").hashtags == ["NhàỞXãHội"]


# --- links -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    ["https://lechan.haiphong.gov.vn/tin-tuc/nha-o-xa-hoi", "http://example.com", " https://xn--phng-2na.vn/ "],
)
def test_http_and_https_links_are_accepted(link):
    assert validate_social_post("facebook", SocialDraft("Xem chi tiết", link=link)) == []


@pytest.mark.parametrize(
    "link", ["ftp://example.com/file", "javascript:alert(1)", "lechan.haiphong.gov.vn", "https://", "http://a b.vn"]
)
def test_other_links_are_refused_with_an_example_of_a_good_one(link):
    errors = validate_social_post("zalo", SocialDraft("Xem chi tiết", link=link))
    assert len(errors) == 1
    assert "không hợp lệ" in errors[0]
    assert "https://" in errors[0]


def test_youtube_has_no_link_field_and_says_where_the_link_goes():
    errors = validate_social_post("youtube", youtube(link="https://lechan.haiphong.gov.vn"))
    assert errors == ["YouTube không đăng kèm liên kết riêng: hãy xoá ô liên kết và đưa địa chỉ vào phần nội dung."]
    assert validate_social_post("youtube", youtube("Chi tiết: https://lechan.haiphong.gov.vn")) == []


def test_a_ward_can_require_a_link_through_its_own_rules():
    rules = {**CHANNEL_RULES, "zalo": dataclasses.replace(CHANNEL_RULES["zalo"], link_required=True)}
    errors = validate_social_post("zalo", SocialDraft("Tin mới"), rules=rules)
    assert errors == ["Bài Zalo cần kèm liên kết: hãy nhập địa chỉ bắt đầu bằng https:// hoặc http://."]
    assert validate_social_post("zalo", SocialDraft("Tin mới", link="https://a.vn"), rules=rules) == []


# --- media -----------------------------------------------------------------------------------


@pytest.mark.parametrize("channel", ["facebook", "zalo"])
def test_image_is_optional_and_video_is_refused_on_feed_channels(channel):
    assert validate_social_post(channel, SocialDraft("Tin", has_image=True)) == []
    assert validate_social_post(channel, SocialDraft("Tin")) == []
    errors = validate_social_post(channel, SocialDraft("Tin", has_video=True))
    assert len(errors) == 1 and "không đăng kèm video" in errors[0]


def test_image_required_and_no_media_rules():
    rules = {
        "poster": dataclasses.replace(CHANNEL_RULES["facebook"], media="image_required"),
        "plain": dataclasses.replace(CHANNEL_RULES["facebook"], media="none"),
    }
    assert validate_social_post("poster", SocialDraft("Tin"), rules=rules) == [
        "Bài Facebook cần có ảnh: hãy chọn một ảnh."
    ]
    assert validate_social_post("plain", SocialDraft("Tin", has_image=True), rules=rules) == [
        "Bài Facebook không đăng kèm ảnh: hãy bỏ ảnh."
    ]


def test_all_problems_are_reported_together():
    draft = SocialDraft(" ", title="<b>" + "x" * 120, link="https://a.vn", has_video=False)
    errors = validate_social_post("youtube", draft)
    assert len(errors) == 5  # title long, title < >, text empty, link field, video missing


# --- preview cards ---------------------------------------------------------------------------


def test_short_post_preview_is_not_folded():
    card = preview_card("facebook", SocialDraft("Chung tay vì #NhàỞXãHội", link="https://www.lechan.gov.vn/a"))
    assert card["excerpt"] == card["text"] == "Chung tay vì #NhàỞXãHội"
    assert card["truncated"] is False and card["more_label"] == ""
    assert card["hashtags"] == ["NhàỞXãHội"]
    assert card["link_domain"] == "lechan.gov.vn"
    assert card["errors"] == []


def test_facebook_preview_folds_near_477_characters_at_a_word_with_xem_them():
    text = " ".join(["Nhà ở xã hội"] * 60)  # 779 characters
    card = preview_card("facebook", SocialDraft(text))
    assert card["truncated"] is True
    assert card["excerpt"].endswith("…")
    assert card["more_label"] == "Xem thêm"
    visible = card["excerpt"][:-1]
    assert 400 < len(visible) <= 477
    assert text.startswith(visible) and text[len(visible)] == " "  # cut between words
    assert card["char_count"] == 779


@pytest.mark.parametrize(("channel", "fold"), [("facebook", 477), ("zalo", 250), ("youtube", 120)])
def test_text_exactly_at_the_fold_is_shown_whole(channel, fold):
    draft = youtube("a" * fold) if channel == "youtube" else SocialDraft("a" * fold)
    assert preview_card(channel, draft)["truncated"] is False
    longer = youtube("a" * (fold + 1)) if channel == "youtube" else SocialDraft("a" * (fold + 1))
    card = preview_card(channel, longer)
    assert card["truncated"] is True and card["excerpt"] == "a" * fold + "…"


def test_preview_returns_html_and_script_verbatim_for_the_template_to_escape():
    text = '<script>alert("x")</script> <b>đậm</b> & "ngoặc"'
    card = preview_card("facebook", SocialDraft(text, link="https://a.vn/?q=<x>"))
    assert card["text"] == text
    assert card["excerpt"] == text
    assert card["link"] == "https://a.vn/?q=<x>"


def test_youtube_preview_has_title_bytes_and_no_link():
    card = preview_card("youtube", youtube("ệ" * 10, link="https://a.vn"))
    assert card["title"] == YT_TITLE
    assert (card["char_count"], card["byte_count"], card["max_bytes"]) == (10, 30, 5000)
    assert card["link"] == "" and card["link_domain"] == ""
    assert card["media"] == "video_required"
    assert len(card["errors"]) == 1  # the link field


def test_preview_text_is_nfc():
    card = preview_card("zalo", SocialDraft(unicodedata.normalize("NFD", "Hội nghị")))
    assert card["text"] == unicodedata.normalize("NFC", "Hội nghị")


def test_link_domain_drops_www_and_shows_vietnamese_domains_readably():
    assert link_domain("https://www.haiphong.gov.vn/x") == "haiphong.gov.vn"
    assert link_domain("https://xn--hi-phng-h0a8159d.vn/") == "hải-phòng.vn"
    assert link_domain("not a url") == ""
