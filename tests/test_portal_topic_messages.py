"""A campaign topic page on the portal lists the campaign's messages (thông điệp), published ones
only, each linking to its page."""

from cms.models import CampaignTopicPage, MessagePage


def test_the_topic_page_lists_its_published_messages(demo, published_piece, client):
    live = published_piece(MessagePage, title="Thông điệp nhà ở xã hội", key_message="NHÀ Ở XÃ HỘI CHO NGƯỜI LAO ĐỘNG",
                           short_text="Mỗi gia đình có chỗ ở ổn định.", themes="nhà ở")
    topic = CampaignTopicPage.objects.get(campaign=demo["campaign"])
    draft = MessagePage(campaign=demo["campaign"], title="Thông điệp nháp", slug="thong-diep-nhap",
                        key_message="BẢN NHÁP CHƯA DUYỆT", short_text="Chưa duyệt.", themes="nhà ở", live=False)
    topic.add_child(instance=draft)
    html = client.get(topic.get_url_parts()[2], HTTP_HOST="hai-an.localhost:8000").content.decode()
    assert 'id="thong-diep"' in html
    assert "NHÀ Ở XÃ HỘI CHO NGƯỜI LAO ĐỘNG" in html and "Mỗi gia đình có chỗ ở ổn định." in html
    assert f'href="{live.get_url_parts()[2]}"' in html
    assert "BẢN NHÁP CHƯA DUYỆT" not in html
