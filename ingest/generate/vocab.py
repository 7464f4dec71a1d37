"""The generator's vocabulary: what a fictional world is made of.

Everything named here that can hold or divert a weapon is made up: units, depots, bases,
agencies, transit cells, armed groups, companies, people and serials. Real names appear only
where DOMAIN.md allows them: weapon systems (canonical names from ``ingest/weapon_systems.yaml``),
countries, towns and the border crossings between Ukraine and its EU neighbours.

Unit numbers are drawn from ranges (brigades 500-999, corps 40-199) chosen to stay clear of
real formations, and every armed group is a colour and an animal ("Amber Lynx group").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "ANIMALS",
    "BRIGADE_TYPES",
    "COLOURS",
    "COMPANY_STEMS",
    "CROSSINGS",
    "DONORS",
    "FIRST_NAMES",
    "HUBS",
    "LOTS",
    "PHONETIC",
    "SERIALS",
    "SURNAMES",
    "TOWNS",
    "Donor",
    "Hub",
    "LotSystem",
    "SerialSystem",
    "ordinal",
]


@dataclass(frozen=True, slots=True)
class SerialSystem:
    """A serialised weapon system: its canonical name, serial prefix and digits, and how it
    is written in reports (phrases with their article, and the noun a later sentence uses)."""

    name: str
    prefix: str
    digits: int
    weight: float
    phrases: tuple[str, ...]
    noun: str
    nsn: str = ""


@dataclass(frozen=True, slots=True)
class LotSystem:
    """Ammunition shipped by lot: lot code part and the quantity range of one lot."""

    name: str
    code: str
    low: int
    high: int
    step: int
    nsn: str = ""


# Serial prefixes avoid the catalogue's aliases ("AT4", "M240") so a serial is never read as a
# system name, and never start with SN/NO (graph.ids.normalize_serial drops those prefixes).
SERIALS: Final[tuple[SerialSystem, ...]] = (
    SerialSystem("M4 carbine", "M4", 7, 26.0, ("an M4 carbine", "an M4A1 carbine"), "rifle", "1005-01-382-0953"),
    SerialSystem("FGM-148 Javelin", "JAV", 6, 8.0,
                 ("a Javelin command launch unit", "an FGM-148 Javelin launcher", "a Javelin launcher"), "launcher",
                 "1425-01-623-7766"),
    SerialSystem("FIM-92 Stinger", "STG", 6, 4.0, ("a FIM-92 Stinger gripstock", "a Stinger gripstock"),
                 "gripstock", "1425-01-358-9417"),
    SerialSystem("AN/PVS-14 night vision device", "NVG", 6, 10.0, ("an AN/PVS-14 night vision device",),
                 "night vision device"),
    SerialSystem("Switchblade", "SWB", 6, 2.0, ("a Switchblade 300 drone",), "drone"),
    SerialSystem("NLAW", "NLW", 6, 9.0, ("an NLAW launcher",), "launcher"),
    SerialSystem("AT4", "ATL", 6, 9.0, ("an AT4 launcher",), "launcher"),
    SerialSystem("Carl Gustaf", "CGR", 5, 3.0, ("a Carl Gustaf recoilless rifle",), "rifle"),
    SerialSystem("M2 Browning machine gun", "BRM", 5, 3.0, ("an M2 Browning machine gun",), "machine gun"),
    SerialSystem("M240 machine gun", "MGB", 6, 5.0, ("an M240 machine gun",), "machine gun"),
    SerialSystem("Mk 19 grenade launcher", "MKG", 5, 2.0, ("a Mk 19 grenade launcher",), "launcher"),
)

LOTS: Final[tuple[LotSystem, ...]] = (
    LotSystem("5.56mm ammunition", "556", 50_000, 200_000, 1_000, "1305-01-155-5459"),
    LotSystem("7.62mm ammunition", "762", 20_000, 120_000, 1_000),
    LotSystem("12.7mm ammunition", "127", 10_000, 60_000, 500),
    LotSystem("40mm grenades", "40G", 2_000, 12_000, 100),
    LotSystem("155mm artillery ammunition", "155", 500, 3_000, 50),
)


@dataclass(frozen=True, slots=True)
class Donor:
    agency: str
    country: str


DONORS: Final[tuple[Donor, ...]] = (
    Donor("Western Materiel Agency", "United States"),
    Donor("Northern Aid Logistics", "United Kingdom"),
    Donor("Rhine Support Office", "Germany"),
    Donor("Maple Defence Supply", "Canada"),
    Donor("Polder Logistics Bureau", "Netherlands"),
    Donor("Fjord Materiel Office", "Norway"),
    Donor("Vistula Aid Directorate", "Poland"),
    Donor("Nordic Supply Agency", "Sweden"),
)


@dataclass(frozen=True, slots=True)
class Hub:
    name: str
    country: str
    crossings: tuple[str, ...]


# Real border crossings between Ukraine and Poland, Slovakia, Hungary and Romania, as the
# NLP gazetteer (ingest/nlp/patterns/places.json) spells them.
CROSSINGS: Final[dict[str, str]] = {
    "Krakovets–Korczowa": "Poland",
    "Shehyni–Medyka": "Poland",
    "Rava-Ruska–Hrebenne": "Poland",
    "Yahodyn–Dorohusk": "Poland",
    "Uzhhorod–Vyšné Nemecké": "Slovakia",
    "Chop–Záhony": "Hungary",
    "Porubne–Siret": "Romania",
}

HUBS: Final[tuple[Hub, ...]] = (
    Hub("Hub North", "Poland", ("Krakovets–Korczowa", "Shehyni–Medyka")),
    Hub("Hub Central", "Poland", ("Rava-Ruska–Hrebenne", "Yahodyn–Dorohusk")),
    Hub("Hub Tatra", "Slovakia", ("Uzhhorod–Vyšné Nemecké",)),
    Hub("Hub Tisza", "Hungary", ("Chop–Záhony",)),
    Hub("Hub Bukovina", "Romania", ("Porubne–Siret",)),
)

# Real towns where seizures and sightings happen (places spread no access); the rest are
# made-up "Town K-4" names.
TOWNS: Final[tuple[str, ...]] = ("Odesa", "Lviv", "Kherson", "Dnipro", "Kharkiv", "Vinnytsia", "Rivne", "Lutsk",
                                 "Chernivtsi", "Zhytomyr")

PHONETIC: Final[tuple[str, ...]] = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot")
BRIGADE_TYPES: Final[tuple[str, ...]] = ("Reserve", "Rifle", "Coastal", "Mountain")

# Armed groups are "<colour> <animal> group"; pairs are checked for fuzzy distinctness.
COLOURS: Final[tuple[str, ...]] = ("Amber", "Copper", "Ochre", "Teal", "Violet", "Silver", "Russet", "Cobalt",
                                   "Saffron", "Indigo")
ANIMALS: Final[tuple[str, ...]] = ("Lynx", "Heron", "Stoat", "Badger", "Otter", "Crane", "Marten", "Kestrel", "Ibex",
                                   "Plover", "Shrike", "Bittern")
COMPANY_STEMS: Final[tuple[str, ...]] = ("Veltra", "Dalmor", "Kestova", "Brannik", "Orvella", "Zelvik", "Pernak",
                                         "Trevna", "Ulmar", "Varnek", "Halvik", "Morvane", "Quessa", "Tarnel",
                                         "Sovrin", "Embrel", "Rinvold", "Castrel", "Lodvig", "Nevrak")

FIRST_NAMES: Final[tuple[str, ...]] = (
    "Taras", "Petro", "Mykola", "Oleh", "Andriy", "Yurii", "Bohdan", "Vasyl", "Serhii", "Dmytro", "Roman",
    "Stepan", "Maksym", "Ostap", "Yaroslav", "Volodymyr", "Hryhorii", "Pavlo", "Artem", "Nazar", "Denys",
    "Kyrylo", "Oksana", "Iryna", "Natalia", "Halyna", "Yuliia", "Sofiia", "Khrystyna", "Larysa", "Tetiana",
    "Viktoriia", "Zoriana", "Lesia", "Solomiia", "Fedir", "Lukian", "Emil", "Ruslan", "Vadym",
)
SURNAMES: Final[tuple[str, ...]] = (
    "Bondarenko", "Bondarchuk", "Kovalenko", "Kovalchuk", "Kovalyshyn", "Tkachenko", "Tkachuk", "Melnyk",
    "Melnychuk", "Shevchuk", "Kravets", "Kravchenko", "Lysenko", "Lysiak", "Moroz", "Morozenko", "Savchenko",
    "Savchuk", "Rudenko", "Rudnytskyi", "Pasichnyk", "Zinchenko", "Oliinyk", "Derkach", "Kuzmenko", "Kuzmych",
    "Yatsenko", "Yatsyshyn", "Prokopenko", "Prokopovych", "Hnatiuk", "Hnatyshyn", "Sydorenko", "Sydorchuk",
    "Vakulenko", "Fedorenko", "Fedorovych", "Fedoriv", "Stasiuk", "Demchenko", "Demchuk", "Harasymiv", "Levchenko",
    "Levchuk", "Marchenko", "Marchuk", "Ostapenko", "Ostapchuk", "Pylypenko", "Pylypchuk", "Romaniuk", "Romanenko",
    "Semenko", "Semeniuk", "Tymoshchuk", "Ustymenko", "Veresiuk", "Zhuk", "Babiy", "Babenko", "Chornobai",
    "Ilchenko", "Kalynychenko", "Lozynskyi", "Nazarenko", "Ponomarenko", "Rybak", "Rybalko", "Skoryk", "Voloshyn",
    "Yakymenko", "Zarudnyi", "Mazur", "Mazurenko", "Hrytsenko", "Hrytsiuk", "Danyliuk", "Danylenko", "Kostenko",
    "Kostiuk", "Martyniuk", "Mykhailenko", "Naumenko", "Osadchyi", "Pavlenko", "Pavliuk", "Rozhko", "Sahaidak",
    "Shapoval", "Shulha", "Sokolenko", "Stelmakh", "Tarasenko", "Tarasiuk", "Vovk", "Yurchenko", "Yurchyshyn",
    "Zabolotnyi", "Andrusiak", "Bilyk", "Boiko", "Chumak", "Dmytrenko", "Dzyuba", "Hordiienko", "Humeniuk",
    "Ivanenko", "Ivaniuk", "Karpenko", "Klymenko", "Klymchuk", "Kolesnyk", "Kononenko", "Kyrylenko", "Lytvyn",
    "Lytvynenko", "Makarenko", "Matviienko", "Maksymiuk", "Nesterenko", "Palamarchuk", "Petrenko", "Petryshyn",
    "Polishchuk", "Radchenko", "Savytskyi", "Serhiienko", "Symonenko", "Teslenko", "Vasylenko", "Vasylyshyn",
    "Verbytskyi", "Yaremchuk", "Zaiets",
)


def ordinal(n: int) -> str:
    """1 -> "1st", 12 -> "12th", 523 -> "523rd".

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 522, 613)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '522nd', '613th']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
