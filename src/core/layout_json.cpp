// JSON form of a venue layout. Kept apart from layout.cpp so only this file pulls in Boost.JSON.
#include <boost/json.hpp>
#include <cmath>

#include "core/layout.h"

namespace tw::core {
namespace json = boost::json;
namespace {

// Small typed readers; each returns false and fills `why` when the field is absent or mistyped.
bool read_string(const json::object& o, std::string_view key, std::string& out, std::string& why) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return why = std::string(key) + " must be a string", false;
  out = std::string(v->get_string());
  return true;
}

bool read_number(const json::object& o, std::string_view key, double& out, std::string& why, bool required) {
  const auto* v = o.if_contains(key);
  if (!v) return required ? (why = std::string(key) + " is required", false) : true;
  if (!v->is_number()) return why = std::string(key) + " must be a number", false;
  out = v->to_number<double>();
  if (!std::isfinite(out)) return why = std::string(key) + " must be finite", false;
  return true;
}

bool read_int(const json::object& o, std::string_view key, int& out, std::string& why) {
  double d = 0;
  if (!read_number(o, key, d, why, true)) return false;
  if (d != std::floor(d) || d < -1e6 || d > 1e6) return why = std::string(key) + " must be a whole number", false;
  out = static_cast<int>(d);
  return true;
}

bool read_placement(const json::object& o, Placement& p, std::string& why) {
  const auto* v = o.if_contains("position");
  if (!v) return true;
  if (!v->is_object()) return why = "position must be an object", false;
  const auto& po = v->get_object();
  if (!(read_number(po, "x", p.x, why, false) && read_number(po, "y", p.y, why, false) &&
        read_number(po, "rotation", p.rotation, why, false))) {
    return false;
  }
  p = {round_hundredths(p.x), round_hundredths(p.y), round_hundredths(p.rotation)};
  return true;
}

bool read_section(const json::value& v, SectionSpec& s, double scale, std::string& why) {
  if (!v.is_object()) return why = "each section must be an object", false;
  const auto& o = v.get_object();
  double price = 0;
  if (!(read_string(o, "id", s.id, why) && read_string(o, "name", s.name, why) &&
        read_string(o, "tier", s.tier, why) && read_int(o, "rows", s.rows, why) &&
        read_int(o, "seatsPerRow", s.seats_per_row, why) && read_number(o, "basePrice", price, why, true) &&
        read_placement(o, s.position, why))) {
    return false;
  }
  if (price < 0 || price > 1e9) return why = "basePrice is out of range", false;
  s.base_price = std::llround(price * scale);
  return true;
}

bool read_stage(const json::object& o, Stage& st, std::string& why) {
  const auto* v = o.if_contains("stage");
  if (!v) return true;
  if (!v->is_object()) return why = "stage must be an object", false;
  const auto& so = v->get_object();
  if (!(read_number(so, "x", st.x, why, false) && read_number(so, "y", st.y, why, false) &&
        read_number(so, "width", st.width, why, false) && read_number(so, "height", st.height, why, false))) {
    return false;
  }
  st = {round_hundredths(st.x), round_hundredths(st.y), round_hundredths(st.width), round_hundredths(st.height)};
  return true;
}

}  // namespace

Result<Layout> parse_layout_json(std::string_view text, int price_digits) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec) return bad_layout("layout is not valid JSON: " + ec.message());
  if (!root.is_object()) return bad_layout("layout must be a JSON object");
  const auto& o = root.get_object();
  Layout layout;
  std::string why;
  const auto* sections = o.if_contains("sections");
  if (!read_string(o, "name", layout.name, why) || !read_stage(o, layout.stage, why)) return bad_layout(why);
  if (!sections || !sections->is_array()) return bad_layout("sections must be an array");
  if (sections->get_array().size() > kMaxSections) {
    return bad_layout("at most " + std::to_string(kMaxSections) + " sections");
  }
  for (const auto& sv : sections->get_array()) {
    SectionSpec s;
    if (!read_section(sv, s, std::pow(10.0, price_digits), why)) return bad_layout(why);
    layout.sections.push_back(std::move(s));
  }
  if (auto st = validate_layout(layout); !st) return std::move(st).take_error();
  return layout;
}

std::string layout_to_json(const Layout& layout, int price_digits) {
  json::array sections;
  for (const auto& s : layout.sections) {
    sections.push_back(json::object{
        {"id", s.id},
        {"name", s.name},
        {"tier", s.tier},
        {"rows", s.rows},
        {"seatsPerRow", s.seats_per_row},
        {"basePrice", static_cast<double>(s.base_price) / std::pow(10.0, price_digits)},
        {"position", {{"x", s.position.x}, {"y", s.position.y}, {"rotation", s.position.rotation}}},
    });
  }
  const auto& st = layout.stage;
  json::object root{{"name", layout.name},
                    {"stage", {{"x", st.x}, {"y", st.y}, {"width", st.width}, {"height", st.height}}},
                    {"sections", std::move(sections)}};
  return json::serialize(root);
}

}  // namespace tw::core
