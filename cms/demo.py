"""Demo content for the Hải An campaign: every piece type, in draft, in review and published.

Images are drawn with Pillow (nothing is downloaded). Pages are found by slug
under the campaign's topic page, so running this twice adds nothing.
"""

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from campaigns.content.approval import piece_is_approved
from campaigns.content.channels import Channel
from campaigns.demo import loader as domain_demo
from campaigns.models import AudienceKind, Campaign, LoudspeakerCluster, Publication
from campaigns.scheduling.expansion import publication_schedule
from cms.models import (
    ArticlePage,
    CampaignTopicPage,
    LoudspeakerScriptPage,
    MessagePage,
    PosterPage,
    SloganPage,
    SocialPostPage,
    WardHomePage,
)
from cms.wards import collection_ensure

PUBLISHED, IN_REVIEW, DRAFT = "published", "in_review", "draft"

MESSAGES = [
    ("Nhà ở xã hội cho người lao động", PUBLISHED, "Nhà ở xã hội — an cư để lạc nghiệp",
     "Thành phố phấn đấu hoàn thành 32.900 căn nhà ở xã hội giai đoạn 2026 - 2030."),
    ("Công khai, minh bạch đối tượng thụ hưởng", IN_REVIEW, "Đúng đối tượng, đúng chính sách",
     "Người dân được biết rõ điều kiện, thủ tục mua, thuê, thuê mua nhà ở xã hội."),
]
SLOGANS = [
    ("Phát triển nhà ở xã hội vì an sinh", PUBLISHED,
     "Phát triển nhà ở xã hội là bảo đảm an sinh xã hội, nâng cao đời sống Nhân dân"),
    ("Quỹ đất nhà ở xã hội", PUBLISHED,
     "Công khai, minh bạch quỹ đất phát triển nhà ở xã hội"),
    ("Đúng đối tượng", PUBLISHED,
     "Nhà ở xã hội đúng đối tượng, đúng chính sách, đúng quy định"),
    ("Phản bác thông tin sai trái", IN_REVIEW,
     "Tỉnh táo trước thông tin sai lệch về chính sách nhà ở xã hội"),
    ("Hải Phòng dẫn đầu nhà ở xã hội", DRAFT,
     "Hải Phòng phấn đấu dẫn đầu cả nước về phát triển nhà ở xã hội"),
]
SCRIPTS = [
    ("Tuyên truyền Nghị quyết 02-NQ/TU về nhà ở xã hội", PUBLISHED, "normal",
     "Kính thưa bà con nhân dân phường Hải An. Ngày 10 tháng 12 năm 2025, Ban Chấp hành Đảng bộ thành phố "
     "ban hành Nghị quyết số 02-NQ/TU sửa đổi, bổ sung Nghị quyết số 09-NQ/TU về phát triển nhà ở xã hội. "
     "Mục tiêu giai đoạn 2026 - 2030, thành phố hoàn thành 32.900 căn nhà ở xã hội. Đề nghị bà con tìm "
     "hiểu chính sách tại tổ dân phố và trên Cổng thông tin điện tử phường."),
    ("Thủ tục đăng ký mua, thuê nhà ở xã hội", PUBLISHED, "priority",
     "Kính thưa bà con. Người có nhu cầu mua, thuê, thuê mua nhà ở xã hội chuẩn bị giấy tờ chứng minh "
     "đối tượng, điều kiện về nhà ở và thu nhập, nộp hồ sơ tại chủ đầu tư dự án. Mọi thắc mắc xin liên hệ "
     "Phòng Văn hóa - Xã hội phường."),
    ("Cảnh giác thông tin sai lệch về nhà ở xã hội", IN_REVIEW, "urgent",
     "Thông báo khẩn. Gần đây xuất hiện một số đối tượng mạo danh cơ quan nhà nước nhận tiền đặt cọc mua "
     "nhà ở xã hội. Bà con tuyệt đối không nộp tiền qua trung gian, báo ngay cho tổ trưởng tổ dân phố."),
]
ARTICLES = [
    ("Phường Hải An triển khai Nghị quyết 02-NQ/TU về phát triển nhà ở xã hội", PUBLISHED,
     "Ủy ban nhân dân phường Hải An ban hành Kế hoạch tuyên truyền Nghị quyết số 02-NQ/TU ngày 10/12/2025.",
     "Kế hoạch đặt mục tiêu tuyên truyền sâu rộng đến cán bộ, đảng viên và Nhân dân, với các chỉ tiêu "
     "16.555 căn giai đoạn 2021 - 2025 và 32.900 căn giai đoạn 2026 - 2030."),
    ("Những điều cần biết về chính sách nhà ở xã hội", DRAFT,
     "Đối tượng, điều kiện và quy trình đăng ký mua, thuê, thuê mua nhà ở xã hội.",
     "Bài viết tổng hợp các chính sách liên quan trực tiếp đến người dân."),
]
SOCIAL_POSTS = [
    ("Chung tay phát triển nhà ở xã hội", PUBLISHED,
     "Phường Hải An triển khai Nghị quyết 02-NQ/TU: phấn đấu cùng thành phố hoàn thành 32.900 căn nhà ở xã "
     "hội giai đoạn 2026 - 2030. #NhàỞXãHội #HảiAn",
     "Phường Hải An tuyên truyền Nghị quyết 02-NQ/TU về nhà ở xã hội. Xem chi tiết trên Cổng thông tin phường."),
    ("Hỏi đáp nhà ở xã hội", DRAFT,
     "Bạn có thuộc đối tượng được mua nhà ở xã hội? Xem hướng dẫn chi tiết. #NhàỞXãHội", ""),
]
POSTERS = [
    ("Áp phích nhà ở xã hội 2026-2030", PUBLISHED, "a3", "An cư để lạc nghiệp", 0,
     ["Trụ sở UBND phường Hải An", "Nhà văn hóa Tổ dân phố số 1"]),
    ("Panô nhà ở xã hội trục đường chính", PUBLISHED, "pano_2x4", "32.900 căn nhà ở xã hội", 1,
     ["Ngã tư Lê Hồng Phong - Ngô Gia Tự"]),
]


