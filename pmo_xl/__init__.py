"""pmo-xl: an Excel-native toolkit for the PMO of a bank's IT subsidiary."""

__version__ = "0.1.0"
