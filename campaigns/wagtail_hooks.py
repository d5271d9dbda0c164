from wagtail import hooks

from campaigns.admin.menu import PropagandaViewSetGroup


@hooks.register("register_admin_viewset")
def register_propaganda_viewsets():
    return PropagandaViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_dispatch_health_panel(request, panels):
    from campaigns.scheduling.editor_views import health_panel_for

    panel = health_panel_for(request)
    if panel is not None:
        panels.insert(0, panel)


@hooks.register("construct_homepage_panels")
def add_coverage_reports_panel(request, panels):
    from campaigns.reports.panel import coverage_reports_panel_for

    panel = coverage_reports_panel_for(request)
    if panel is not None:
        panels.insert(0, panel)


@hooks.register("construct_homepage_panels")
def add_roster_panel(request, panels):
    from campaigns.reports.rosters.views import roster_panel_for

    panel = roster_panel_for(request)
    if panel is not None:
        panels.insert(0, panel)


@hooks.register("register_log_actions")
def register_delivery_log_actions(actions):
    from campaigns.tracking.transitions import LOG_ACTIONS

    for action, label in LOG_ACTIONS.values():
        actions.register_action(action, label, label)

    from campaigns.reports.rosters.emergency import LOG_ACTION, LOG_LABEL

    actions.register_action(LOG_ACTION, LOG_LABEL, LOG_LABEL)


def _register_delivery_bulk_actions():
    from campaigns.scheduling.delivery_bulk_actions import DELIVERY_BULK_ACTIONS

    for action_class in DELIVERY_BULK_ACTIONS:
        hooks.register("register_bulk_action", action_class)


_register_delivery_bulk_actions()