def demo_image(title: str, collection, *, hue: int):
    """A simple illustration (sky, houses, sun) drawn with Pillow, stored as a Wagtail image."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title, collection=collection).first()
    if existing:
        return existing
    width, height = 1600, 1200
    picture = PILImage.new("RGB", (width, height), (40 + hue * 60, 110, 170))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 820, width, height), fill=(70, 140, 60))
    draw.ellipse((1250, 120, 1450, 320), fill=(255, 210, 60))
    for index in range(5):
        left = 140 + index * 280
        draw.rectangle((left, 520 - index * 30, left + 220, 900), fill=(230, 225 - index * 10, 210))
        for row in range(4):
            for column in range(3):
                x, y = left + 25 + column * 65, 560 - index * 30 + row * 80
                draw.rectangle((x, y, x + 40, y + 50), fill=(90, 140, 200))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = Image(title=title, collection=collection, focal_point_x=700, focal_point_y=650,
                  focal_point_width=900, focal_point_height=500)
    image.file = ImageFile(buffer, name=f"demo-{hue}.png")
    image.save()
    return image


def _set_state(page: Page, state: str, user, approver) -> None:
    revision = page.save_revision(user=user, log_action=True)
    if state == PUBLISHED:
        revision.publish(user=approver)
    elif state == IN_REVIEW:
        workflow = page.get_workflow()
        if workflow and not page.workflow_in_progress:
            workflow.start(page, user)


def _add_piece(topic: CampaignTopicPage, page: Page, state: str, users) -> Page:
    existing = topic.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    page.campaign = topic.campaign
    page.live = False
    topic.add_child(instance=page)
    _set_state(page, state, *users)
    return page


def topic_page_ensure(home: WardHomePage, campaign: Campaign) -> CampaignTopicPage:
    topic = CampaignTopicPage.objects.filter(campaign=campaign).first()
    if topic is None:
        topic = home.add_child(instance=CampaignTopicPage(
            title="Nhà ở xã hội — Nghị quyết 02-NQ/TU", slug="nha-o-xa-hoi", campaign=campaign,
        ))
        topic.save_revision().publish()
    return topic


def default_site_to(home: WardHomePage) -> None:
    """Serve the demo ward at http://127.0.0.1:8000/ and drop Wagtail's placeholder welcome page."""
    Site.objects.exclude(root_page=home).filter(is_default_site=True).update(is_default_site=False)
    Site.objects.filter(root_page=home).update(is_default_site=True)
    placeholder = Page.objects.filter(depth=2, slug="home", content_type__model="page").first()
    if placeholder is not None:  # Wagtail's "Welcome to your new Wagtail site!" and its localhost:80 site
        Site.objects.filter(root_page=placeholder).delete()
        placeholder.delete()
    Site.objects.filter(root_page__isnull=True).delete()


