"""The domain's rules that need no database: every computed figure and its Korean form
(figures), schedules in the report's style (schedules), the bullet outline (outline), Korean
particles and text folding (korean), the admin grids' optimistic lock (grid_lock), and the
field validators and constraint helpers the models of every app use (validators).

Modules here import nothing of the project outside plans.rules: no models, no requests, no
templates. Anything that reads or writes rows belongs a layer up."""
