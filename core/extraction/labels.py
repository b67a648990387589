"""Label dictionaries: how invoices in English, German, French, Dutch and Spanish name each field.

Patterns are matched case-insensitively at the start of a text run; order matters only
for readability. Keep them as data so a new language is a new list, not new code.
"""

from __future__ import annotations

import re

LABELS: dict[str, list[str]] = {
    "invoice_number": [
        r"invoice\s*(?:no\.?|number|num\.?|#|nr\.?|id)",
        r"inv\.?\s*(?:no\.?|#)",
        r"bill\s*(?:no\.?|number)",
        r"credit\s*note\s*(?:no\.?|number|#)",
        r"document\s*(?:no\.?|number)",
        r"rechnungs?\s*-?\s*(?:nummer|nr\.?|no\.?)",
        r"re\.?\s*-?\s*nr\.?",
        r"beleg\s*-?\s*(?:nummer|nr\.?)",
        r"gutschrifts?\s*-?\s*(?:nummer|nr\.?)",
        r"n[°ºo]\.?\s*(?:de\s*)?facture",
        r"facture\s*n[°ºo]\.?",
        r"num[ée]ro\s*(?:de\s*)?facture",
        r"n[°ºo]\s*d['’]avoir",
        r"avoir\s*n[°ºo]",
        r"factuur\s*-?\s*(?:nummer|nr\.?|no\.?)",
        r"creditnota\s*-?\s*(?:nummer|nr\.?)",
        r"n[°ºo]\.?\s*(?:de\s*)?factura",
        r"factura\s*n[°ºo]\.?",
        r"n[úu]mero\s*(?:de\s*)?factura",
        r"invoice\s*:",
        r"rechnung\s*:",
        r"nr\.",
        r"number",
    ],
    "issue_date": [
        r"invoice\s*date",
        r"date\s*of\s*(?:invoice|issue)",
        r"issue\s*date",
        r"(?:bill|document|credit\s*note)\s*date",
        r"rechnungs\s*-?\s*datum",
        r"gutschrifts?\s*-?\s*datum",
        r"beleg\s*-?\s*datum",
        r"ausstellungsdatum",
        r"datum\s*(?:der\s*)?rechnung",
        r"date\s*(?:de\s*(?:la\s*)?)?facture",
        r"date\s*d['’](?:émission|emission)",
        r"date\s*de\s*l['’]avoir",
        r"factuur\s*-?\s*datum",
        r"fecha\s*(?:de\s*(?:la\s*)?)?(?:factura|emisi[óo]n|expedici[óo]n)",
        r"date",
        r"datum",
        r"fecha",
    ],
    "due_date": [
        r"due\s*date",
        r"payment\s*due",
        r"due\s*(?:on|by)",
        r"pay(?:able)?\s*by",
        r"f[äa]llig(?:keit)?(?:\s*(?:am|datum|bis))?",
        r"zahlbar\s*bis",
        r"zahlungsziel",
        r"[ée]ch[ée]ance",
        r"date\s*(?:d['’])?[ée]ch[ée]ance",
        r"[àa]\s*payer\s*avant\s*le",
        r"vervaldatum",
        r"te\s*betalen\s*voor",
        r"(?:fecha\s*de\s*)?vencimiento",
    ],
    "total_amount": [
        r"total\s*(?:amount\s*)?due",
        r"amount\s*due",
        r"balance\s*due",
        r"grand\s*total",
        r"invoice\s*total",
        r"total\s*(?:incl\.?|including)\s*(?:vat|tax)",
        r"total\s*\(?(?:gross|incl)",
        r"total\s*amount",
        r"gesamt\s*-?\s*betrag",
        r"rechnungs\s*-?\s*betrag",
        r"brutto\s*-?\s*betrag",
        r"gesamtsumme",
        r"endbetrag",
        r"zahlbetrag",
        r"zu\s*zahlen(?:der\s*betrag)?",
        r"summe\s*brutto",
        r"bruttosumme",
        r"gutschriftsbetrag",
        r"total\s*t\.?t\.?c\.?",
        r"montant\s*t\.?t\.?c\.?",
        r"net\s*[àa]\s*payer",
        r"montant\s*(?:total|d[uû])",
        r"totaal\s*(?:incl\.?|bedrag|te\s*betalen)",
        r"te\s*betalen",
        r"totaalbedrag",
        r"total\s*(?:a\s*pagar|factura)",
        r"importe\s*total",
        r"total\s*eur",
        r"total",
        r"totaal",
        r"gesamt",
        r"summe",
    ],
    "net_amount": [
        r"sub\s*-?\s*total",
        r"net\s*(?:amount|total|value)",
        r"total\s*(?:excl\.?|excluding|before)\s*(?:vat|tax)",
        r"amount\s*(?:excl\.?|before)\s*(?:vat|tax)",
        r"total\s*net",
        r"netto\s*-?\s*(?:betrag|summe)?",
        r"summe\s*netto",
        r"zwischensumme",
        r"warenwert",
        r"gesamt\s*netto",
        r"total\s*h\.?t\.?",
        r"montant\s*h\.?t\.?",
        r"sous\s*-?\s*total",
        r"subtotaal",
        r"totaal\s*excl\.?",
        r"bedrag\s*excl\.?",
        r"base\s*imponible",
        r"subtotal",
        r"importe\s*neto",
    ],
    "tax_amount": [
        r"(?:total\s*)?vat(?:\s*amount)?",
        r"(?:total\s*)?(?:sales\s*)?tax(?:\s*amount)?",
        r"(?:zzgl\.?\s*)?(?:mwst|ust|mehrwertsteuer|umsatzsteuer)\.?(?:\s*-?\s*betrag)?",
        r"(?:montant\s*(?:de\s*la\s*)?)?t\.?v\.?a\.?",
        r"(?:total\s*)?btw(?:\s*bedrag)?",
        r"(?:cuota\s*)?i\.?v\.?a\.?",
        r"steuer\s*-?\s*betrag",
        r"gst",
    ],
    "iban": [r"iban"],
    "issuer_vat_id": [
        r"vat\s*(?:reg\.?\s*)?(?:id|no\.?|number|reg)",
        r"ust\.?\s*-?\s*id\.?\s*-?\s*(?:nr\.?)?",
        r"umsatzsteuer\s*-?\s*id(?:entifikationsnummer)?",
        r"n[°ºo]\s*(?:de\s*)?tva(?:\s*intracom\w*)?",
        r"tva\s*intracom\w*",
        r"btw\s*-?\s*(?:nr\.?|nummer|id)",
        r"nif|cif",
    ],
}