@transaction.atomic
def content_demo_load(campaign: Campaign) -> dict[str, int]:
    from slugify import slugify

    home = WardHomePage.objects.get(locality=campaign.ward)
    default_site_to(home)
    topic = topic_page_ensure(home, campaign)
    User = get_user_model()
    users = (User.objects.get(username="bientap"), User.objects.get(username="lanhdao"))
    collection = collection_ensure(campaign.ward)

    slogans = {}
    for title, state, text in SLOGANS:
        slogans[title] = _add_piece(topic, SloganPage(title=title, slug=slugify(title), text=text,
                                                      display_sites=["Trụ sở UBND phường", "Các trục đường chính"]),
                                    state, users)
    first_slogan = next(iter(slogans.values()))
    for title, state, key_message, short_text in MESSAGES:
        _add_piece(topic, MessagePage(title=title, slug=slugify(title), key_message=key_message,
                                      short_text=short_text, themes=campaign.themes[:2]), state, users)
    for title, state, priority, text in SCRIPTS:
        _add_piece(topic, LoudspeakerScriptPage(title=title, slug=slugify(title), priority=priority, text=text),
                   state, users)
    for index, (title, state, poster_format, headline, hue, sites) in enumerate(POSTERS):
        image = demo_image(f"Minh họa nhà ở xã hội {index + 1}", collection, hue=hue)
        _add_piece(topic, PosterPage(title=title, slug=slugify(title), image=image, headline=headline,
                                     poster_format=poster_format, slogan=first_slogan, display_sites=sites),
                   state, users)
    lead = demo_image("Minh họa nhà ở xã hội 1", collection, hue=0)
    for title, state, intro, paragraph in ARTICLES:
        _add_piece(topic, ArticlePage(title=title, slug=slugify(title), intro=intro, lead_image=lead,
                                      body=[("paragraph", f"<p>{paragraph}</p>")]), state, users)
    for title, state, text, zalo_text in SOCIAL_POSTS:
        _add_piece(topic, SocialPostPage(title=title, slug=slugify(title), facebook_text=text, zalo_text=zalo_text,
                                         image=lead), state, users)
    return {"pieces": topic.get_children().count()}


def _next_local(hour: int, now: dt.datetime) -> dt.datetime:
    local_now = timezone.localtime(now)
    moment = local_now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment if moment > local_now else moment + dt.timedelta(days=1)


def _publication(campaign: Campaign, page: Page, channel: str, *, starts_at, rrule="", **fields) -> Publication:
    publication = Publication.objects.filter(campaign=campaign, page=page, channel=channel).first()
    if publication is None:
        publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel=channel,
                                                 starts_at=starts_at, rrule=rrule, **fields)
        publication_schedule(publication=publication)
    return publication


