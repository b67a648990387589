"""E-invoice XML: parsed safely (defusedxml) and recognised as CII (Factur-X, ZUGFeRD 1/2,
XRechnung CII) or UBL (Invoice, CreditNote).

Hostile XML (entity expansion, external entities, DTD tricks) is refused with a message;
the parser never fetches anything and never expands entities.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from core.errors import DocumentError

MAX_XML_BYTES = 20 * 1024 * 1024

# Root element local name -> syntax.
ROOTS = {
    "CrossIndustryInvoice": "cii",  # Factur-X, ZUGFeRD 2.x, XRechnung CII
    "CrossIndustryDocument": "cii-zugferd1",  # ZUGFeRD 1.0
    "Invoice": "ubl-invoice",
    "CreditNote": "ubl-creditnote",
}


def local(tag: str) -> str:
    """'{urn:...}Name' -> 'Name'."""
    return tag.rsplit("}", 1)[-1]


def parse_xml(data: bytes, filename: str) -> Element:
    """The XML's root element; DocumentError for hostile or malformed XML."""
    if len(data) > MAX_XML_BYTES:
        raise DocumentError(
            filename, f"the XML is {len(data) // 1_000_000} MB; at most 20 MB is read"
        )
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise DocumentError(
            filename,
            "the XML declares entities or external references (a billion-laughs or XXE "
            f"attack pattern); it is refused for safety ({exc.__class__.__name__})",
        ) from exc
    except ParseError as exc:
        raise DocumentError(filename, f"not well-formed XML ({exc})") from exc


def einvoice_syntax(root: Element) -> str | None:
    """'cii', 'cii-zugferd1', 'ubl-invoice', 'ubl-creditnote', or None for other XML."""
    # Pre-release ZUGFeRD 1 files use a bare <Invoice> root with the CII header inside.
    if any(local(c.tag) == "HeaderExchangedDocument" for c in root):
        return "cii-zugferd1"
    return ROOTS.get(local(root.tag))


def read_einvoice(data: bytes, filename: str) -> tuple[Element, str]:
    """Root and syntax of an e-invoice; DocumentError when the XML is not one."""
    root = parse_xml(data, filename)
    syntax = einvoice_syntax(root)
    if syntax is None:
        raise DocumentError(
            filename,
            f"XML, but not an e-invoice (root element <{local(root.tag)}>); LedgerLoop reads "
            "CII (Factur-X, ZUGFeRD, XRechnung) and UBL Invoice/CreditNote",
        )
    return root, syntax
