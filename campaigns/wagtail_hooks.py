from wagtail import hooks

from campaigns.viewsets import PropagandaViewSetGroup


@hooks.register("register_admin_viewset")
def register_propaganda_viewsets():
    return PropagandaViewSetGroup()