@transaction.atomic
def publications_demo_load(campaign: Campaign, *, now: dt.datetime | None = None) -> int:
    """Approved scripts every morning for 14 days in every cluster; articles and social posts once."""
    now = now or timezone.now()
    topic = CampaignTopicPage.objects.get(campaign=campaign)
    clusters = list(LoudspeakerCluster.objects.filter(ward=campaign.ward))
    created = 0
    for script in LoudspeakerScriptPage.objects.child_of(topic).live():
        if piece_is_approved(script):
            publication = _publication(campaign, script, Channel.LOUDSPEAKER, starts_at=_next_local(6, now),
                                       rrule="FREQ=DAILY;COUNT=14", audience=AudienceKind.CLUSTERS)
            publication.clusters.set(clusters)
            publication_schedule(publication=publication)
            created += 1
    soon = now + dt.timedelta(hours=1)
    for article in ArticlePage.objects.child_of(topic).live():
        _publication(campaign, article, Channel.PORTAL, starts_at=soon)
        _publication(campaign, article, Channel.FACEBOOK, starts_at=soon)
        created += 2
    for post in SocialPostPage.objects.child_of(topic).live():
        for channel in post.channels:
            _publication(campaign, post, channel, starts_at=soon)
            created += 1
    return created


@transaction.atomic
def coverage_pieces_demo_load(city_campaign: Campaign) -> int:
    """For each ward campaign under the city's, a published loudspeaker bulletin and six weeks of its
    deliveries carried out, with gaps (campaigns/demo/coverage.py)."""
    from campaigns.demo.coverage import coverage_demo_load

    created = 0
    for campaign in city_campaign.children.select_related("ward").order_by("pk"):
        home = WardHomePage.objects.filter(locality=campaign.ward).first()
        if home is None:
            continue
        topic = CampaignTopicPage.objects.filter(campaign=campaign).first()
        if topic is None:
            topic = home.add_child(instance=CampaignTopicPage(
                title=f"Tuyên truyền nhà ở xã hội tại {campaign.ward.name}", slug="tuyen-truyen-nha-o-xa-hoi",
                campaign=campaign))
            topic.save_revision().publish()
        piece = LoudspeakerScriptPage.objects.child_of(topic).filter(slug="ban-tin-loa-hang-tuan").first()
        if piece is None:
            piece = LoudspeakerScriptPage(
                title=f"Bản tin loa hằng tuần về nhà ở xã hội ({campaign.ward.name})", slug="ban-tin-loa-hang-tuan",
                campaign=campaign, text="Thành phố triển khai Nghị quyết 02-NQ/TU về phát triển nhà ở xã hội; "
                                        "người dân đủ điều kiện liên hệ tổ trưởng tổ dân phố để được hướng dẫn.")
            topic.add_child(instance=piece)
            piece.save_revision().publish()
        created += coverage_demo_load(campaign=campaign, page=piece)
    return created


def demo_load() -> dict:
    """The whole demo: places, plan and users (campaigns), the portal content, then schedules."""
    result = domain_demo.demo_load()
    result["content"] = content_demo_load(result["campaign"])
    result["publications"] = publications_demo_load(result["campaign"])
    result["coverage_deliveries"] = coverage_pieces_demo_load(result["city_campaign"])
    return result


def demo_pieces_bulk(topic: CampaignTopicPage, *, count: int, images) -> None:
    """Publish ``count`` extra pieces (articles, slogans, posters, scripts in turn) under ``topic``.

    For load tests and benchmarks: pages are published directly, without revisions.
    """
    kinds = ("article", "slogan", "poster", "script")
    start = topic.get_children().count()
    for index in range(start, start + count):
        kind, image = kinds[index % len(kinds)], images[index % len(images)]
        title = f"Nội dung số {index + 1} về nhà ở xã hội"
        common = {"title": title, "slug": f"noi-dung-{index + 1}", "campaign": topic.campaign, "live": True,
                  "first_published_at": timezone.now(), "last_published_at": timezone.now()}
        if kind == "article":
            page = ArticlePage(**common, intro=f"Tin số {index + 1}.", lead_image=image,
                               body=[("paragraph", "<p>Nội dung tin bài.</p>")])
        elif kind == "slogan":
            page = SloganPage(**common, text=f"Khẩu hiệu số {index + 1} về nhà ở xã hội")
        elif kind == "poster":
            page = PosterPage(**common, image=image, headline=f"Áp phích {index + 1}")
        else:
            page = LoudspeakerScriptPage(**common, text=f"Bài phát thanh số {index + 1}.")
        topic.add_child(instance=page)
