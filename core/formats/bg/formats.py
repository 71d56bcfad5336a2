"""Bulgarian: "13 декември 2026 г., 17:00 ч.", "3 244 900" (CLDR). A no-break space keeps
"г." and "ч." on the line of their number."""

DATE_FORMAT = "j E Y\u00a0г."  # 13 декември 2026 г.
TIME_FORMAT = "G:i\u00a0ч."  # 17:00 ч.
DATETIME_FORMAT = "j E Y\u00a0г., G:i\u00a0ч."  # 13 декември 2026 г., 17:00 ч.
YEAR_MONTH_FORMAT = "E Y\u00a0г."  # декември 2026 г.
MONTH_DAY_FORMAT = "j E"  # 13 декември
SHORT_DATE_FORMAT = "j.m.Y\u00a0г."  # 13.12.2026 г.
SHORT_DATETIME_FORMAT = "j.m.Y\u00a0г., G:i\u00a0ч."  # 13.12.2026 г., 17:00 ч.
FIRST_DAY_OF_WEEK = 1  # понеделник

# ISO first: form widgets show a value in the first format, and <input type="date"> needs ISO.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-13
    "%d.%m.%Y",  # 13.12.2026
    "%d.%m.%y",  # 13.12.26
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-12-13 17:00:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-12-13 17:00:59.000200
    "%Y-%m-%d %H:%M",  # 2026-12-13 17:00
    "%d.%m.%Y %H:%M:%S",  # 13.12.2026 17:00:59
    "%d.%m.%Y %H:%M",  # 13.12.2026 17:00
    "%d.%m.%y %H:%M",  # 13.12.26 17:00
]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"  # 3 244 900, with no-break spaces
NUMBER_GROUPING = 3
