"""Reading files into Documents."""

from core.documents.loader import SUPPORTED_EXTENSIONS, load_document
from core.documents.model import Document, Line, Page, Segment

__all__ = ["SUPPORTED_EXTENSIONS", "Document", "Line", "Page", "Segment", "load_document"]
