"""Vendor master data, locale print conventions and the invoice model of the demo corpus.

Everything the renderers need to print an invoice the way a real vendor of a given
country would: labels in the vendor's language, number/date/currency formatting,
tax ids and bank details with valid check digits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.ch import uid as ch_uid
from stdnum.ch import vat as ch_vat
from stdnum.de import vat as de_vat
from stdnum.es import ccc as es_ccc
from stdnum.es import cif as es_cif
from stdnum.es import nif as es_nif
from stdnum.fr import tva as fr_tva
from stdnum.gb import vat as gb_vat
from stdnum.iso7064 import mod_11_10
from stdnum.nl import btw as nl_btw
from stdnum.us import ein as std_us_ein

CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    """Round to cents the way invoicing software does (commercial rounding)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------------------
# Locale conventions
# --------------------------------------------------------------------------------------

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class LocaleSpec:
    code: str
    language: str
    thousands: str
    decimal: str
    date_style: str
    # Where the currency sits relative to the number, e.g. "$1.00" vs "1,00 €" vs "€ 1,00".
    currency_first: bool
    # Some locales write "19 %" (de, fr, es, ch), others "20%" (en, nl).
    percent_space: bool


LOCALES: dict[str, LocaleSpec] = {
    "en-US": LocaleSpec("en-US", "en", ",", ".", "mdy_slash", True, False),
    "en-GB": LocaleSpec("en-GB", "en", ",", ".", "dmy_slash", True, False),
    "de-DE": LocaleSpec("de-DE", "de", ".", ",", "dmy_dot", False, True),
    "fr-FR": LocaleSpec("fr-FR", "fr", " ", ",", "dmy_slash", False, True),
    "nl-NL": LocaleSpec("nl-NL", "nl", ".", ",", "dmy_dash", True, False),
    "es-ES": LocaleSpec("es-ES", "es", ".", ",", "dmy_slash", False, True),
    "de-CH": LocaleSpec("de-CH", "de", "'", ".", "dmy_dot", True, True),
}

CURRENCY_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "CHF": "CHF"}


def format_date(d: date, style: str) -> str:
    if style == "mdy_slash":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "dmy_slash":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "dmy_dot":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "dmy_dash":
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if style == "long_en":
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    raise ValueError(f"unknown date style {style!r}")


@dataclass(frozen=True)
class Formatter:
    """Formats numbers the way one particular vendor prints them."""

    locale: LocaleSpec
    currency: str
    currency_style: str  # "symbol" | "code"
    date_style: str
    thousands: str

    def amount(self, value: Decimal) -> str:
        """Number only, e.g. 1.234,56 - what appears in table cells."""
        value = q2(value)
        sign = "-" if value < 0 else ""
        units, cents = f"{abs(value):.2f}".split(".")
        groups = []
        while len(units) > 3:
            groups.insert(0, units[-3:])
            units = units[:-3]
        groups.insert(0, units)
        return f"{sign}{self.thousands.join(groups)}{self.locale.decimal}{cents}"

    def currency_mark(self) -> str:
        if self.currency_style == "symbol":
            return CURRENCY_SYMBOLS[self.currency]
        return self.currency

    def money(self, value: Decimal) -> str:
        mark = self.currency_mark()
        number = self.amount(value)
        if self.locale.currency_first:
            # "$1,234.56" but "USD 1,234.56" / "€ 1.234,56" / "CHF 1'234.56"
            glue = "" if mark in ("$", "£") else " "
            return f"{mark}{glue}{number}"
        return f"{number} {mark}"

    def unit_price(self, value: Decimal) -> str:
        """Metered prices (per page, per hour of a load balancer) keep their sub-cent digits."""
        if value == q2(value):
            return self.amount(value)
        digits = f"{value.normalize():f}".split(".")[1]
        return f"{int(value)}{self.locale.decimal}{digits}"

    def qty(self, value: Decimal) -> str:
        if value == value.to_integral_value():
            return str(int(value))
        text = f"{value.normalize():f}"
        return text.replace(".", self.locale.decimal)

    def rate(self, rate: Decimal) -> str:
        text = f"{rate.normalize():f}".replace(".", self.locale.decimal)
        return f"{text} %" if self.locale.percent_space else f"{text}%"

    def date(self, d: date) -> str:
        return format_date(d, self.date_style)


# --------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    invoice: str
    credit_note: str
    number: str
    date: str
    due: str
    customer_no: str
    order_ref: str
    bill_to: str
    sender: str
    subtotal: str
    tax: str  # "{rate}" is replaced by the formatted rate
    total: str
    amount_due: str
    pos: str
    description: str
    qty: str
    unit: str
    unit_price: str
    amount: str
    tax_col: str
    vat_id: str
    iban: str
    bic: str
    bank: str
    terms: str  # "{days}" and "{due}" placeholders
    reference: str  # "{ref}" placeholder, used on credit notes
    credit_terms: str
    thanks: str
    page: str
    summary: str
    flat_fee: str
    credit_number: str = ""  # "number" label on credit notes
    salutation: str = ""
    intro: str = ""
    closing: str = ""

    def number_for(self, credit_note: bool) -> str:
        return self.credit_number if credit_note and self.credit_number else self.number


_EN_US = Labels(
    credit_number="Credit Memo No.",
    invoice="INVOICE",
    credit_note="CREDIT MEMO",
    number="Invoice No.",
    date="Invoice Date",
    due="Due Date",
    customer_no="Customer ID",
    order_ref="PO Number",
    bill_to="Bill To",
    sender="From",
    subtotal="Subtotal",
    tax="Sales Tax ({rate})",
    total="Total",
    amount_due="Amount Due",
    pos="#",
    description="Description",
    qty="Qty",
    unit="Unit",
    unit_price="Unit Price",
    amount="Amount",
    tax_col="Tax",
    vat_id="EIN",
    iban="IBAN",
    bic="SWIFT",
    bank="Bank",
    terms="Payment terms: Net {days}. Please pay by {due}.",
    reference="Credit for invoice {ref}",
    credit_terms="This credit will be applied to your account.",
    thanks="Thank you for your business!",
    page="Page",
    summary="Account Summary",
    flat_fee="Flat fee as agreed",
)

