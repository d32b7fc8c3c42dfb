"""What an export covers: one filter shared by every format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """An export's selection; None everywhere means everything the reader may see.

    - `site_id`: that site and every site inside it (and the events at them);
    - `date_from`/`date_to`: events whose date interval overlaps the range;
    - `changed_since`: records created or changed after that moment.
    """

    site_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    changed_since: dt.datetime | None = None
