"""The names of the roles (Django groups) that Glas hands permissions to.

Migrations created these groups; code, rules and demo data name them only through these
constants, so a renamed role is one line here (and a data migration that renames the group).
Who may do what with a role is decided in each app's rules.py, never by a name in a view.
"""

EDITORS = "Editors"
TRANSLATORS = "Translators"
MODERATORS = "Moderators"
JURY = "Jury"
COORDINATORS = "Competition coordinators"

ALL = (EDITORS, TRANSLATORS, MODERATORS, JURY, COORDINATORS)