_EN_US_B = replace(
    _EN_US,
    credit_number="Credit Memo #",
    invoice="Invoice",
    credit_note="Credit Memo",
    number="Invoice #",
    date="Date",
    due="Payment Due",
    customer_no="Account No.",
    order_ref="Your Ref.",
    bill_to="Billed To",
    subtotal="Net Amount",
    tax="Tax {rate}",
    total="Invoice Total",
    amount_due="Balance Due",
    description="Item",
    qty="Quantity",
    unit_price="Rate",
    amount="Line Total",
    terms="Terms: due within {days} days ({due}).",
    thanks="We appreciate your business.",
)

_EN_GB = replace(
    _EN_US,
    credit_number="Credit Note Number",
    invoice="TAX INVOICE",
    credit_note="CREDIT NOTE",
    number="Invoice Number",
    date="Invoice Date",
    due="Due Date",
    customer_no="Account Ref.",
    order_ref="Purchase Order",
    bill_to="Invoice To",
    tax="VAT {rate}",
    total="Total",
    amount_due="Amount Due",
    tax_col="VAT",
    vat_id="VAT Reg. No.",
    bic="BIC",
    terms="Payment due within {days} days, by {due}.",
    reference="Credit against invoice {ref}",
    credit_terms="This credit note will be offset against your next payment.",
    thanks="Thank you for your custom.",
)

_EN_GB_B = replace(
    _EN_GB,
    credit_number="Credit Note No.",
    invoice="Invoice",
    credit_note="Credit Note",
    number="Invoice No.",
    date="Date of Issue",
    due="Payment Due",
    customer_no="Customer No.",
    order_ref="Your Order",
    bill_to="Billed To",
    subtotal="Net Total",
    tax="VAT @ {rate}",
    total="Gross Total",
    amount_due="Balance Due",
    description="Item",
    qty="Quantity",
    unit_price="Rate",
    amount="Net",
)

_DE = Labels(
    credit_number="Gutschriftsnummer",
    invoice="Rechnung",
    credit_note="Gutschrift",
    number="Rechnungsnummer",
    date="Rechnungsdatum",
    due="Fällig am",
    customer_no="Kundennummer",
    order_ref="Ihre Bestellung",
    bill_to="Rechnungsempfänger",
    sender="Absender",
    subtotal="Nettobetrag",
    tax="zzgl. MwSt. {rate}",
    total="Gesamtbetrag",
    amount_due="Zu zahlender Betrag",
    pos="Pos.",
    description="Bezeichnung",
    qty="Menge",
    unit="Einheit",
    unit_price="Einzelpreis",
    amount="Gesamt",
    tax_col="MwSt.",
    vat_id="USt-IdNr.",
    iban="IBAN",
    bic="BIC",
    bank="Bank",
    terms="Zahlbar innerhalb von {days} Tagen bis {due} ohne Abzug.",
    reference="Gutschrift zu Rechnung {ref}",
    credit_terms="Der Betrag wird mit Ihrer nächsten Zahlung verrechnet.",
    thanks="Vielen Dank für Ihren Auftrag!",
    page="Seite",
    summary="Übersicht",
    flat_fee="Pauschale lt. Vereinbarung",
    salutation="Sehr geehrte Damen und Herren,",
    intro="wir erlauben uns, Ihnen folgende Leistungen in Rechnung zu stellen:",
    closing="Mit freundlichen Grüßen",
)

_DE_B = replace(
    _DE,
    credit_number="Gutschrift-Nr.",
    invoice="RECHNUNG",
    credit_note="GUTSCHRIFT",
    number="Rechnungs-Nr.",
    date="Datum",
    due="Zahlbar bis",
    customer_no="Kunden-Nr.",
    order_ref="Bestell-Nr.",
    bill_to="An",
    subtotal="Zwischensumme",
    tax="USt. {rate}",
    total="Rechnungsbetrag",
    amount_due="Offener Betrag",
    pos="Pos",
    description="Artikel / Leistung",
    qty="Anzahl",
    unit_price="Preis",
    amount="Betrag",
    tax_col="USt.",
    vat_id="USt-ID",
    terms="Bitte überweisen Sie den Betrag bis zum {due}.",
    intro="für unsere Lieferungen und Leistungen berechnen wir Ihnen:",
)

_DE_CH = replace(
    _DE,
    credit_number="Gutschrift Nr.",
    invoice="Rechnung",
    number="Rechnung Nr.",
    date="Datum",
    due="Zahlbar bis",
    customer_no="Kunden-Nr.",
    subtotal="Total exkl. MWST",
    tax="MWST {rate}",
    total="Total inkl. MWST",
    amount_due="Zahlbetrag",
    tax_col="MWST",
    vat_id="MWST-Nr.",
    terms="Zahlbar innerhalb {days} Tagen netto (bis {due}).",
    closing="Freundliche Grüsse",
    thanks="Besten Dank für Ihren Auftrag.",
)

_FR = Labels(
    credit_number="N° d'avoir",
    invoice="FACTURE",
    credit_note="AVOIR",
    number="N° de facture",
    date="Date de facture",
    due="Échéance",
    customer_no="N° client",
    order_ref="Votre commande",
    bill_to="Facturé à",
    sender="Émetteur",
    subtotal="Total HT",
    tax="TVA {rate}",
    total="Total TTC",
    amount_due="Net à payer",
    pos="N°",
    description="Désignation",
    qty="Qté",
    unit="Unité",
    unit_price="Prix unitaire HT",
    amount="Montant HT",
    tax_col="TVA",
    vat_id="N° TVA intracommunautaire",
    iban="IBAN",
    bic="BIC",
    bank="Banque",
    terms="Paiement à {days} jours, au plus tard le {due}. Pas d'escompte.",
    reference="Avoir sur facture {ref}",
    credit_terms="Montant à déduire de votre prochain règlement.",
    thanks="Merci de votre confiance.",
    page="Page",
    summary="Récapitulatif",
    flat_fee="Forfait selon devis",
)

_FR_B = replace(
    _FR,
    credit_number="Avoir n°",
    invoice="Facture",
    credit_note="Avoir",
    number="Facture n°",
    date="Date d'émission",
    due="Date d'échéance",
    customer_no="Réf. client",
    order_ref="Bon de commande",
    bill_to="Client",
    subtotal="Montant HT",
    tax="TVA à {rate}",
    total="Montant TTC",
    amount_due="Reste à payer",
    description="Description",
    qty="Quantité",
    unit_price="P.U. HT",
    amount="Total HT",
    vat_id="TVA intracom.",
)

