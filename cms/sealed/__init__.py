"""Wagtail's own admin screens (page explorer, choosers, reports, bulk actions, the
admin API, the dashboard) limited to the person's wards.

Where Wagtail offers a hook or a registration (page chooser and explorer querysets,
the page viewset, the admin API router, bulk actions, dashboard panels) it is used;
where it does not (reports, the page chooser's browse view, the forms listing), a
subclass of Wagtail's view is routed at the same URL ahead of Wagtail's (``urls``).
The rules themselves are ``cms.page_access`` and ``cms.media_access``.
"""
