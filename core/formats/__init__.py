"""The site's own date, time and number formats, per language (settings.FORMAT_MODULE_PATH).

Each language's module overrides Django's own formats of that language: day-month-year, the day
without a leading zero, the month in lower case in the form it takes in a date, 24-hour times and
grouped numbers, as CLDR has them. Languages without a module here keep Django's formats.

The month in a date is Django's "E" format character: the "alt. month" names of
django.utils.dates. Django's own catalogues have them capitalised ("Декември"); the project's
catalogue, which comes first (LOCALE_PATHS), translates them again ("декември"). They are marked
here too, so that makemessages keeps them in the project's catalogue.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

MONTHS_IN_DATES = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)

# Django's own strings that its catalogues lack or get wrong in these languages, translated again
# in the project's catalogue: the countdown (timesince) and the e-mail validator's message.
COUNTDOWN = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
    gettext_noop(", "),
)
VALIDATION = (gettext_noop("Enter a valid email address."),)