_NL = Labels(
    credit_number="Creditnotanummer",
    invoice="Factuur",
    credit_note="Creditnota",
    number="Factuurnummer",
    date="Factuurdatum",
    due="Vervaldatum",
    customer_no="Klantnummer",
    order_ref="Uw referentie",
    bill_to="Factuuradres",
    sender="Van",
    subtotal="Subtotaal",
    tax="BTW {rate}",
    total="Totaal",
    amount_due="Te betalen",
    pos="Nr.",
    description="Omschrijving",
    qty="Aantal",
    unit="Eenheid",
    unit_price="Prijs",
    amount="Bedrag",
    tax_col="BTW",
    vat_id="BTW-nummer",
    iban="IBAN",
    bic="BIC",
    bank="Bank",
    terms="Gelieve binnen {days} dagen te betalen, uiterlijk {due}.",
    reference="Creditering van factuur {ref}",
    credit_terms="Het bedrag wordt verrekend met uw volgende betaling.",
    thanks="Bedankt voor uw bestelling!",
    page="Pagina",
    summary="Overzicht",
    flat_fee="Vaste prijs volgens afspraak",
)

_NL_B = replace(
    _NL,
    credit_number="Creditnr.",
    invoice="FACTUUR",
    credit_note="CREDITFACTUUR",
    number="Factuurnr.",
    date="Datum",
    due="Uiterste betaaldatum",
    customer_no="Debiteurnr.",
    order_ref="Ordernr.",
    bill_to="Aan",
    subtotal="Totaal excl. BTW",
    tax="BTW {rate}",
    total="Totaal incl. BTW",
    amount_due="Openstaand bedrag",
    vat_id="Btw-id",
)

_ES = Labels(
    credit_number="Nº de rectificativa",
    invoice="FACTURA",
    credit_note="FACTURA RECTIFICATIVA",
    number="Nº de factura",
    date="Fecha de factura",
    due="Vencimiento",
    customer_no="Nº cliente",
    order_ref="Su pedido",
    bill_to="Cliente",
    sender="Emisor",
    subtotal="Base imponible",
    tax="IVA {rate}",
    total="Total",
    amount_due="Total a pagar",
    pos="Nº",
    description="Concepto",
    qty="Cantidad",
    unit="Unidad",
    unit_price="Precio unitario",
    amount="Importe",
    tax_col="IVA",
    vat_id="NIF",
    iban="IBAN",
    bic="BIC",
    bank="Banco",
    terms="Pago a {days} días mediante transferencia, vencimiento {due}.",
    reference="Rectifica la factura {ref}",
    credit_terms="El importe se compensará en su próximo pago.",
    thanks="Gracias por su confianza.",
    page="Página",
    summary="Resumen",
    flat_fee="Tarifa plana según presupuesto",
)

_ES_B = replace(
    _ES,
    credit_number="Número de abono",
    invoice="Factura",
    credit_note="Nota de abono",
    number="Número de factura",
    date="Fecha de emisión",
    due="Fecha de vencimiento",
    customer_no="Código cliente",
    order_ref="Pedido",
    bill_to="Datos del cliente",
    subtotal="Subtotal",
    tax="IVA ({rate})",
    total="Importe total",
    amount_due="Total factura",
    vat_id="CIF",
)


# --------------------------------------------------------------------------------------
# Tax ids and bank accounts, built with valid check digits
# --------------------------------------------------------------------------------------


def _checked(value: str, is_valid: Callable[[str], bool]) -> str:
    # A demo corpus with invalid ids would teach validators the wrong thing; fail loudly.
    if not is_valid(value):
        raise AssertionError(f"generated id {value!r} does not validate")
    return value


def de_vat_id(base8: str) -> str:
    return _checked("DE" + base8 + mod_11_10.calc_check_digit(base8), de_vat.is_valid)


def gb_vat_id(base7: str) -> str:
    # Weights of the last two digits are 10 and 1, so they act as one two-digit check number.
    weighted = sum(w * int(d) for w, d in zip((8, 7, 6, 5, 4, 3, 2), base7, strict=True))
    digits = f"{base7}{(-weighted) % 97:02d}"
    # Printed the way HMRC writes it: "GB 123 4567 89".
    return _checked(f"GB {digits[:3]} {digits[3:7]} {digits[7:]}", gb_vat.is_valid)


def fr_vat_id(siren_base8: str) -> str:
    siren = siren_base8 + luhn.calc_check_digit(siren_base8)
    key = int(siren + "12") % 97
    return _checked(f"FR {key:02d} {siren[:3]} {siren[3:6]} {siren[6:]}", fr_tva.is_valid)


def nl_vat_id(base8: str) -> str:
    check = sum((9 - i) * int(d) for i, d in enumerate(base8)) % 11
    if check == 10:
        raise ValueError(f"{base8} has no valid BSN-style check digit, pick another base")
    return _checked(f"NL{base8}{check}B01", nl_btw.is_valid)


def es_vat_id(base7: str) -> str:
    # "B" = sociedad limitada; those carry a numeric check digit.
    cif = "B" + base7 + es_cif.calc_check_digits("B" + base7)[0]
    return _checked("ES" + cif, es_nif.is_valid)


def ch_vat_id(base8: str) -> str:
    check = ch_uid.calc_check_digit(base8)
    if len(check) != 1:
        raise ValueError(f"{base8} has no valid UID check digit, pick another base")
    return _checked(f"CHE-{base8[:3]}.{base8[3:6]}.{base8[6:]}{check} MWST", ch_vat.is_valid)


def us_ein(prefix2: str, serial7: str) -> str:
    return _checked(f"{prefix2}-{serial7}", std_us_ein.is_valid)


def compact_id(printed: str) -> str:
    """Tax id without separators, the form stored in the ground truth."""
    return "".join(ch for ch in printed if ch not in " .-").upper()


def make_iban(country: str, bban: str) -> str:
    check = std_iban.calc_check_digits(country + "00" + bban)
    return _checked(country + check + bban, std_iban.is_valid)


def es_iban(bank4: str, branch4: str, account10: str) -> str:
    # Spanish IBANs embed the national CCC check digits, which stdnum verifies too.
    ccc = bank4 + branch4 + "00" + account10
    return make_iban("ES", bank4 + branch4 + es_ccc.calc_check_digits(ccc) + account10)


