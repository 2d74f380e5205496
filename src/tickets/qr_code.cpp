#include "tickets/qr_code.h"

#include <qrencode.h>

#include <memory>

namespace tw::tickets {

std::optional<QrModules> encode_qr(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!qr) return std::nullopt;
  QrModules out{qr->width, {}};
  out.dark.reserve(static_cast<std::size_t>(qr->width * qr->width));
  for (int i = 0; i < qr->width * qr->width; ++i) out.dark.push_back((qr->data[i] & 1) != 0);
  return out;
}

core::Result<std::string> qr_svg(const std::string& text) {
  const auto qr = encode_qr(text);
  if (!qr) return core::internal("Could not encode the ticket code as a QR code");
  const int side = qr->width + 2 * kQrQuietModules;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(side) + " " +
                    std::to_string(side) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" +
                    "<path fill=\"#000\" d=\"";
  for (int row = 0; row < qr->width; ++row) {
    for (int col = 0; col < qr->width; ++col) {
      if (!qr->at(row, col)) continue;
      // Appended piece by piece (no `"M" + std::to_string(…)`: g++ 12 warns falsely about it at -O2).
      svg.append("M").append(std::to_string(col + kQrQuietModules)).append(" ");
      svg.append(std::to_string(row + kQrQuietModules)).append("h1v1h-1z");
    }
  }
  svg += "\"/></svg>";
  return svg;
}

}  // namespace tw::tickets
