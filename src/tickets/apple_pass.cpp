#include "tickets/apple_pass.h"

#include <boost/json.hpp>
#include <cairo.h>
#include <openssl/evp.h>

#include <memory>
#include <vector>

#include "core/encoding.h"
#include "tickets/zip_archive.h"

namespace tw::tickets {
namespace {

namespace json = boost::json;

struct Rgb {
  int r = 79, g = 70, b = 229;
};

Rgb rgb_of(const std::string& hex) {
  Rgb c;
  if (hex.size() != 7 || hex[0] != '#') return c;
  const auto channel = [&](std::size_t at) { return static_cast<int>(std::strtol(hex.substr(at, 2).c_str(), nullptr, 16)); };
  return {channel(1), channel(3), channel(5)};
}

std::string css(Rgb c) {
  return "rgb(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ")";
}

json::object field(const char* key, const std::string& label, const std::string& value) {
  return {{"key", key}, {"label", label}, {"value", value}};
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A square icon in the event's colour with a white ticket stub: Wallet needs icon.png (29 pt)
// for notifications and the lock screen. Empty on failure.
std::string icon_png(int size, Rgb c) {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size), &cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), &cairo_destroy);
  cairo_set_source_rgb(cr.get(), c.r / 255.0, c.g / 255.0, c.b / 255.0);
  cairo_paint(cr.get());
  const double u = size / 29.0;
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_rectangle(cr.get(), 5 * u, 9 * u, 19 * u, 11 * u);
  cairo_fill(cr.get());
  cairo_set_source_rgb(cr.get(), c.r / 255.0, c.g / 255.0, c.b / 255.0);
  cairo_arc(cr.get(), 5 * u, 14.5 * u, 2.5 * u, 0, 6.2832);
  cairo_arc(cr.get(), 24 * u, 14.5 * u, 2.5 * u, 0, 6.2832);
  cairo_fill(cr.get());
  std::string png;
  if (cairo_surface_write_to_png_stream(surface.get(), append_bytes, &png) != CAIRO_STATUS_SUCCESS) return {};
  return png;
}

std::string sha1_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &n, EVP_sha1(), nullptr);
  return core::hex(std::span<const unsigned char>(digest, n));
}

}  // namespace

std::string pass_json(const PassFacts& f, const std::string& pass_type_id, const std::string& team_id) {
  const Rgb color = rgb_of(f.color);
  json::object ticket{
      {"headerFields", json::array{field("date", "DATE", f.when)}},
      {"primaryFields", json::array{field("event", f.artist, f.event_name)}},
      {"secondaryFields", json::array{field("section", "SECTION", f.section), field("row", "ROW", f.row),
                                      field("seat", "SEAT", f.seat)}},
      {"auxiliaryFields", json::array{field("venue", "VENUE", f.venue), field("holder", "HOLDER", f.holder)}},
      {"backFields",
       json::array{field("tier", "Tier", f.tier), field("price", "Paid", f.price), field("ticket", "Ticket", f.ticket_id),
                   field("order", "Order", f.order_id),
                   field("terms", "Entry",
                         "The QR code admits once. A ticket given to someone else gets a new code and this "
                         "pass stops working.")}}};
  json::object pass{{"formatVersion", 1},
                    {"passTypeIdentifier", pass_type_id},
                    {"teamIdentifier", team_id},
                    {"serialNumber", f.serial},
                    {"organizationName", "TicketWar"},
                    {"description", "Ticket for " + f.event_name},
                    {"logoText", "TicketWar"},
                    {"relevantDate", core::format_iso8601(f.starts_at)},
                    {"backgroundColor", css(color)},
                    {"foregroundColor", "rgb(255,255,255)"},
                    {"labelColor", "rgb(255,255,255)"},
                    {"voided", f.voided},
                    {"eventTicket", std::move(ticket)}};
  if (!f.code.empty() && !f.voided) {
    pass["barcodes"] = json::array{json::object{{"format", "PKBarcodeFormatQR"},
                                                {"message", f.code},
                                                {"messageEncoding", "iso-8859-1"},
                                                {"altText", f.section + " " + f.row + " " + f.seat}}};
  }
  if (!f.web_service_url.empty()) {
    pass["webServiceURL"] = f.web_service_url;
    pass["authenticationToken"] = f.auth_token;
  }
  return json::serialize(pass);
}

core::Result<std::string> build_pkpass(const PassFacts& facts, const PassSigner& signer) {
  const Rgb color = rgb_of(facts.color);
  std::vector<ZipEntry> files{{"pass.json", pass_json(facts, signer.pass_type_id(), signer.team_id())},
                              {"icon.png", icon_png(29, color)},
                              {"icon@2x.png", icon_png(58, color)},
                              {"icon@3x.png", icon_png(87, color)}};
  json::object manifest;
  for (const auto& f : files) {
    if (f.bytes.empty()) return core::internal("Could not draw the pass's " + f.name);
    manifest[f.name] = sha1_hex(f.bytes);
  }
  std::string manifest_bytes = json::serialize(manifest);
  auto signature = signer.sign_detached(manifest_bytes);
  if (!signature) return signature.error();
  files.push_back({"manifest.json", std::move(manifest_bytes)});
  files.push_back({"signature", std::move(signature).value()});
  return zip_archive(files);
}

}  // namespace tw::tickets