def fr_iban(bank5: str, branch5: str, account11: str) -> str:
    # The French RIB key: 97 - (89*bank + 15*branch + 3*account) mod 97 (digits only).
    key = 97 - (89 * int(bank5) + 15 * int(branch5) + 3 * int(account11)) % 97
    return make_iban("FR", f"{bank5}{branch5}{account11}{key:02d}")


def print_iban(compact: str) -> str:
    return std_iban.format(compact)


# --------------------------------------------------------------------------------------
# Vendors
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Product:
    name: str
    unit_price: Decimal
    tax_rate: Decimal  # percent, e.g. Decimal("19")
    unit: str = ""
    qty_min: int = 1
    qty_max: int = 5
    # Hours and weights are billed in fractions; most goods in whole units.
    qty_step: Decimal = Decimal("1")


@dataclass(frozen=True)
class Vendor:
    key: str
    name: str
    address: tuple[str, ...]
    country: str  # ISO 3166 alpha-2
    locale: str
    currency: str
    vat_id: str  # as printed; compact_id() gives the ground-truth form
    iban: str  # compact, "" when the vendor is paid by ACH instead
    bic: str
    bank_name: str
    catalogue: tuple[Product, ...]
    lines_min: int
    lines_max: int
    layout: str
    number_scheme: str  # str.format with year and seq
    credit_scheme: str
    seq_start: int
    payment_days: int
    labels: Labels
    currency_style: str = "symbol"
    date_style: str = ""
    thousands: str = ""  # overrides the locale separator (fr: normal vs no-break space)
    color: str = "#1f4e79"
    phone: str = ""
    email: str = ""
    web: str = ""
    register: str = ""  # company register / legal line printed in the footer
    customer_no: str = ""
    weight: float = 1.0  # how often the buyer gets invoices from this vendor
    bank_account_us: str = ""  # ACH details for vendors without IBAN

    @property
    def locale_spec(self) -> LocaleSpec:
        return LOCALES[self.locale]

    @property
    def main_rate(self) -> Decimal:
        rates = [p.tax_rate for p in self.catalogue]
        return max(set(rates), key=rates.count)

    def formatter(self) -> Formatter:
        spec = self.locale_spec
        return Formatter(
            locale=spec,
            currency=self.currency,
            currency_style=self.currency_style,
            date_style=self.date_style or spec.date_style,
            thousands=self.thousands or spec.thousands,
        )

    def invoice_number(self, year: int, seq: int, credit: bool = False) -> str:
        scheme = self.credit_scheme if credit else self.number_scheme
        return scheme.format(year=year, yy=year % 100, seq=seq)


def _p(
    name: str,
    price: str,
    rate: str,
    unit: str = "",
    qty: tuple[int, int] = (1, 5),
    step: str = "1",
) -> Product:
    return Product(name, Decimal(price), Decimal(rate), unit, qty[0], qty[1], Decimal(step))


@dataclass(frozen=True)
class Party:
    name: str
    address: tuple[str, ...]
    vat_id: str


BUYER_EU = Party(
    "LedgerLoop Demo Buyer GmbH",
    ("Friedrichstraße 123", "10117 Berlin"),
    de_vat_id("31495826"),
)
BUYER_US = Party(
    "LedgerLoop Demo Buyer Inc.",
    ("350 Fifth Avenue, Suite 4100", "New York, NY 10118"),
    "",
)
_BUYER_COUNTRY = {
    "en": "Germany",
    "fr": "Allemagne",
    "nl": "Duitsland",
    "es": "Alemania",
    "de": "Deutschland",
}


def buyer_for(vendor: Vendor) -> Party:
    """US vendors bill the US subsidiary; everyone else the German parent."""
    if vendor.country == "US":
        return BUYER_US
    if vendor.country == "DE":
        return BUYER_EU
    country = _BUYER_COUNTRY[vendor.locale_spec.language]
    return replace(BUYER_EU, address=(*BUYER_EU.address, country))


