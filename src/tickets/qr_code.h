#pragma once
// QR codes of ticket codes (libqrencode, error correction M): the modules, for the ticket PNG to
// draw, and an SVG of them for the ticket page, sharp at any size a screen shows it.
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace tw::tickets {

inline constexpr int kQrQuietModules = 4;  // the blank border scanners need, in modules

struct QrModules {
  int width = 0;           // modules per side, without the quiet border
  std::vector<bool> dark;  // row by row
  bool at(int row, int col) const { return dark[static_cast<std::size_t>(row * width + col)]; }
};

// nullopt when the text cannot be encoded (too long for a QR code).
std::optional<QrModules> encode_qr(const std::string& text);
// An SVG of the text's QR code with its quiet border, black on white, one unit per module;
// kInternal when it cannot be encoded.
core::Result<std::string> qr_svg(const std::string& text);

}  // namespace tw::tickets
