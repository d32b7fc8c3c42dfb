"""The gold set and scorer for claim extraction (issue 19, "How it is measured").

`python -m bench.extraction` runs heritage.extraction.candidates.extract on every gold text
and prints the figures bench/extraction/README.md defines, each beside its goal.
"""