VENDORS: tuple[Vendor, ...] = (
    # ---------------------------------------------------------------- en-US
    Vendor(
        key="brightline-office",
        name="Brightline Office Supply, Inc.",
        address=("1200 Commonwealth Avenue", "Boston, MA 02134", "USA"),
        country="US",
        locale="en-US",
        currency="USD",
        vat_id=us_ein("04", "3718265"),
        iban="",
        bic="",
        bank_name="Citizens Bank",
        bank_account_us="ABA 011500120 · Acct 4471 0023 9981",
        catalogue=(
            _p("Copy paper, letter, 10 reams/case", "54.99", "6.25", "case", (2, 12)),
            _p("Toner cartridge HP 58X, black", "189.95", "6.25", "ea", (1, 4)),
            _p("Ballpoint pens, blue, box of 60", "18.49", "6.25", "box", (1, 6)),
            _p("Sticky notes 3x3, 24 pads", "21.79", "6.25", "pack", (1, 8)),
            _p("Ergonomic desk chair, mesh", "329.00", "6.25", "ea", (1, 3)),
            _p("Hanging file folders, 25/box", "16.29", "6.25", "box", (1, 6)),
            _p("Whiteboard markers, 12-pack", "14.99", "6.25", "pack", (1, 5)),
            _p("Shipping labels 4x6, 500 ct", "32.50", "6.25", "roll", (1, 4)),
            _p("Desk organizer, black mesh", "24.95", "6.25", "ea", (1, 4)),
        ),
        lines_min=2,
        lines_max=7,
        layout="classic",
        number_scheme="INV-{year}-{seq:04d}",
        credit_scheme="CM-{year}-{seq:04d}",
        seq_start=310,
        payment_days=30,
        labels=_EN_US,
        color="#c0392b",
        phone="(617) 555-0142",
        email="billing@brightline-office.com",
        web="www.brightline-office.com",
        customer_no="C-004471",
        weight=1.2,
    ),
    Vendor(
        key="northwind-cloud",
        name="Northwind Cloud Services LLC",
        address=("500 Pine Street, Floor 9", "Seattle, WA 98101", "USA"),
        country="US",
        locale="en-US",
        currency="USD",
        vat_id=us_ein("91", "2046718"),
        iban="",
        bic="",
        bank_name="JPMorgan Chase Bank",
        bank_account_us="ABA 021000021 · Acct 7730 4418 2265",
        catalogue=(
            _p("Compute instances, standard tier", "412.37", "0", "month", (1, 3)),
            _p("Object storage, per TB-month", "23.55", "0", "TB", (2, 40)),
            _p("Managed PostgreSQL, 4 vCPU", "286.40", "0", "month", (1, 2)),
            _p("Premium support plan", "149.00", "0", "month", (1, 1)),
            _p("Data egress, per 100 GB", "8.75", "0", "unit", (3, 60)),
            _p("Load balancer hours", "0.0225", "0", "h", (700, 744)),
            _p("Backup vault retention", "57.80", "0", "month", (1, 2)),
        ),
        lines_min=2,
        lines_max=6,
        layout="modern",
        number_scheme="NW{seq:07d}",
        credit_scheme="NWC{seq:06d}",
        seq_start=1048201,
        payment_days=15,
        labels=_EN_US_B,
        currency_style="code",
        color="#2e6da4",
        email="ar@northwindcloud.io",
        web="northwindcloud.io",
        customer_no="ACCT-88213-LL",
        weight=1.4,
    ),
    Vendor(
        key="cascade-freight",
        name="Cascade Freight Lines Inc",
        address=("8800 NE Columbia Blvd", "Portland, OR 97220", "USA"),
        country="US",
        locale="en-US",
        currency="USD",
        vat_id=us_ein("93", "1175540"),
        iban="",
        bic="",
        bank_name="U.S. Bank",
        bank_account_us="ABA 123000220 · Acct 1530 8812 0047",
        catalogue=(
            _p("LTL freight, Portland - New York", "1285.00", "0", "shipment", (1, 2)),
            _p("Fuel surcharge", "142.35", "0", "shipment", (1, 2)),
            _p("Liftgate delivery", "95.00", "0", "stop", (1, 2)),
            _p("Pallet storage, per pallet-week", "18.50", "0", "pallet", (4, 30)),
            _p("Residential delivery fee", "65.00", "0", "stop", (1, 1)),
            _p("Crating service", "210.00", "0", "crate", (1, 3)),
        ),
        lines_min=1,
        lines_max=4,
        layout="ledger",
        number_scheme="{seq}",
        credit_scheme="CR{seq}",
        seq_start=5530122,
        payment_days=45,
        labels=_EN_US,
        color="#1e7d4f",
        phone="(503) 555-0190",
        email="invoices@cascadefreight.com",
        customer_no="LEDG01",
        weight=0.8,
    ),
    # ---------------------------------------------------------------- en-GB
    Vendor(
        key="harrow-finch",
        name="Harrow & Finch Ltd",
        address=("14 Clerkenwell Green", "London EC1R 0DP", "United Kingdom"),
        country="GB",
        locale="en-GB",
        currency="GBP",
        vat_id=gb_vat_id("2748561"),
        iban=make_iban("GB", "BARC20003283701452"),
        bic="BARCGB22",
        bank_name="Barclays Bank plc",
        catalogue=(
            _p("Office catering - working lunch (per head)", "14.50", "20", "head", (8, 40)),
            _p("Coffee & pastries service", "6.80", "20", "head", (10, 40)),
            _p("Event staff (per hour)", "22.00", "20", "hr", (4, 24), "0.5"),
            _p("Meeting room hire, half day", "275.00", "20", "session", (1, 2)),
            _p("Cold drinks selection", "2.95", "20", "unit", (12, 60)),
            _p("Equipment hire - AV kit", "120.00", "20", "day", (1, 2)),
        ),
        lines_min=2,
        lines_max=5,
        layout="classic",
        number_scheme="HF-{seq:05d}",
        credit_scheme="HFC-{seq:04d}",
        seq_start=10410,
        payment_days=30,
        labels=_EN_GB,
        date_style="long_en",
        color="#6c3483",
        phone="+44 20 7946 0812",
        email="accounts@harrowandfinch.co.uk",
        web="www.harrowandfinch.co.uk",
        register="Registered in England & Wales No. 08821347",
        customer_no="LEDG-0042",
    ),
    Vendor(
        key="pennine-print",
        name="Pennine Print Solutions Ltd",
        address=("Unit 7, Kirkstall Industrial Park", "Leeds LS4 2AZ", "United Kingdom"),
        country="GB",
        locale="en-GB",
        currency="GBP",
        vat_id=gb_vat_id("6120394"),
        iban=make_iban("GB", "LOYD30963412874410"),
        bic="LOYDGB21",
        bank_name="Lloyds Bank",
        catalogue=(
            _p("Business cards, 400gsm matt, 500", "42.00", "20", "pack", (1, 10)),
            _p("A4 flyers, 170gsm gloss, 1000", "89.50", "20", "pack", (1, 5)),
            _p("Roll-up banner 850x2000 mm", "119.00", "20", "ea", (1, 3)),
            _p("Letterheads, 120gsm, 1000", "76.25", "20", "pack", (1, 4)),
            _p("Presentation folders, 250", "214.00", "20", "pack", (1, 2)),
            _p("Artwork & design (per hour)", "55.00", "20", "hr", (1, 6), "0.5"),
            _p("Printed brochures A5, 16pp (zero-rated)", "1.84", "0", "ea", (100, 500)),
        ),
        lines_min=1,
        lines_max=5,
        layout="modern",
        number_scheme="INV{seq:06d}",
        credit_scheme="CRN{seq:05d}",
        seq_start=23177,
        payment_days=14,
        labels=_EN_GB_B,
        currency_style="code",
        color="#117a65",
        phone="0113 496 0551",
        email="accounts@pennineprint.co.uk",
        register="Company No. 06614782 · Registered in England",
        customer_no="LDG100",
    ),
    # ---------------------------------------------------------------- de-DE
    Vendor(
        key="mueller-buerotechnik",
        name="Müller Bürotechnik GmbH",
        address=("Königstraße 12", "70173 Stuttgart"),
        country="DE",
        locale="de-DE",
        currency="EUR",
        vat_id=de_vat_id("81442960"),
        iban=make_iban("DE", "600501010002847719"),
        bic="SOLADEST600",
        bank_name="BW-Bank Stuttgart",
        catalogue=(
            _p("Kopierpapier A4 80 g/m², 500 Blatt", "4.79", "19", "Pck.", (10, 60)),
            _p("Tonerkassette Brother TN-2420", "64.90", "19", "Stk.", (1, 6)),
            _p("Wartung Multifunktionsgerät", "145.00", "19", "Pausch.", (1, 1)),
            _p("Seitenpreis s/w (Klickzähler)", "0.0089", "19", "Seiten", (4000, 18000)),
            _p("Seitenpreis Farbe (Klickzähler)", "0.059", "19", "Seiten", (500, 4000)),
            _p("Aktenvernichter P-4, 30 l", "219.00", "19", "Stk.", (1, 2)),
            _p("Technikerstunde", "89.00", "19", "Std.", (1, 4), "0.5"),
            _p("Ordner A4 breit, blau", "2.95", "19", "Stk.", (10, 50)),
        ),
        lines_min=2,
        lines_max=6,
        layout="din5008",
        number_scheme="RE-{seq}",
        credit_scheme="GS-{seq}",
        seq_start=10231,
        payment_days=14,
        labels=_DE,
        color="#0b5394",
        phone="+49 711 2045-0",
        email="buchhaltung@mueller-buerotechnik.de",
        web="www.mueller-buerotechnik.de",
        register="Amtsgericht Stuttgart HRB 742118 · Geschäftsführer: Thomas Müller",
        customer_no="K-48812",
        weight=1.3,
    ),
    Vendor(
        key="schneider-it",
        name="Schneider & Partner IT-Service GmbH",
        address=("Speditionstraße 21", "40221 Düsseldorf"),
        country="DE",
        locale="de-DE",
        currency="EUR",
        vat_id=de_vat_id("27715306"),
        iban=make_iban("DE", "300501100047118255"),
        bic="DUSSDEDDXXX",
        bank_name="Stadtsparkasse Düsseldorf",
        catalogue=(
            _p("IT-Support Remote (Std.)", "95.00", "19", "Std.", (1, 12), "0.25"),
            _p("IT-Support vor Ort (Std.)", "115.00", "19", "Std.", (1, 8), "0.25"),
            _p("Managed Firewall, monatlich", "189.00", "19", "Monat", (1, 1)),
            _p("Microsoft 365 Business Standard", "11.70", "19", "Lizenz", (10, 45)),
            _p("Backup-Service 1 TB", "49.00", "19", "Monat", (1, 3)),
            _p("Anfahrtspauschale", "35.00", "19", "Pausch.", (1, 2)),
            _p("Notebook Lenovo ThinkPad T14", "1189.00", "19", "Stk.", (1, 3)),
        ),
        lines_min=2,
        lines_max=6,
        layout="din5008",
        number_scheme="{year}-{seq:06d}",
        credit_scheme="GS{year}-{seq:05d}",
        seq_start=412,
        payment_days=30,
        labels=_DE_B,
        currency_style="code",
        color="#38761d",
        phone="+49 211 5584 300",
        email="rechnung@schneider-it.de",
        register="Amtsgericht Düsseldorf HRB 91274 · GF: Jana Schneider, Ali Demir",
        customer_no="20417",
        weight=1.3,
    ),
    Vendor(
        key="hofmann-catering",
        name="Hofmann Catering GmbH",
        address=("Landsberger Straße 88", "80339 München"),
        country="DE",
        locale="de-DE",
        currency="EUR",
        vat_id=de_vat_id("14590373"),
        iban=make_iban("DE", "701500000031148820"),
        bic="SSKMDEMMXXX",
        bank_name="Stadtsparkasse München",
        catalogue=(
            _p("Brötchenplatte gemischt (10 Pers.)", "38.50", "7", "Platte", (1, 6)),
            _p("Obstkorb saisonal", "24.90", "7", "Korb", (1, 4)),
            _p("Kaffee Bohnen 1 kg", "18.40", "7", "kg", (2, 10)),
            _p("Mineralwasser 0,75 l", "1.35", "19", "Fl.", (12, 72)),
            _p("Lieferpauschale", "29.00", "19", "Pausch.", (1, 1)),
            _p("Servicekraft (Std.)", "34.00", "19", "Std.", (2, 10), "0.5"),
            _p("Mittagsbuffet pro Person", "17.90", "19", "Pers.", (10, 40)),
        ),
        lines_min=3,
        lines_max=7,
        layout="compact",
        number_scheme="R{year}{seq:05d}",
        credit_scheme="G{year}{seq:04d}",
        seq_start=1877,
        payment_days=10,
        labels=_DE,
        color="#b45f06",
        phone="+49 89 5432 118",
        email="info@hofmann-catering.de",
        register="Amtsgericht München HRB 210457",
        customer_no="3391",
    ),
    Vendor(
        key="kraft-logistik",
        name="Kraft Logistik AG",
        address=("Am Sandtorkai 40", "20457 Hamburg"),
        country="DE",
        locale="de-DE",
        currency="EUR",
        vat_id=de_vat_id("39176254"),
        iban=make_iban("DE", "200505501280447391"),
        bic="HASPDEHHXXX",
        bank_name="Hamburger Sparkasse",
        catalogue=(
            _p("Stückgut Hamburg - Berlin, bis 500 kg", "184.00", "19", "Sdg.", (1, 4)),
            _p("Palettentransport EUR-Pal.", "62.50", "19", "Pal.", (2, 12)),
            _p("Mautzuschlag", "17.85", "19", "Sdg.", (1, 4)),
            _p("Lagerung je Palettenplatz/Woche", "4.20", "19", "PP", (10, 80)),
            _p("Avisierung / Terminzustellung", "15.00", "19", "Sdg.", (1, 3)),
            _p("Dieselzuschlag", "23.10", "19", "Sdg.", (1, 4)),
        ),
        lines_min=2,
        lines_max=5,
        layout="ledger",
        number_scheme="KL-{year}-{seq:05d}",
        credit_scheme="KLG-{year}-{seq:04d}",
        seq_start=3309,
        payment_days=21,
        labels=_DE_B,
        color="#073763",
        phone="+49 40 3570 2200",
        email="faktura@kraft-logistik.de",
        register="Amtsgericht Hamburg HRB 160233 · Vorstand: Dr. Helge Kraft",
        customer_no="D-77120",
    ),
    # ---------------------------------------------------------------- fr-FR
    Vendor(
        key="atelier-lumiere",
        name="Atelier Lumière SARL",
        address=("27 rue Mercière", "69002 Lyon", "France"),
        country="FR",
        locale="fr-FR",
        currency="EUR",
        vat_id=fr_vat_id("51284093"),
        iban=fr_iban("30004", "00823", "00010487325"),
        bic="BNPAFRPPXXX",
        bank_name="BNP Paribas Lyon",
        catalogue=(
            _p("Conception graphique (heure)", "65.00", "20", "h", (2, 16), "0.5"),
            _p("Impression affiches A2", "12.40", "20", "u", (10, 80)),
            _p("Création de logo", "850.00", "20", "forfait", (1, 1)),
            _p("Retouche photo", "18.00", "20", "photo", (5, 40)),
            _p("Plaquette commerciale 8 pages", "2.35", "20", "ex.", (100, 600)),
            _p("Kakémono 80x200", "96.00", "20", "u", (1, 3)),
        ),
        lines_min=1,
        lines_max=5,
        layout="classic",
        number_scheme="F{year}/{seq:04d}",
        credit_scheme="AV{year}/{seq:03d}",
        seq_start=158,
        payment_days=30,
        labels=_FR,
        thousands=" ",
        color="#a61c00",
        phone="+33 4 78 92 15 40",
        email="compta@atelier-lumiere.fr",
        register="SARL au capital de 8 000 € · RCS Lyon 512 840 935",
        customer_no="CL-0217",
    ),
    Vendor(
        key="maison-dumont",
        name="Maison Dumont Traiteur SAS",
        address=("112 boulevard Voltaire", "75011 Paris", "France"),
        country="FR",
        locale="fr-FR",
        currency="EUR",
        vat_id=fr_vat_id("83310572"),
        iban=fr_iban("30003", "03620", "00050261194"),
        bic="SOGEFRPP",
        bank_name="Société Générale",
        catalogue=(
            _p("Plateau repas affaires", "24.50", "10", "u", (6, 40)),
            _p("Cocktail dînatoire (par pers.)", "32.00", "10", "pers.", (15, 60)),
            _p("Macarons assortis, boîte de 24", "28.80", "5.5", "boîte", (1, 6)),
            _p("Jus de fruits frais 1 l", "6.20", "5.5", "bouteille", (4, 24)),
            _p("Champagne brut 75 cl", "39.00", "20", "bouteille", (2, 12)),
            _p("Service maître d'hôtel (heure)", "42.00", "20", "h", (2, 10), "0.5"),
            _p("Livraison Paris intra-muros", "45.00", "20", "forfait", (1, 1)),
        ),
        lines_min=2,
        lines_max=6,
        layout="modern",
        number_scheme="FA-{year}-{seq:05d}",
        credit_scheme="AV-{year}-{seq:04d}",
        seq_start=2280,
        payment_days=30,
        labels=_FR_B,
        thousands="\u00a0",
        color="#7f6000",
        phone="+33 1 43 55 20 18",
        email="factures@maison-dumont.fr",
        register="SAS au capital de 50 000 € · RCS Paris 833 105 729",
        customer_no="LL-75",
    ),
    # ---------------------------------------------------------------- nl-NL
    Vendor(
        key="vandenberg-kantoor",
        name="Van den Berg Kantoorinrichting B.V.",
        address=("Europalaan 40", "3526 KS Utrecht", "Nederland"),
        country="NL",
        locale="nl-NL",
        currency="EUR",
        vat_id=nl_vat_id("85432017"),
        iban=make_iban("NL", "INGB0006540318"),
        bic="INGBNL2A",
        bank_name="ING Bank",
        catalogue=(
            _p("Bureau zit/sta 160x80 cm", "649.00", "21", "st.", (1, 4)),
            _p("Bureaustoel ergonomisch", "389.00", "21", "st.", (1, 6)),
            _p("Akoestisch scherm 120 cm", "214.50", "21", "st.", (1, 6)),
            _p("Ladeblok op wielen", "179.00", "21", "st.", (1, 4)),
            _p("Montage (per uur)", "58.00", "21", "uur", (1, 8), "0.5"),
            _p("Bezorgkosten", "75.00", "21", "rit", (1, 1)),
        ),
        lines_min=1,
        lines_max=5,
        layout="compact",
        number_scheme="{year}{seq:05d}",
        credit_scheme="C{year}{seq:04d}",
        seq_start=341,
        payment_days=30,
        labels=_NL,
        color="#e69138",
        phone="+31 30 204 7710",
        email="administratie@vdberg-kantoor.nl",
        register="KvK 30217745",
        customer_no="100482",
    ),
    Vendor(
        key="verse-fruitbox",
        name="Verse Fruitbox B.V.",
        address=("Marktweg 15", "1016 GV Amsterdam", "Nederland"),
        country="NL",
        locale="nl-NL",
        currency="EUR",
        vat_id=nl_vat_id("62019373"),
        iban=make_iban("NL", "RABO0317728104"),
        bic="RABONL2U",
        bank_name="Rabobank",
        catalogue=(
            _p("Fruitbox kantoor, 50 stuks", "34.95", "9", "box", (2, 8)),
            _p("Biologische appels, kist 10 kg", "27.50", "9", "kist", (1, 4)),
            _p("Verse jus d'orange 1 l", "4.25", "9", "fles", (6, 30)),
            _p("Notenmix 1 kg", "16.80", "9", "zak", (1, 5)),
            _p("Bezorgkosten", "12.50", "21", "rit", (1, 4)),
            _p("Statiegeld krat", "3.90", "21", "krat", (1, 6)),
        ),
        lines_min=2,
        lines_max=6,
        layout="ledger",
        number_scheme="VF-{seq:06d}",
        credit_scheme="VFC-{seq:05d}",
        seq_start=71540,
        payment_days=14,
        labels=_NL_B,
        currency_style="code",
        color="#6aa84f",
        email="facturen@versefruitbox.nl",
        web="www.versefruitbox.nl",
        register="KvK 64128803",
        customer_no="LL-2291",
        weight=1.2,
    ),
    # ---------------------------------------------------------------- es-ES
    Vendor(
        key="suministros-ebro",
        name="Suministros Industriales Ebro S.L.",
        address=("Polígono Malpica, Calle E, nave 14", "50016 Zaragoza", "España"),
        country="ES",
        locale="es-ES",
        currency="EUR",
        vat_id=es_vat_id("5031847"),
        iban=es_iban("2100", "0418", "0200112847"),
        bic="CAIXESBBXXX",
        bank_name="CaixaBank",
        catalogue=(
            _p("Guantes de nitrilo, caja 100 uds.", "8.95", "21", "caja", (5, 40)),
            _p("Cinta de embalar 48 mm x 132 m", "2.10", "21", "rollo", (24, 144)),
            _p("Palé europeo reacondicionado", "11.50", "21", "ud.", (10, 60)),
            _p("Film estirable 23 micras", "14.80", "21", "bobina", (6, 36)),
            _p("Calzado de seguridad S3", "52.00", "21", "par", (2, 12)),
            _p("Portes", "38.00", "21", "envío", (1, 1)),
        ),
        lines_min=2,
        lines_max=6,
        layout="classic",
        number_scheme="FAC-{year}-{seq:04d}",
        credit_scheme="R-{year}-{seq:04d}",
        seq_start=901,
        payment_days=60,
        labels=_ES,
        color="#990000",
        phone="+34 976 57 21 40",
        email="administracion@suministrosebro.es",
        register="Inscrita en el Registro Mercantil de Zaragoza, Tomo 4127, Hoja Z-58213",
        customer_no="430002917",
    ),
    Vendor(
        key="hosteleria-levante",
        name="Hostelería Levante S.L.",
        address=("Avinguda del Port 211", "46023 Valencia", "España"),
        country="ES",
        locale="es-ES",
        currency="EUR",
        vat_id=es_vat_id("9824461"),
        iban=es_iban("0049", "2711", "5012448391"),
        bic="BSCHESMMXXX",
        bank_name="Banco Santander",
        catalogue=(
            _p("Menú del día para eventos (por persona)", "15.50", "10", "pers.", (10, 60)),
            _p("Catering desayuno (por persona)", "8.90", "10", "pers.", (10, 50)),
            _p("Paella valenciana (ración)", "12.00", "10", "ración", (10, 40)),
            _p("Alquiler de vajilla", "95.00", "21", "servicio", (1, 1)),
            _p("Camarero (hora)", "21.00", "21", "h", (3, 12), "0.5"),
        ),
        lines_min=1,
        lines_max=4,
        layout="compact",
        number_scheme="{year}/{seq:05d}",
        credit_scheme="AB{year}/{seq:04d}",
        seq_start=1130,
        payment_days=30,
        labels=_ES_B,
        color="#cc4125",
        phone="+34 963 22 71 09",
        email="facturacion@hostelerialevante.es",
        customer_no="C-0388",
    ),
    # ---------------------------------------------------------------- de-CH
    Vendor(
        key="alpenrose-treuhand",
        name="Alpenrose Treuhand AG",
        address=("Bahnhofstrasse 61", "8001 Zürich", "Schweiz"),
        country="CH",
        locale="de-CH",
        currency="CHF",
        vat_id=ch_vat_id("11254879"),
        iban=make_iban("CH", "00700110005531842"),
        bic="ZKBKCHZZ80A",
        bank_name="Zürcher Kantonalbank",
        catalogue=(
            _p("Buchhaltung Monatsabschluss", "1250.00", "8.1", "Pauschale", (1, 1)),
            _p("Lohnbuchhaltung pro Mitarbeitende", "38.00", "8.1", "MA", (5, 30)),
            _p("Steuerberatung (Std.)", "220.00", "8.1", "Std.", (1, 6), "0.25"),
            _p("MWST-Abrechnung Quartal", "480.00", "8.1", "Pauschale", (1, 1)),
            _p("Spesen / Porti", "24.60", "8.1", "Pauschale", (1, 1)),
        ),
        lines_min=2,
        lines_max=4,
        layout="din5008",
        number_scheme="{year}-{seq:04d}",
        credit_scheme="GS-{year}-{seq:03d}",
        seq_start=415,
        payment_days=30,
        labels=_DE_CH,
        currency_style="code",
        color="#990033",
        phone="+41 44 211 48 60",
        email="rechnungen@alpenrose-treuhand.ch",
        customer_no="LL-1007",
    ),
    Vendor(
        key="berner-kaffeeservice",
        name="Berner Kaffeeservice AG",
        address=("Laupenstrasse 18", "3008 Bern", "Schweiz"),
        country="CH",
        locale="de-CH",
        currency="CHF",
        vat_id=ch_vat_id("40721596"),
        iban=make_iban("CH", "09000000304472215"),
        bic="POFICHBEXXX",
        bank_name="PostFinance AG",
        catalogue=(
            _p("Miete Kaffeevollautomat Jura GIGA X8", "189.00", "8.1", "Monat", (1, 2)),
            _p("Kaffeebohnen Crema, 1 kg", "29.50", "2.6", "kg", (4, 20)),
            _p("Milchpulver 500 g", "9.80", "2.6", "Btl.", (2, 12)),
            _p("Entkalkungsservice", "85.00", "8.1", "Einsatz", (1, 1)),
            _p("Becher 2 dl, 100 Stk.", "11.40", "8.1", "Pack", (1, 10)),
        ),
        lines_min=2,
        lines_max=5,
        layout="modern",
        number_scheme="BK{seq:06d}",
        credit_scheme="BKG{seq:05d}",
        seq_start=88710,
        payment_days=20,
        labels=_DE_CH,
        thousands="'",
        color="#4a2c1a",
        phone="+41 31 382 19 40",
        email="buchhaltung@berner-kaffee.ch",
        customer_no="30219",
    ),
)

