"""The one slug rule: python-slugify of the Vietnamese text, then the first free of base, base-2, base-3…"""

from campaigns.models.slugs import slug_for, unique_slug


def test_slug_of_a_vietnamese_title_drops_diacritics_and_cuts_at_a_word():
    assert slug_for("Nhà ở xã hội") == "nha-o-xa-hoi"
    assert slug_for("Phường Hải An phát triển", max_length=12) == "phuong-hai"
    assert slug_for("!!!", fallback="trang") == "trang"


def test_unique_slug_takes_the_first_free_number():
    asked = []

    def taken(base):
        asked.append(base)
        return {"nha-o-xa-hoi", "nha-o-xa-hoi-2", "nha-o-xa-hoi-cu"}

    assert unique_slug("Nhà ở xã hội", taken) == "nha-o-xa-hoi-3"
    assert asked == ["nha-o-xa-hoi"]
    assert unique_slug("Tin mới", lambda base: ()) == "tin-moi"
