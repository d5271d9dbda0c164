from cms.models.content import (
    ArticlePage,
    ArticlePageTag,
    CampaignContentPage,
    LoudspeakerScriptPage,
    MessagePage,
    PosterPage,
    ScriptPriority,
    SloganPage,
    SocialPostPage,
)
from cms.models.portal import CampaignTopicPage, WardHomePage

__all__ = [
    "ArticlePage",
    "ArticlePageTag",
    "CampaignContentPage",
    "CampaignTopicPage",
    "LoudspeakerScriptPage",
    "MessagePage",
    "PosterPage",
    "ScriptPriority",
    "SloganPage",
    "SocialPostPage",
    "WardHomePage",
]
