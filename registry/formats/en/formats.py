"""English dates as read outside the United States: day, month, year (“30 Nov 2026, 14:05”),
a 24-hour clock and weeks from Monday, as Django's en_GB has them. Short dates name the month
too: “03/11/2026” reads as two different days to different readers."""

DATE_FORMAT = "j M Y"  # 30 Nov 2026
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "j M Y, H:i"  # 30 Nov 2026, 14:05
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j F"  # 30 November
SHORT_DATE_FORMAT = "j M Y"  # 30 Nov 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 30 Nov 2026, 14:05
FIRST_DAY_OF_WEEK = 1  # Monday

# What a typed date may look like: ISO first (what a date picker sends), then day first.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-11-30
    "%d/%m/%Y",  # 30/11/2026
    "%d/%m/%y",  # 30/11/26
    "%d %b %Y",  # 30 Nov 2026
    "%d %B %Y",  # 30 November 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-11-30 14:05:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-11-30 14:05:59.000200
    "%Y-%m-%d %H:%M",  # 2026-11-30 14:05
    "%d/%m/%Y %H:%M:%S",  # 30/11/2026 14:05:59
    "%d/%m/%Y %H:%M",  # 30/11/2026 14:05
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
