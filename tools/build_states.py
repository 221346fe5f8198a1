"""Generate ``src/eventgraph/data/actors/states.yaml``: the 193 UN member states keyed by ISO alpha-3.

pycountry supplies the ISO codes and official names; it has no demonyms, capitals or news short names,
so those live in the table below. Run ``python tools/build_states.py`` after editing the table and
commit the YAML. Analysts may also edit the YAML directly; the loader validates it either way.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pycountry
import yaml

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "eventgraph" / "data" / "actors" / "states.yaml"

# ISO3 | canonical name | demonyms/adjectives ; separated | capitals and metonyms | extra aliases
# A code may take several rows; their cells are merged (keeps long rows readable).
# Where two states share a demonym (Dominican, Congolese) the row listed first wins it.
UN_MEMBERS = """
AFG|Afghanistan|Afghan|Kabul|
ALB|Albania|Albanian|Tirana|
DZA|Algeria|Algerian|Algiers|
AND|Andorra|Andorran|Andorra la Vella|
AGO|Angola|Angolan|Luanda|
ATG|Antigua and Barbuda|Antiguan;Barbudan|St. John's|
ARG|Argentina|Argentine;Argentinian|Buenos Aires;Casa Rosada|
ARM|Armenia|Armenian|Yerevan|Republic of Armenia
AUS|Australia|Australian|Canberra|
AUT|Austria|Austrian|Vienna|
AZE|Azerbaijan|Azerbaijani;Azeri;Azerbaijanian|Baku|Republic of Azerbaijan;Azerbaycan
BHS|Bahamas|Bahamian|Nassau|The Bahamas
BHR|Bahrain|Bahraini|Manama|
BGD|Bangladesh|Bangladeshi|Dhaka|
BRB|Barbados|Barbadian;Bajan|Bridgetown|
BLR|Belarus|Belarusian;Belarusan|Minsk|Byelorussia
BEL|Belgium|Belgian||
BLZ|Belize|Belizean|Belmopan|
BEN|Benin|Beninese|Porto-Novo|
BTN|Bhutan|Bhutanese|Thimphu|
BOL|Bolivia|Bolivian|La Paz;Sucre|
BIH|Bosnia and Herzegovina|Bosnian;Herzegovinian|Sarajevo|Bosnia;Bosnia-Herzegovina
BWA|Botswana|Botswanan;Motswana|Gaborone|
BRA|Brazil|Brazilian|Brasilia;Brasília|
BRN|Brunei|Bruneian|Bandar Seri Begawan|
BGR|Bulgaria|Bulgarian|Sofia|
BFA|Burkina Faso|Burkinabe;Burkinabè|Ouagadougou|
BDI|Burundi|Burundian|Gitega|
CPV|Cabo Verde|Cape Verdean|Praia|Cape Verde
KHM|Cambodia|Cambodian|Phnom Penh|
CMR|Cameroon|Cameroonian|Yaounde;Yaoundé|
CAN|Canada|Canadian|Ottawa|
CAF|Central African Republic|Central African|Bangui|CAR
TCD|Chad|Chadian|N'Djamena|
CHL|Chile|Chilean|Santiago|
CHN|China|Chinese|Beijing;Zhongnanhai|People's Republic of China;PRC
COL|Colombia|Colombian|Bogota;Bogotá|
COM|Comoros|Comoran;Comorian|Moroni|
COD|Democratic Republic of the Congo|Congolese|Kinshasa|DR Congo;DRC;Congo-Kinshasa
COG|Republic of the Congo|Congolese|Brazzaville|Congo-Brazzaville
CRI|Costa Rica|Costa Rican|San Jose;San José|
CIV|Côte d'Ivoire|Ivorian|Yamoussoukro;Abidjan|Ivory Coast;Cote d'Ivoire
HRV|Croatia|Croatian;Croat|Zagreb|
CUB|Cuba|Cuban|Havana|
CYP|Cyprus|Cypriot|Nicosia|
CZE|Czech Republic|Czech|Prague|Czechia
DNK|Denmark|Danish|Copenhagen|
DJI|Djibouti|Djiboutian|Djibouti City|
DOM|Dominican Republic|Dominican|Santo Domingo|
DMA|Dominica|Dominican|Roseau|
ECU|Ecuador|Ecuadorian;Ecuadorean|Quito|
EGY|Egypt|Egyptian|Cairo|
SLV|El Salvador|Salvadoran;Salvadorean|San Salvador|
GNQ|Equatorial Guinea|Equatorial Guinean;Equatoguinean|Malabo|
ERI|Eritrea|Eritrean|Asmara|
EST|Estonia|Estonian|Tallinn|
SWZ|Eswatini|Swazi;Emaswati|Mbabane|Swaziland
ETH|Ethiopia|Ethiopian|Addis Ababa|
FJI|Fiji|Fijian|Suva|
FIN|Finland|Finnish|Helsinki|
FRA|France|French|Paris;Élysée;the Elysee;Elysee Palace;Quai d'Orsay|
GAB|Gabon|Gabonese|Libreville|
GMB|Gambia|Gambian|Banjul|The Gambia
GEO|Georgia|Georgian|Tbilisi|
DEU|Germany|German|Berlin;the Bundestag|
GHA|Ghana|Ghanaian|Accra|
GRC|Greece|Greek;Hellenic|Athens|
GRD|Grenada|Grenadian|St. George's|
GTM|Guatemala|Guatemalan|Guatemala City|
GIN|Guinea|Guinean|Conakry|
GNB|Guinea-Bissau|Bissau-Guinean|Bissau|
GUY|Guyana|Guyanese||
HTI|Haiti|Haitian|Port-au-Prince|
HND|Honduras|Honduran|Tegucigalpa|
HUN|Hungary|Hungarian|Budapest|
ISL|Iceland|Icelandic|Reykjavik;Reykjavík|
IND|India|Indian|New Delhi|
IDN|Indonesia|Indonesian|Jakarta|
IRN|Iran|Iranian;Persian|Tehran;Teheran|Islamic Republic of Iran;the Islamic Republic
IRQ|Iraq|Iraqi|Baghdad|
IRL|Ireland|Irish|Dublin|
ISR|Israel|Israeli|Jerusalem;Tel Aviv|
ITA|Italy|Italian|Rome|
JAM|Jamaica|Jamaican|Kingston|
JPN|Japan|Japanese|Tokyo|
JOR|Jordan|Jordanian|Amman|
KAZ|Kazakhstan|Kazakh;Kazakhstani|Astana|
KEN|Kenya|Kenyan|Nairobi|
KIR|Kiribati|I-Kiribati|Tarawa|
KWT|Kuwait|Kuwaiti|Kuwait City|
KGZ|Kyrgyzstan|Kyrgyz;Kyrgyzstani;Kirghiz|Bishkek|Kyrgyz Republic
LAO|Laos|Lao;Laotian|Vientiane|
LVA|Latvia|Latvian|Riga|
LBN|Lebanon|Lebanese|Beirut|
LSO|Lesotho|Basotho;Mosotho|Maseru|
LBR|Liberia|Liberian|Monrovia|
LBY|Libya|Libyan|Tripoli|
LIE|Liechtenstein|Liechtensteiner|Vaduz|
LTU|Lithuania|Lithuanian|Vilnius|
LUX|Luxembourg|Luxembourgish;Luxembourger|Luxembourg City|
MDG|Madagascar|Malagasy|Antananarivo|
MWI|Malawi|Malawian|Lilongwe|
MYS|Malaysia|Malaysian|Kuala Lumpur;Putrajaya|
MDV|Maldives|Maldivian|Malé|
MLI|Mali|Malian|Bamako|
MLT|Malta|Maltese|Valletta|
MHL|Marshall Islands|Marshallese|Majuro|
MRT|Mauritania|Mauritanian|Nouakchott|
MUS|Mauritius|Mauritian|Port Louis|
MEX|Mexico|Mexican|Mexico City|
FSM|Micronesia|Micronesian|Palikir|Federated States of Micronesia
MDA|Moldova|Moldovan|Chisinau;Chișinău|
MCO|Monaco|Monegasque|Monaco-Ville|
MNG|Mongolia|Mongolian|Ulaanbaatar;Ulan Bator|
MNE|Montenegro|Montenegrin|Podgorica|
MAR|Morocco|Moroccan|Rabat|
MOZ|Mozambique|Mozambican|Maputo|
MMR|Myanmar|Myanmarese;Burmese|Naypyidaw;Naypyitaw|Burma
NAM|Namibia|Namibian|Windhoek|
NRU|Nauru|Nauruan|Yaren|
NPL|Nepal|Nepalese;Nepali|Kathmandu|
NLD|Netherlands|Dutch|Amsterdam;The Hague|Holland;the Netherlands
NZL|New Zealand|New Zealander|Wellington|
NIC|Nicaragua|Nicaraguan|Managua|
NER|Niger|Nigerien|Niamey|
NGA|Nigeria|Nigerian|Abuja|
PRK|North Korea|North Korean|Pyongyang|DPRK
MKD|North Macedonia|Macedonian;North Macedonian|Skopje|Macedonia
NOR|Norway|Norwegian|Oslo|
OMN|Oman|Omani|Muscat|
PAK|Pakistan|Pakistani|Islamabad|
PLW|Palau|Palauan|Ngerulmud|
PAN|Panama|Panamanian|Panama City|
PNG|Papua New Guinea|Papua New Guinean|Port Moresby|
PRY|Paraguay|Paraguayan|Asuncion;Asunción|
PER|Peru|Peruvian|Lima|
PHL|Philippines|Filipino;Philippine|Manila|the Philippines
POL|Poland|Polish|Warsaw|
PRT|Portugal|Portuguese|Lisbon|
QAT|Qatar|Qatari|Doha|
KOR|South Korea|South Korean|Seoul|Republic of Korea
ROU|Romania|Romanian|Bucharest|
RUS|Russia|Russian|Moscow;the Kremlin|Russian Federation
RWA|Rwanda|Rwandan|Kigali|
KNA|Saint Kitts and Nevis|Kittitian;Nevisian|Basseterre|St Kitts and Nevis
LCA|Saint Lucia|Saint Lucian|Castries|St Lucia
VCT|Saint Vincent and the Grenadines|Vincentian|Kingstown|St Vincent and the Grenadines
WSM|Samoa|Samoan|Apia|
SMR|San Marino|Sammarinese|City of San Marino|
STP|Sao Tome and Principe|Santomean|Sao Tome;São Tomé|São Tomé and Príncipe
SAU|Saudi Arabia|Saudi;Saudi Arabian|Riyadh|
SEN|Senegal|Senegalese|Dakar|
SRB|Serbia|Serbian;Serb|Belgrade|
SYC|Seychelles|Seychellois||
SLE|Sierra Leone|Sierra Leonean|Freetown|
SGP|Singapore|Singaporean||
SVK|Slovakia|Slovak|Bratislava|
SVN|Slovenia|Slovenian;Slovene|Ljubljana|
SLB|Solomon Islands|Solomon Islander|Honiara|
SOM|Somalia|Somali|Mogadishu|
ZAF|South Africa|South African|Pretoria;Cape Town|
SSD|South Sudan|South Sudanese|Juba|
ESP|Spain|Spanish|Madrid|
LKA|Sri Lanka|Sri Lankan|Colombo;Sri Jayawardenepura Kotte|
SDN|Sudan|Sudanese|Khartoum|
SUR|Suriname|Surinamese|Paramaribo|
SWE|Sweden|Swedish|Stockholm|
CHE|Switzerland|Swiss|Bern;Berne|
SYR|Syria|Syrian|Damascus|
TJK|Tajikistan|Tajik;Tajikistani|Dushanbe|
TZA|Tanzania|Tanzanian|Dodoma;Dar es Salaam|
THA|Thailand|Thai|Bangkok|
TLS|Timor-Leste|Timorese|Dili|East Timor
TGO|Togo|Togolese|Lome;Lomé|
TON|Tonga|Tongan|Nuku'alofa|
TTO|Trinidad and Tobago|Trinidadian;Tobagonian|Port of Spain|
TUN|Tunisia|Tunisian|Tunis|
TUR|Turkey|Turkish|Ankara|Türkiye;Turkiye;Republic of Turkey;Turks
TKM|Turkmenistan|Turkmen|Ashgabat|
TUV|Tuvalu|Tuvaluan|Funafuti|
UGA|Uganda|Ugandan|Kampala|
UKR|Ukraine|Ukrainian|Kyiv;Kiev|
ARE|United Arab Emirates|Emirati|Abu Dhabi|UAE;the Emirates
GBR|United Kingdom|British;UK;U.K.|London;Downing Street;Whitehall|UK;U.K.;Britain;Great Britain
USA|United States|American;U.S.;US|Washington;the White House;the State Department;the Pentagon|America
USA|United States|||U.S.;US;USA;U.S.A.;United States of America;the United States
URY|Uruguay|Uruguayan|Montevideo|
UZB|Uzbekistan|Uzbek;Uzbekistani|Tashkent|
VUT|Vanuatu|Ni-Vanuatu|Port Vila|
VEN|Venezuela|Venezuelan|Caracas|
VNM|Vietnam|Vietnamese|Hanoi|Viet Nam
YEM|Yemen|Yemeni|Sanaa;Sana'a|
ZMB|Zambia|Zambian|Lusaka|
ZWE|Zimbabwe|Zimbabwean|Harare|
"""

# Metonyms that name an institution rather than the capital city carry that institution's sector.
METONYM_SECTORS = {
    "the Kremlin": "GOV",
    "the White House": "GOV",
    "the State Department": "GOV",
    "the Pentagon": "MIL",
    "Downing Street": "GOV",
    "Whitehall": "GOV",
    "Zhongnanhai": "GOV",
    "Casa Rosada": "GOV",
    "Élysée": "GOV",
    "the Elysee": "GOV",
    "Elysee Palace": "GOV",
    "Quai d'Orsay": "GOV",
    "the Bundestag": "LEG",
}

EXPECTED_MEMBERS = 193

# States deliberately given no capital metonym, and why; any other row without one is a mistake.
CAPITALS_LEFT_OUT = {
    "BEL": "Brussels stands for the EU in news",
    "GUY": "Georgetown is also a university and a Washington district",
    "SYC": "Victoria is a common first name (Victoria Nuland)",
    "SGP": "the capital's name is the state's name",
}


def parse_table(table: str) -> list[tuple[str, dict]]:
    """One catalogue entry per table row, with pycountry's names added as aliases."""
    rows: dict[str, list[str]] = {}
    for line in table.strip().splitlines():
        code, name, demonyms, metonyms, extra = (part.strip() for part in line.split("|"))
        if code in rows:
            previous = rows[code]
            rows[code] = [
                name,
                *(f"{a};{b}" for a, b in zip(previous[1:], (demonyms, metonyms, extra), strict=True)),
            ]
        else:
            rows[code] = [name, demonyms, metonyms, extra]
    entries = []
    for code, (name, demonyms, metonyms, extra) in rows.items():
        country = pycountry.countries.get(alpha_3=code)
        if country is None:
            raise SystemExit(f"{code}: not an ISO 3166-1 alpha-3 code known to pycountry")
        aliases = _unique(_pycountry_names(country) + _split(extra), exclude=name)
        entry: dict = {
            "name": name,
            "kind": "state",
            "aliases": aliases,
            "demonyms": _unique(_split(demonyms), ""),
        }
        plain, institutional = [], {}
        for metonym in _split(metonyms):
            if metonym in METONYM_SECTORS:
                institutional.setdefault(METONYM_SECTORS[metonym], []).append(metonym)
            else:
                plain.append(metonym)
        if plain:
            entry["metonyms"] = plain
        if institutional:
            entry["sectors"] = institutional
        entries.append((code, entry))
    return entries


