"""Renderers of the session report. Each consumes the same report context
(plans.selectors.plan_report) and returns bytes; views and commands only wrap them."""
