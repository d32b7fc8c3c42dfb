"""The demo dataset (Palmyra 2015–2016) and its loader."""

from heritage.demo.loader import DemoCounts, load_demo, read_demo_data

__all__ = ["DemoCounts", "load_demo", "read_demo_data"]
