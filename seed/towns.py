"""Real towns and cities of England and Wales that the synthetic marketplace clusters around.

Coordinates are the town centres to two decimal places (about a kilometre). `weight` is the population in
thousands (rounded): the generator softens it so small towns still get homes. `spread_km` is how far homes
scatter around the centre (one standard deviation); coastal towns get a small spread so few homes land in
the sea. `region` drives the demo's East Midlands density and the Welsh-language offer in Wales.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class Town(NamedTuple):
    name: str
    latitude: float
    longitude: float
    weight: float
    region: str
    spread_km: float = 3.0


EAST_MIDLANDS: Final = "east_midlands"
WALES: Final = "wales"

#: The towns of Leicestershire and Rutland, where the demo cases live.
LEICESTERSHIRE: Final = frozenset({
    "Leicester", "Loughborough", "Shepshed", "Coalville", "Hinckley", "Melton Mowbray", "Market Harborough",
    "Lutterworth", "Oakham", "Ashby-de-la-Zouch", "Wigston",
})

TOWNS: Final[tuple[Town, ...]] = (
    # East Midlands: Leicestershire and Rutland
    Town("Leicester", 52.64, -1.13, 370, EAST_MIDLANDS, 4.0),
    Town("Loughborough", 52.77, -1.21, 60, EAST_MIDLANDS, 2.5),
    Town("Shepshed", 52.77, -1.29, 14, EAST_MIDLANDS, 1.5),
    Town("Coalville", 52.72, -1.37, 35, EAST_MIDLANDS, 2.0),
    Town("Hinckley", 52.54, -1.37, 45, EAST_MIDLANDS, 2.0),
    Town("Melton Mowbray", 52.77, -0.89, 27, EAST_MIDLANDS, 2.0),
    Town("Market Harborough", 52.48, -0.92, 24, EAST_MIDLANDS, 2.0),
    Town("Lutterworth", 52.46, -1.20, 10, EAST_MIDLANDS, 1.5),
    Town("Oakham", 52.67, -0.73, 11, EAST_MIDLANDS, 1.5),
    Town("Ashby-de-la-Zouch", 52.75, -1.47, 13, EAST_MIDLANDS, 1.5),
    Town("Wigston", 52.59, -1.10, 32, EAST_MIDLANDS, 1.5),
    # East Midlands: the rest
    Town("Nottingham", 52.95, -1.15, 320, EAST_MIDLANDS, 4.0),
    Town("Derby", 52.92, -1.48, 260, EAST_MIDLANDS, 3.5),
    Town("Mansfield", 53.14, -1.20, 110, EAST_MIDLANDS, 2.5),
    Town("Newark-on-Trent", 53.08, -0.81, 30, EAST_MIDLANDS, 2.0),
    Town("Chesterfield", 53.24, -1.42, 88, EAST_MIDLANDS, 2.5),
    Town("Lincoln", 53.23, -0.54, 100, EAST_MIDLANDS, 2.5),
    Town("Grantham", 52.91, -0.64, 45, EAST_MIDLANDS, 2.0),
    Town("Boston", 52.98, -0.03, 45, EAST_MIDLANDS, 2.0),
    Town("Northampton", 52.24, -0.90, 220, EAST_MIDLANDS, 3.5),
    Town("Kettering", 52.40, -0.73, 63, EAST_MIDLANDS, 2.0),
    Town("Corby", 52.49, -0.70, 60, EAST_MIDLANDS, 2.0),
    Town("Wellingborough", 52.30, -0.69, 50, EAST_MIDLANDS, 2.0),
    # West Midlands
    Town("Birmingham", 52.48, -1.90, 1140, "west_midlands", 6.0),
    Town("Coventry", 52.41, -1.51, 350, "west_midlands", 4.0),
    Town("Wolverhampton", 52.59, -2.13, 260, "west_midlands", 3.5),
    Town("Stoke-on-Trent", 53.00, -2.18, 250, "west_midlands", 3.5),
    Town("Nuneaton", 52.52, -1.47, 88, "west_midlands", 2.5),
    Town("Rugby", 52.37, -1.26, 70, "west_midlands", 2.0),
    Town("Worcester", 52.19, -2.22, 100, "west_midlands", 2.5),
    Town("Hereford", 52.06, -2.72, 60, "west_midlands", 2.0),
    Town("Shrewsbury", 52.71, -2.75, 76, "west_midlands", 2.0),
    Town("Telford", 52.68, -2.45, 140, "west_midlands", 3.0),
    Town("Stafford", 52.81, -2.12, 70, "west_midlands", 2.0),
    # Yorkshire and the Humber
    Town("Sheffield", 53.38, -1.47, 580, "yorkshire", 4.5),
    Town("Leeds", 53.80, -1.55, 790, "yorkshire", 5.0),
    Town("Bradford", 53.79, -1.75, 350, "yorkshire", 4.0),
    Town("Huddersfield", 53.65, -1.78, 140, "yorkshire", 3.0),
    Town("York", 53.96, -1.08, 200, "yorkshire", 3.0),
    Town("Hull", 53.74, -0.33, 260, "yorkshire", 3.0),
    Town("Doncaster", 53.52, -1.13, 110, "yorkshire", 2.5),
    Town("Harrogate", 53.99, -1.54, 75, "yorkshire", 2.0),
    Town("Scarborough", 54.28, -0.40, 60, "yorkshire", 1.2),
    # North West
    Town("Manchester", 53.48, -2.24, 550, "north_west", 5.0),
    Town("Liverpool", 53.41, -2.98, 490, "north_west", 3.0),
    Town("Bolton", 53.58, -2.43, 200, "north_west", 3.0),
    Town("Preston", 53.76, -2.70, 140, "north_west", 3.0),
    Town("Blackpool", 53.82, -3.05, 140, "north_west", 1.2),
    Town("Lancaster", 54.05, -2.80, 50, "north_west", 2.0),
    Town("Carlisle", 54.89, -2.93, 75, "north_west", 2.0),
    Town("Chester", 53.19, -2.89, 80, "north_west", 2.0),
    # North East
    Town("Newcastle upon Tyne", 54.98, -1.61, 300, "north_east", 3.5),
    Town("Sunderland", 54.91, -1.38, 170, "north_east", 2.0),
    Town("Durham", 54.78, -1.57, 48, "north_east", 2.0),
    Town("Middlesbrough", 54.57, -1.23, 140, "north_east", 2.5),
    Town("Darlington", 54.52, -1.55, 93, "north_east", 2.0),
    # East of England
    Town("Norwich", 52.63, 1.30, 140, "east", 3.0),
    Town("Ipswich", 52.06, 1.16, 140, "east", 2.5),
    Town("Cambridge", 52.21, 0.12, 145, "east", 2.5),
    Town("Peterborough", 52.57, -0.24, 200, "east", 3.0),
    Town("Colchester", 51.89, 0.90, 130, "east", 2.5),
    Town("Chelmsford", 51.74, 0.47, 110, "east", 2.5),
    Town("Luton", 51.88, -0.42, 220, "east", 3.0),
    Town("Bedford", 52.14, -0.47, 106, "east", 2.5),
    # London (boroughs)
    Town("Camden", 51.55, -0.16, 270, "london", 2.0),
    Town("Hackney", 51.55, -0.06, 280, "london", 2.0),
    Town("Tower Hamlets", 51.52, -0.03, 310, "london", 2.0),
    Town("Lewisham", 51.45, -0.02, 300, "london", 2.5),
    Town("Croydon", 51.37, -0.10, 390, "london", 3.0),
    Town("Ealing", 51.51, -0.30, 370, "london", 2.5),
    Town("Barnet", 51.62, -0.21, 390, "london", 3.0),
    Town("Enfield", 51.65, -0.08, 330, "london", 3.0),
    # South East
    Town("Oxford", 51.75, -1.26, 160, "south_east", 2.5),
    Town("Reading", 51.45, -0.97, 170, "south_east", 3.0),
    Town("Milton Keynes", 52.04, -0.76, 230, "south_east", 3.5),
    Town("Southampton", 50.91, -1.40, 250, "south_east", 2.5),
    Town("Portsmouth", 50.80, -1.09, 210, "south_east", 1.5),
    Town("Brighton", 50.82, -0.14, 230, "south_east", 1.5),
    Town("Guildford", 51.24, -0.57, 77, "south_east", 2.0),
    Town("Maidstone", 51.27, 0.52, 110, "south_east", 2.5),
    Town("Canterbury", 51.28, 1.08, 55, "south_east", 2.0),
    # South West
    Town("Bristol", 51.45, -2.59, 470, "south_west", 4.0),
    Town("Bath", 51.38, -2.36, 95, "south_west", 2.0),
    Town("Gloucester", 51.86, -2.24, 130, "south_west", 2.5),
    Town("Swindon", 51.56, -1.78, 180, "south_west", 3.0),
    Town("Taunton", 51.02, -3.10, 60, "south_west", 2.0),
    Town("Exeter", 50.72, -3.53, 130, "south_west", 2.5),
    Town("Plymouth", 50.38, -4.14, 260, "south_west", 2.0),
    Town("Truro", 50.26, -5.05, 20, "south_west", 1.5),
    Town("Bournemouth", 50.72, -1.88, 190, "south_west", 1.5),
    # Wales
    Town("Cardiff", 51.48, -3.18, 360, WALES, 3.0),
    Town("Swansea", 51.62, -3.94, 240, WALES, 2.0),
    Town("Newport", 51.58, -3.00, 150, WALES, 2.5),
    Town("Bridgend", 51.50, -3.58, 50, WALES, 2.0),
    Town("Merthyr Tydfil", 51.75, -3.38, 45, WALES, 2.0),
    Town("Carmarthen", 51.86, -4.31, 15, WALES, 1.5),
    Town("Haverfordwest", 51.80, -4.97, 13, WALES, 1.5),
    Town("Aberystwyth", 52.41, -4.08, 19, WALES, 1.0),
    Town("Newtown", 52.51, -3.31, 11, WALES, 1.5),
    Town("Wrexham", 53.05, -2.99, 65, WALES, 2.0),
    Town("Llandudno", 53.32, -3.83, 20, WALES, 1.0),
    Town("Bangor", 53.23, -4.13, 18, WALES, 1.2),
    Town("Caernarfon", 53.14, -4.27, 10, WALES, 1.0),
)

TOWNS_BY_NAME: Final[dict[str, Town]] = {t.name: t for t in TOWNS}


def town(name: str) -> Town:
    """The town called `name` (exact spelling); KeyError names the town when it is not in the list."""
    try:
        return TOWNS_BY_NAME[name]
    except KeyError:
        raise KeyError(f"{name!r} is not one of the seeded towns") from None
