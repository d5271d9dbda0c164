"""When and to whom: recurrence rules, expansion into deliveries, bulk insert, conflicts, and the
publication editor ("Lên lịch").
"""
