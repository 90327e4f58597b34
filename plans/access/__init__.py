"""Who may read and change which rows, and when: each model's path to its team, department
and organisation and a user's reach (scopes), the workflow lock that keeps every plan but a
draft unchanged (editing), and no lost edits between two editors (locking).

These modules read models and nothing above them: the admin applies them (plans.admin.access),
imports and the staffing grid call them. No views, forms or templates here."""
