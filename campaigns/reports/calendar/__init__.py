"""The supervisor's campaign calendar (Lịch tuyên truyền): what goes out when, across every channel
and group of the user's wards, with the days that matter and what needs attention.

One module per concern: ``periods`` (which days a view shows), ``filters`` (the URL's filters,
checked against the user's wards), ``entries`` (deliveries grouped per publication occurrence, in a
fixed number of queries), ``markers`` (campaign days, reporting days, holidays, anniversaries, lunar
dates), ``problems`` (overbooked slots, held, failed or overdue deliveries, groups left without
anything planned), ``moving`` (rescheduling one occurrence), ``feeds`` (iCal), ``exports`` (CSV/XLSX).
The admin views (``views``) and the ``export_calendar`` command only call these.
"""