CREDIT_NOTE_WORDS = re.compile(
    r"\b(credit\s*note|credit\s*memo|gutschrift|rechnungskorrektur|stornorechnung|avoir|"
    r"facture\s*d['’]avoir|creditnota|creditfactuur|factura\s*rectificativa|nota\s*de\s*cr[ée]dito|nota\s*de\s*abono|n[úu]mero\s*de\s*abono)\b",
    re.IGNORECASE,
)

DOCUMENT_TITLES = re.compile(
    r"^(invoice|tax\s*invoice|rechnung|facture|factuur|factura|credit\s*note|gutschrift|avoir|"
    r"creditnota|bill|receipt|quittung)\b",
    re.IGNORECASE,
)

BUYER_MARKERS = re.compile(
    r"\b(bill\s*to|billed\s*to|sold\s*to|ship\s*to|customer|client|buyer|recipient|"
    r"rechnungsempf[äa]nger|kunde|k[äa]ufer|leistungsempf[äa]nger|an:|destinataire|"
    r"factur[ée]\s*[àa]|klant|cliente|facturar\s*a)\b",
    re.IGNORECASE,
)

LEGAL_FORMS = re.compile(
    r"\b(GmbH(?:\s*&\s*Co\.?\s*KG)?|GmbH\s*&\s*Co\.?|AG|KG|OHG|e\.?\s?K\.|UG|a\.\s?G\.|e\.\s?V\.|eG|Ltd\.?|Limited|PLC|plc|Inc\.?|"
    r"LLC|LLP|Corp\.?|Co\.|SARL|S\.?A\.?R\.?L\.?|SAS|S\.?A\.?S\.?|SA|S\.?A\.|SNC|EURL|"
    r"B\.?V\.?|N\.?V\.?|VOF|S\.?L\.?|S\.?L\.?U\.?|S\.?p\.?A\.?|S\.?r\.?l\.?|Sagl|AB|ApS|A/S|Oy)(?!\w)"
    r"\.?\s*$"
)


def compile_labels() -> dict[str, list[re.Pattern[str]]]:
    """Each field's label patterns, anchored at the start and followed by a separator."""
    return {
        name: [
            # Not followed by a letter: 'Tax' is no label at the start of 'Taxiunternehmen'.
            re.compile(
                rf"^\s*(?:{pattern})(?![^\W\d_])(?:\s*\([^)]*\))?\s*[:.#]?\s*", re.IGNORECASE
            )
            for pattern in patterns
        ]
        for name, patterns in LABELS.items()
    }


COMPILED = compile_labels()

# How many of each field's last labels are generic ('Nr.', 'Date'): tried only after the
# specific labels and the document title have found nothing.
WEAK_LABELS: dict[str, int] = {"invoice_number": 2, "issue_date": 3}
