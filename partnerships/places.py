"""Where an exercise was held, as a region a reader searches by ("Indo-Pacific since 2020").

`exercise_region` is pure: coordinates decide when there are some (RIMPAC off Hawaii is
Indo-Pacific though its host is American; BALTOPS in the Baltic is Europe), else the lead
host's UN region and subregion do.
"""

from __future__ import annotations

from django.db import models


class ExerciseRegion(models.TextChoices):
    EUROPE = "europe", "Europe and the North Atlantic"
    INDO_PACIFIC = "indo_pacific", "Indo-Pacific"
    MIDDLE_EAST = "middle_east", "Middle East"
    AFRICA = "africa", "Africa"
    AMERICAS = "americas", "Americas"
    CENTRAL_ASIA = "central_asia", "Central Asia"
    ARCTIC = "arctic", "Arctic"


R = ExerciseRegion

# The first box holding the point wins: (region, south, north, west, east), in degrees.
BOXES = (
    (R.ARCTIC, 66.5, 90, -180, 180),
    (R.CENTRAL_ASIA, 36, 56, 46, 88),
    (R.EUROPE, 35, 66.5, -35, 46),
    (R.MIDDLE_EAST, 12, 42, 34, 63),
    (R.AFRICA, -40, 38, -30, 52),
    (R.INDO_PACIFIC, -60, 66.5, 52, 180),
    (R.INDO_PACIFIC, -60, 66.5, -180, -125),  # the eastern Pacific: Hawaii, Guam's sea lanes
    (R.AMERICAS, -60, 66.5, -125, -35),
    (R.EUROPE, 35, 66.5, -35, -20),  # the Azores and the mid-Atlantic
)

# A host's UN subregion, else its region, when there are no coordinates.
SUBREGIONS = {
    "Western Asia": R.MIDDLE_EAST,
    "Northern Africa": R.AFRICA,
    "Central Asia": R.CENTRAL_ASIA,
    "Southern Asia": R.INDO_PACIFIC,
    "Eastern Asia": R.INDO_PACIFIC,
    "South-eastern Asia": R.INDO_PACIFIC,
}
REGIONS = {
    "europe": R.EUROPE,
    "asia": R.INDO_PACIFIC,
    "oceania": R.INDO_PACIFIC,
    "africa": R.AFRICA,
    "americas": R.AMERICAS,
}


def exercise_region(latitude=None, longitude=None, host_region="", host_subregion="") -> str:
    """The exercise region's value, or "" when neither coordinates nor a host tell."""
    if latitude is not None and longitude is not None:
        lat, lon = float(latitude), float(longitude)
        for region, south, north, west, east in BOXES:
            if south <= lat <= north and west <= lon <= east:
                return region.value
    region = SUBREGIONS.get(host_subregion or "") or REGIONS.get(host_region or "")
    return region.value if region else ""
