"""The organisation's date and number formats, by language (settings.FORMAT_MODULE_PATH).

A language without a module here keeps Django's own formats (Simplified Chinese does).
"""
