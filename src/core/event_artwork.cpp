#include "core/event_artwork.h"

#include <algorithm>

#include "core/xml_text.h"

namespace tw::core {

namespace {

// A font size that fits `text` into `width` pixels (about 0.6 em per character), capped.
int fitting_size(std::string_view text, int width, int largest) {
  const int chars = std::max<int>(1, static_cast<int>(text.size()));
  return std::clamp(width * 10 / (chars * 6), 18, largest);
}

std::string text_line(int y, int size, int weight, const char* fill, std::string_view text) {
  return "<text x=\"72\" y=\"" + std::to_string(y) + "\" font-size=\"" + std::to_string(size) + "\" font-weight=\"" +
         std::to_string(weight) + "\" fill=\"" + fill + "\">" + xml_escaped(text) + "</text>";
}

}  // namespace

std::string event_artwork_svg(const EventDraft& e) {
  const std::string accent = is_valid_color(e.color) ? e.color : "#4f46e5";
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\" viewBox=\"0 0 1200 630\" role=\"img\" "
      "aria-label=\"" + xml_escaped(e.artist + " – " + e.name) + "\">"
      "<defs><linearGradient id=\"g\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\">"
      "<stop offset=\"0\" stop-color=\"" + accent + "\"/><stop offset=\"1\" stop-color=\"#0f172a\"/>"
      "</linearGradient></defs>"
      "<rect width=\"1200\" height=\"630\" fill=\"url(#g)\"/>"
      // A stage and its light: what the venue map calls the stage, as a motif.
      "<path d=\"M600 150 L1100 630 L100 630 Z\" fill=\"#ffffff\" opacity=\"0.07\"/>"
      "<circle cx=\"600\" cy=\"150\" r=\"70\" fill=\"#ffffff\" opacity=\"0.12\"/>"
      "<g font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\">";
  svg += text_line(400, fitting_size(e.artist, 1056, 110), 800, "#ffffff", e.artist);
  svg += text_line(470, fitting_size(e.name, 1056, 44), 600, "#e2e8f0", e.name);
  svg += text_line(560, fitting_size(e.venue, 1056, 32), 400, "#cbd5e1", e.venue);
  svg += "</g></svg>";
  return svg;
}

std::string event_image(const EventDraft& e) {
  if (!e.image.empty() && !e.image.starts_with("/images/events/")) return e.image;
  return "/api/events/" + e.slug + "/image.svg";
}

}  // namespace tw::core
