"""What a ward must do: resolutions, propaganda plans (campaigns), targets, and the plan importer
(parser, service, admin).
"""
