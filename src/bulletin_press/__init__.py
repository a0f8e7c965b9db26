"""bulletin-press: typesetting and publishing for the 《创新资讯》 bulletin."""

__version__ = "0.1.0"
