"""Which currency a symbol, a code or a word names: one table of the world's currencies as news
writes them, and the lookups ``money`` reads amounts with."""

from __future__ import annotations

# One row per currency: ISO 4217 | symbols | other codes (case-sensitive) | words (lower case,
# "(s)" adds a plural). The ISO code itself is always a code. "X$" symbols also match with a space
# before "$" ("hk $ 10"), except "A$", which must touch: in "a $ 1 billion", "a" is an article.
CURRENCY_TABLE = """
USD | $ US$ U.S.$ $US &#36; |     | dollar(s), us dollar(s), american dollar(s)
GBP | £ &#163; &pound;      |     | pound(s), sterling, pound(s) sterling, quid
EUR | € &#8364; &euro;      |     | euro(s)
JPY | ¥ 円 &#165; &yen;     |     | yen, japanese yen
CNY | 元                    | RMB | yuan, renminbi, chinese yuan
CHF |                       | SFr | franc(s), swiss franc(s)
AUD | A$ AU$ AUD$ $A        |     | australian dollar(s)
CAD | C$ CA$ CAN$ CAD$      |     | canadian dollar(s)
NZD | NZ$ $NZ               |     | new zealand dollar(s)
HKD | HK$ $HK               |     | hong kong dollar(s)
SGD | S$ SG$                |     | singapore dollar(s)
TWD | NT$                   |     | taiwan dollar(s), new taiwan dollar(s), taiwanese dollar(s)
ZWD | Z$                    |     | zimbabwe dollar(s), zimbabwean dollar(s)
MXN | Mex$ MX$ MXN$         |     | peso(s), mexican peso(s)
ARS |                       |     | argentine peso(s), argentinian peso(s)
CLP |                       |     | chilean peso(s)
COP |                       |     | colombian peso(s)
PHP | ₱                     |     | philippine peso(s)
CUP |                       |     | cuban peso(s)
CUC |                       |     | convertible peso(s)
BRL | R$                    |     | reais, brazilian real, brazilian reais
INR | ₹                     | Rs  | rupee(s), indian rupee(s)
PKR |                       |     | pakistani rupee(s)
LKR |                       |     | sri lankan rupee(s)
RUB | ₽                     |     | rouble(s), ruble(s), russian rouble(s)
KRW | ₩                     |     | won, korean won, south korean won
ZAR |                       |     | rand, south african rand
SEK |                       |     | krona, kronor, swedish krona, swedish kronor
NOK |                       |     | kroner, norwegian kroner, norwegian krone
DKK |                       |     | danish kroner, danish krone
PLN |                       |     | zloty(s), zlotych
HUF |                       |     | forint(s)
CZK |                       |     | koruna, czech koruna, czech crowns
TRY | ₺                     |     | turkish lira, new turkish lira
ITL |                       |     | lire, italian lire, italian lira
ILS | ₪                     |     | shekel(s)
NGN | ₦                     |     | naira
THB | ฿                     |     | baht
IDR |                       | Rp  | rupiah
VND | ₫                     |     | dong
MYR |                       | RM  | ringgit(s), malaysian ringgit(s), malaysia ringgit(s)
SAR |                       |     | riyal(s), saudi riyal(s)
QAR |                       |     | qatari riyal(s)
AED |                       |     | dirham(s), uae dirham(s)
EGP |                       |     | egyptian pound(s)
LBP |                       |     | lebanese pound(s)
KWD |                       |     | kuwaiti dinar(s)
IQD |                       |     | iraqi dinar(s)
KES |                       |     | kenyan shilling(s)
UGX |                       |     | ugandan shilling(s)
XOF |                       | XAF | cfa franc(s)
GEL | ₾                     |     | lari
UAH | ₴                     |     | hryvnia(s)
MNT | ₮                     |     | tugrik(s)
BGN |                       |     | leva, bulgarian lev
FIM |                       |     | markka, markkaa, finnish markka, finnish markkaa
ESP |                       |     | peseta(s), spanish peseta(s)
NLG |                       |     | guilder(s), dutch guilder(s)
DEM |                       |     | deutschmark(s), deutsche mark(s), german mark(s)
FRF |                       |     | french franc(s)
IEP |                       |     | irish pound(s), punts
"""
# More ISO codes, read before or after a number ("5 BGN"). Codes that are English words in
# capitals ("ALL 5 solutions", "BOB") are never read, even where the table has them.
EXTRA_CODES = "HRK ISK BHD OMR JOD BDT KZT TND VEF"
NOT_CODES = "ALL BOB CUP TOP MOP PEN TRY GEL MAD FKP COP PHP"
# Lower-case codes that are no English word, for lower-cased text ("usd 5").
LOWER_CODES = "usd eur gbp jpy chf cny rmb hkd sgd nzd"
# Minor units -> ISO; "*" is the cents of the nearest dollar-like amount in the sentence, else USD.
MINOR: dict[str, str] = {
    "cent": "*", "cents": "*", "c": "*", "¢": "*", "euro cent": "EUR", "euro cents": "EUR",
    "us cents": "USD", "australian cents": "AUD", "pence": "GBP", "penny": "GBP", "p": "GBP",
    "paise": "INR", "kopecks": "RUB",
}  # fmt: skip
CENT_CURRENCIES = "USD AUD CAD NZD HKD SGD TWD EUR"

# ---- Lookup tables derived from the data above ------------------------------------------------
SYMBOLS: dict[str, str] = {}
CODES: dict[str, str] = {}
WORDS: dict[str, str] = {}
for _row in CURRENCY_TABLE.strip().splitlines():
    _iso, _syms, _codes, _names = (cell.strip() for cell in _row.split("|"))
    SYMBOLS.update({s.upper(): _iso for s in _syms.split()})
    CODES.update({c: _iso for c in [_iso, *_codes.split()]})
    _plain = [n.strip() for n in _names.split(",")]
    WORDS.update({n.replace("(s)", s): _iso for n in _plain for s in ("", "s")})
CODES.update({c: c for c in EXTRA_CODES.split()})
for _code in NOT_CODES.split():
    CODES.pop(_code, None)
WORDS.update({word: iso for word, iso in MINOR.items() if len(word) > 1})
