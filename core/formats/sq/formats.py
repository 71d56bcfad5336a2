"""Albanian: "13 dhjetor 2026, ora 17:00", "3 244 900" (CLDR, with the 24-hour clock that
Albanian readers in Albania and North Macedonia use)."""

DATE_FORMAT = "j E Y"  # 13 dhjetor 2026
TIME_FORMAT = "H:i"  # 17:00
DATETIME_FORMAT = "j E Y, \\o\\r\\a\u00a0H:i"  # 13 dhjetor 2026, ora 17:00
YEAR_MONTH_FORMAT = "E Y"  # dhjetor 2026
MONTH_DAY_FORMAT = "j E"  # 13 dhjetor
SHORT_DATE_FORMAT = "j.n.Y"  # 13.12.2026
SHORT_DATETIME_FORMAT = "j.n.Y H:i"  # 13.12.2026 17:00
FIRST_DAY_OF_WEEK = 1  # e hënë

# ISO first: form widgets show a value in the first format, and <input type="date"> needs ISO.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-13
    "%d.%m.%Y",  # 13.12.2026
    "%d.%m.%y",  # 13.12.26
    "%d/%m/%Y",  # 13/12/2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-12-13 17:00:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-12-13 17:00:59.000200
    "%Y-%m-%d %H:%M",  # 2026-12-13 17:00
    "%d.%m.%Y %H:%M:%S",  # 13.12.2026 17:00:59
    "%d.%m.%Y %H:%M",  # 13.12.2026 17:00
    "%d.%m.%y %H:%M",  # 13.12.26 17:00
    "%d/%m/%Y %H:%M",  # 13/12/2026 17:00
]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"  # 3 244 900, with no-break spaces
NUMBER_GROUPING = 3
