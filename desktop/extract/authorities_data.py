"""English local authorities with children's services, as data.

``CURRENT`` is the set that exists today (153 since the 2023 reorganisation:
33 London, 36 metropolitan, 21 county, 62 unitary and the Isles of Scilly).
``FORMER`` holds authorities merged away since 2013 so that older papers (a
2014 Poole report, a 2017 Northamptonshire minute) are still recognised.

``ALIASES`` maps other spellings that papers really use to the canonical
name. Generic variants ("&" for "and", "upon"/"-upon-", a dropped comma)
are generated in ``authority.py`` and need not be listed here.
"""

from __future__ import annotations

LONDON = (
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden",
    "City of London", "Croydon", "Ealing", "Enfield", "Greenwich", "Hackney",
    "Hammersmith and Fulham", "Haringey", "Harrow", "Havering", "Hillingdon",
    "Hounslow", "Islington", "Kensington and Chelsea", "Kingston upon Thames",
    "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge",
    "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets",
    "Waltham Forest", "Wandsworth", "Westminster",
)

METROPOLITAN = (
    # Greater Manchester
    "Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford",
    "Stockport", "Tameside", "Trafford", "Wigan",
    # Merseyside
    "Knowsley", "Liverpool", "St Helens", "Sefton", "Wirral",
    # South Yorkshire
    "Barnsley", "Doncaster", "Rotherham", "Sheffield",
    # Tyne and Wear
    "Gateshead", "Newcastle upon Tyne", "North Tyneside", "South Tyneside",
    "Sunderland",
    # West Midlands
    "Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall",
    "Wolverhampton",
    # West Yorkshire
    "Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield",
)

COUNTY = (
    "Cambridgeshire", "Derbyshire", "Devon", "East Sussex", "Essex",
    "Gloucestershire", "Hampshire", "Hertfordshire", "Kent", "Lancashire",
    "Leicestershire", "Lincolnshire", "Norfolk", "Nottinghamshire",
    "Oxfordshire", "Staffordshire", "Suffolk", "Surrey", "Warwickshire",
    "West Sussex", "Worcestershire",
)

UNITARY = (
    "Bath and North East Somerset", "Bedford", "Blackburn with Darwen",
    "Blackpool", "Bournemouth, Christchurch and Poole", "Bracknell Forest",
    "Brighton and Hove", "Bristol", "Buckinghamshire", "Central Bedfordshire",
    "Cheshire East", "Cheshire West and Chester", "Cornwall", "Cumberland",
    "Darlington", "Derby", "Dorset", "Durham", "East Riding of Yorkshire",
    "Halton", "Hartlepool", "Herefordshire", "Isle of Wight",
    "Kingston upon Hull", "Leicester", "Luton", "Medway", "Middlesbrough",
    "Milton Keynes", "North East Lincolnshire", "North Lincolnshire",
    "North Northamptonshire", "North Somerset", "North Yorkshire",
    "Northumberland", "Nottingham", "Peterborough", "Plymouth", "Portsmouth",
    "Reading", "Redcar and Cleveland", "Rutland", "Shropshire", "Slough",
    "Somerset", "South Gloucestershire", "Southampton", "Southend-on-Sea",
    "Stockton-on-Tees", "Stoke-on-Trent", "Swindon", "Telford and Wrekin",
    "Thurrock", "Torbay", "Warrington", "West Berkshire",
    "West Northamptonshire", "Westmorland and Furness", "Wiltshire",
    "Windsor and Maidenhead", "Wokingham", "York",
)

SCILLY = ("Isles of Scilly",)

CURRENT: tuple[str, ...] = LONDON + METROPOLITAN + COUNTY + UNITARY + SCILLY

# Merged away: Bournemouth and Poole (2019, into BCP), Northamptonshire
# (2021), Cumbria (2023).
FORMER: tuple[str, ...] = ("Bournemouth", "Poole", "Northamptonshire", "Cumbria")

ALL_AUTHORITIES: tuple[str, ...] = CURRENT + FORMER

ALIASES: dict[str, str] = {
    "BANES": "Bath and North East Somerset",
    "B&NES": "Bath and North East Somerset",
    "North East Somerset": "Bath and North East Somerset",
    "BCP": "Bournemouth, Christchurch and Poole",
    "Blackburn": "Blackburn with Darwen",
    "City of Bristol": "Bristol",
    "Bristol City": "Bristol",
    "County Durham": "Durham",
    "Hull": "Kingston upon Hull",
    "Hull City": "Kingston upon Hull",
    "City of York": "York",
    "St. Helens": "St Helens",
    "Saint Helens": "St Helens",
    "Southend": "Southend-on-Sea",
    "Stockton": "Stockton-on-Tees",
    "Stoke": "Stoke-on-Trent",
    "Newcastle": "Newcastle upon Tyne",
    "Cheshire West": "Cheshire West and Chester",
    "East Riding": "East Riding of Yorkshire",
    "City of Westminster": "Westminster",
    "Royal Greenwich": "Greenwich",
    "Scilly": "Isles of Scilly",
    "Telford": "Telford and Wrekin",
    "Redcar": "Redcar and Cleveland",
}
