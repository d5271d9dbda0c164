"""The Zalo text of a social post has a live character counter in the editor, with Zalo's limit
(2.000 characters, 250 shown before "Xem thêm"), counted as the server counts on save."""

from django.urls import reverse

from campaigns.content.channels import CHANNEL_RULES
from cms.demo import topic_page_ensure
from cms.models import SocialPostPage, WardHomePage
from cms.widgets import counter_text


def test_the_zalo_text_renders_a_counter_with_zalos_limit(demo, login):
    topic = topic_page_ensure(WardHomePage.objects.get(locality__slug="hai-an"), demo["campaign"])
    html = login("bientap").get(reverse("wagtailadmin_pages:add", args=("cms", "socialpostpage", topic.pk))
                                ).content.decode()
    counter = html.split('data-for="id_zalo_text"')[1].split("</p>")[0]
    assert f'data-limit="{CHANNEL_RULES["zalo"].max_chars}"' in counter and 'data-limit="2000"' in counter
    assert 'data-fold="250"' in counter
    assert "0 / 2.000 ký tự" in counter
    assert 'id="id_zalo_text"' in html and "data-loa-char-count" in html
    assert "cms/js/char_counter.js" in html


def test_a_saved_text_shows_its_count_and_the_fold(demo, published_piece, login):
    post = published_piece(SocialPostPage, title="Bài Zalo", zalo_text="Nhà ở xã hội. " * 25)  # 349 characters
    html = login("bientap").get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    assert "349 / 2.000 ký tự (người đọc thấy 250 ký tự đầu trước “Xem thêm”)" in html


def test_the_counter_says_how_much_to_cut():
    assert counter_text(2_150, limit=2_000, fold=250) == "2.150 / 2.000 ký tự: vượt 150 ký tự, hãy rút gọn."
    assert counter_text(120, limit=2_000, fold=250) == "120 / 2.000 ký tự"
