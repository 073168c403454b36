package io.mailcove.web.account;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as an SVG image drawn by the server (no script, no inline style: the page's CSP allows neither), dark
 * modules on a white field with the quiet zone of four modules ISO/IEC 18004 asks for, whatever the page's theme.
 */
final class QrSvg {
  private static final int QUIET_ZONE = 4;

  private QrSvg() {}

  /** The SVG of {@code text} (an otpauth:// URI), error correction level M (15%), {@code label} its accessible name. */
  static String of(String text, String label) {
    QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
    int size = qr.size + 2 * QUIET_ZONE;
    StringBuilder path = new StringBuilder(qr.size * qr.size * 4);
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) {
          path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + size + " " + size
        + "\" width=\"240\" height=\"240\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"" + escape(label)
        + "\"><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"" + path
        + "\"/></svg>";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