VENDORS_BY_KEY: dict[str, Vendor] = {v.key: v for v in VENDORS}


# --------------------------------------------------------------------------------------
# Invoice model shared by the generator and the renderers
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    name: str
    qty: Decimal
    unit: str
    unit_price: Decimal
    tax_rate: Decimal

    @property
    def amount(self) -> Decimal:
        return q2(self.qty * self.unit_price)


@dataclass(frozen=True)
class TaxGroup:
    rate: Decimal
    base: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Invoice:
    vendor: Vendor
    number: str
    issue_date: date
    due_date: date
    lines: tuple[Line, ...]
    credit_note: bool = False
    reference: str = ""  # the invoice a credit note corrects
    order_ref: str = ""

    @property
    def net(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def tax_groups(self) -> tuple[TaxGroup, ...]:
        # Tax is computed once per rate on the rate's net sum, as EN 16931 requires,
        # not per line; per-line rounding would drift by cents.
        bases: dict[Decimal, Decimal] = {}
        for line in self.lines:
            bases[line.tax_rate] = bases.get(line.tax_rate, Decimal("0.00")) + line.amount
        return tuple(
            TaxGroup(rate, base, q2(base * rate / 100))
            for rate, base in sorted(bases.items(), reverse=True)
        )

    @property
    def tax(self) -> Decimal:
        return sum((g.tax for g in self.tax_groups), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.net + self.tax

    @property
    def buyer(self) -> Party:
        return buyer_for(self.vendor)