def _pycountry_names(country) -> list[str]:  # type: ignore[no-untyped-def]
    names = [getattr(country, attr, None) for attr in ("name", "official_name", "common_name")]
    # "Korea, Republic of" is an index form, never a news form.
    return [n for n in names if n and "," not in n and "(" not in n]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _unique(names: list[str], exclude: str) -> list[str]:
    seen = {exclude.lower()}
    kept = []
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            kept.append(name)
    return kept


HEADER = """\
# UN member states, keyed by ISO 3166-1 alpha-3. GENERATED by tools/build_states.py from pycountry and
# the table in that script; edit the table and re-run, or edit here and keep the format:
#   CODE:
#     name: canonical short name used in output
#     kind: state
#     aliases: [other names of the state]            # case matters only where the alias has capitals
#     demonyms: [adjectives / nationality words]     # "Armenian"; plural people forms are derived
#     metonyms: [capitals standing for the state]    # "Yerevan" -> ARM
#     sectors: {GOV: [institutions standing for the government]}   # "the Kremlin" -> RUS GOV
"""


def main() -> int:
    entries = parse_table(UN_MEMBERS)
    codes = [code for code, _ in entries]
    if len(codes) != EXPECTED_MEMBERS or len(set(codes)) != EXPECTED_MEMBERS:
        raise SystemExit(f"expected {EXPECTED_MEMBERS} distinct UN members, table has {len(set(codes))}")
    missing = {code for code, entry in entries if not entry.get("metonyms") and not entry.get("sectors")}
    if missing != set(CAPITALS_LEFT_OUT):
        raise SystemExit(f"rows without a capital: {sorted(missing - set(CAPITALS_LEFT_OUT))}")
    body = yaml.safe_dump({"actors": dict(entries)}, allow_unicode=True, sort_keys=False, width=110)
    OUTPUT.write_text(HEADER + body, encoding="utf-8")
    print(f"wrote {len(codes)} states to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
