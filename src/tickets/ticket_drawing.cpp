#include "tickets/ticket_drawing.h"

#include <cairo.h>

#include <string>

#include "tickets/qr_code.h"

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

}  // namespace

bool draw_ticket(cairo_t* cr, const TicketArt& art) {
  const Rgb accent = parse_color(art.color);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  // The coloured header band with the event.
  cairo_set_source_rgb(cr, accent.r, accent.g, accent.b);
  cairo_rectangle(cr, 0, 0, kTicketImageWidth, 150);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  text(cr, 40, 50, 20, false, art.artist, 760);
  text(cr, 40, 95, 36, true, art.event_name, 760);
  text(cr, 40, 132, 20, false, art.venue + "  \u00b7  " + art.when, 760);
  fact(cr, 40, 200, "SECTION", art.section);
  fact(cr, 230, 200, "ROW", art.row);
  fact(cr, 420, 200, "SEAT", art.seat);
  fact(cr, 610, 200, "TIER", art.tier);
  fact(cr, 40, 300, "HOLDER", art.holder, 360);
  fact(cr, 420, 300, "PAID", art.price, 360);
  cairo_set_source_rgb(cr, 0.42, 0.45, 0.5);
  text(cr, 40, 430, 15, false, "TICKET " + art.ticket_id);
  text(cr, 40, 455, 13, false,
       "Scan at the gate. A copy of this code is refused once the original is used.");
  // The tear line and the QR stub.
  cairo_set_source_rgb(cr, 0.85, 0.87, 0.9);
  cairo_set_line_width(cr, 3);
  const double dashes[] = {10, 8};
  cairo_set_dash(cr, dashes, 2, 0);
  cairo_move_to(cr, 800, 160);
  cairo_line_to(cr, 800, kTicketImageHeight - 10);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  if (!art.stamp.empty()) {
    stamp(cr, art.stamp);
    return true;
  }
  return draw_qr(cr, art.code, 830, 160, 300);
}

}  // namespace tw::tickets
