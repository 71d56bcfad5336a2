"""English as the site writes it for readers in the Balkans: "13 December 2026, 17:00"."""

DATE_FORMAT = "j E Y"  # 13 December 2026
TIME_FORMAT = "H:i"  # 17:00
DATETIME_FORMAT = "j E Y, H:i"  # 13 December 2026, 17:00
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j E"  # 13 December
SHORT_DATE_FORMAT = "d/m/Y"  # 13/12/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 13/12/2026 17:00
FIRST_DAY_OF_WEEK = 1  # Monday

# ISO first: form widgets show a value in the first format, and <input type="date"> needs ISO.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-13
    "%d/%m/%Y",  # 13/12/2026
    "%d/%m/%y",  # 13/12/26
    "%d %B %Y",  # 13 December 2026
    "%d %b %Y",  # 13 Dec 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-12-13 17:00:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-12-13 17:00:59.000200
    "%Y-%m-%d %H:%M",  # 2026-12-13 17:00
    "%d/%m/%Y %H:%M:%S",  # 13/12/2026 17:00:59
    "%d/%m/%Y %H:%M",  # 13/12/2026 17:00
    "%d/%m/%y %H:%M",  # 13/12/26 17:00
]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","  # 3,244,900
NUMBER_GROUPING = 3
