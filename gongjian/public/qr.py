"""The QR code helper moved to ``gongjian.core.qr`` (apps below public use it too)."""

from gongjian.core.qr import qr_svg

__all__ = ["qr_svg"]
