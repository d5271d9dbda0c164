"""The social channels' adapters by channel code, for the adapter factory."""

from campaigns.content.channels import Channel
from campaigns.dispatch.adapters.facebook import FacebookAdapter
from campaigns.dispatch.adapters.youtube import YouTubeAdapter
from campaigns.dispatch.adapters.zalo import ZaloAdapter

SOCIAL_ADAPTERS = {Channel.FACEBOOK: FacebookAdapter, Channel.ZALO: ZaloAdapter, Channel.YOUTUBE: YouTubeAdapter}
