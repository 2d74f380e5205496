#include "tickets/ticket_image.h"

#include "tickets/qr_code.h"

#include <cairo.h>
#include <png.h>
#include <zlib.h>

#include <csetjmp>
#include <cstdint>
#include <memory>
#include <vector>

namespace tw::tickets {
namespace {

struct Rgb {
  double r, g, b;
};

Rgb parse_color(const std::string& hex) {
  if (hex.size() != 7 || hex[0] != '#') return {0.31, 0.27, 0.9};
  const auto channel = [&](int i) {
    return std::stoi(hex.substr(static_cast<std::size_t>(i), 2), nullptr, 16) / 255.0;
  };
  try {
    return {channel(1), channel(3), channel(5)};
  } catch (...) {
    return {0.31, 0.27, 0.9};
  }
}

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void text(cairo_t* cr, double x, double y, double size, bool bold, const std::string& s,
          double max_width = 0) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  std::string kept = s;
  std::string shown = s;
  cairo_text_extents_t ext;
  cairo_text_extents(cr, shown.c_str(), &ext);
  // Too long: drop whole characters from the end and add an ellipsis until it fits.
  while (max_width > 0 && ext.x_advance > max_width && !kept.empty()) {
    while (!kept.empty() && (static_cast<unsigned char>(kept.back()) & 0xC0) == 0x80) kept.pop_back();
    kept.pop_back();  // an ASCII character, or the lead byte of the multi-byte one just cut
    shown = kept + "\u2026";
    cairo_text_extents(cr, shown.c_str(), &ext);
  }
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, shown.c_str());
}

// A labelled value; `room` is how wide the value may be before it is cut with an ellipsis (up
// to the next column, or the tear line for the last of a row).
void fact(cairo_t* cr, double x, double y, const char* label, const std::string& value, double room = 170) {
  cairo_set_source_rgb(cr, 0.42, 0.45, 0.5);
  text(cr, x, y, 15, false, label);
  cairo_set_source_rgb(cr, 0.07, 0.09, 0.15);
  text(cr, x, y + 34, 30, true, value, room);
}

bool draw_qr(cairo_t* cr, const std::string& code, double x, double y, double size) {
  const auto qr = encode_qr(code);
  if (!qr) return false;
  const int quiet = kQrQuietModules;
  const double module = size / (qr->width + 2 * quiet);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, size, size);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int row = 0; row < qr->width; ++row) {
    for (int col = 0; col < qr->width; ++col) {
      if (qr->at(row, col)) {
        cairo_rectangle(cr, x + (col + quiet) * module, y + (row + quiet) * module, module, module);
      }
    }
  }
  cairo_fill(cr);
  return true;
}

void stamp(cairo_t* cr, const std::string& word) {
  cairo_save(cr);
  cairo_translate(cr, kTicketImageWidth / 2.0, kTicketImageHeight / 2.0);
  cairo_rotate(cr, -0.25);
  cairo_set_source_rgba(cr, 0.73, 0.11, 0.11, 0.85);
  cairo_set_line_width(cr, 8);
  cairo_rectangle(cr, -330, -70, 660, 140);
  cairo_stroke(cr);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 104);
  cairo_text_extents_t ext;
  cairo_text_extents(cr, word.c_str(), &ext);
  text(cr, -ext.x_advance / 2, 38, 104, true, word);
  cairo_restore(cr);
}

void append_png(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

// The surface (CAIRO_FORMAT_RGB24) as an RGB PNG, written with libpng rather than cairo's own
// writer: cairo's tries every row filter and compresses at zlib's default level, 28 ms for a
// ticket on this project's machine, which made receipts fall minutes behind a sale; zlib's
// fastest level without filters takes 6 ms for a file 4 % larger (a flat drawing compresses well
// either way). Empty on failure.
std::string encode_png(cairo_surface_t* surface) {
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* pixels = cairo_image_surface_get_data(surface);
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    return {};
  }
  std::vector<png_byte> row(static_cast<std::size_t>(width) * 3);
  // libpng reports errors by jumping back here; nothing with a destructor is made after this point.
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return {};
  }
  png_set_write_fn(png, &out, append_png, nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_compression_level(png, Z_BEST_SPEED);
  png_write_info(png, info);
  for (int y = 0; y < height; ++y) {
    // RGB24 keeps each pixel as a native-endian 32-bit 0x00RRGGBB.
    const auto* px = reinterpret_cast<const std::uint32_t*>(pixels + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < width; ++x) {
      const auto i = static_cast<std::size_t>(x) * 3;
      row[i] = static_cast<png_byte>(px[x] >> 16);
      row[i + 1] = static_cast<png_byte>(px[x] >> 8);
      row[i + 2] = static_cast<png_byte>(px[x]);
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace

core::Result<std::string> render_ticket_png(const TicketArt& art) {
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kTicketImageWidth, kTicketImageHeight),
                  &cairo_surface_destroy);
  Context cr(cairo_create(surface.get()), &cairo_destroy);
  const Rgb accent = parse_color(art.color);
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  // The coloured header band with the event.
  cairo_set_source_rgb(cr.get(), accent.r, accent.g, accent.b);
  cairo_rectangle(cr.get(), 0, 0, kTicketImageWidth, 150);
  cairo_fill(cr.get());
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  text(cr.get(), 40, 50, 20, false, art.artist, 760);
  text(cr.get(), 40, 95, 36, true, art.event_name, 760);
  text(cr.get(), 40, 132, 20, false, art.venue + "  \u00b7  " + art.when, 760);
  fact(cr.get(), 40, 200, "SECTION", art.section);
  fact(cr.get(), 230, 200, "ROW", art.row);
  fact(cr.get(), 420, 200, "SEAT", art.seat);
  fact(cr.get(), 610, 200, "TIER", art.tier);
  fact(cr.get(), 40, 300, "HOLDER", art.holder, 360);
  fact(cr.get(), 420, 300, "PAID", art.price, 360);
  cairo_set_source_rgb(cr.get(), 0.42, 0.45, 0.5);
  text(cr.get(), 40, 430, 15, false, "TICKET " + art.ticket_id);
  text(cr.get(), 40, 455, 13, false,
       "Scan at the gate. A copy of this code is refused once the original is used.");
  // The tear line and the QR stub.
  cairo_set_source_rgb(cr.get(), 0.85, 0.87, 0.9);
  cairo_set_line_width(cr.get(), 3);
  const double dashes[] = {10, 8};
  cairo_set_dash(cr.get(), dashes, 2, 0);
  cairo_move_to(cr.get(), 800, 160);
  cairo_line_to(cr.get(), 800, kTicketImageHeight - 10);
  cairo_stroke(cr.get());
  cairo_set_dash(cr.get(), nullptr, 0, 0);
  if (art.stamp.empty() && !draw_qr(cr.get(), art.code, 830, 160, 300)) {
    return core::internal("Could not encode the ticket code as a QR code");
  }
  if (!art.stamp.empty()) stamp(cr.get(), art.stamp);
  cairo_surface_flush(surface.get());
  auto png = encode_png(surface.get());
  if (png.empty()) return core::internal("Could not encode the ticket image");
  return png;
}

}  // namespace tw::tickets
