#include "api/request_bodies.h"

#include <algorithm>
#include <boost/json.hpp>

#include "api/json_body.h"
#include "core/seat_block.h"

namespace tw::api {
namespace json = boost::json;

core::Result<CredentialsBody> read_credentials(const json::object& body, bool with_name) {
  auto email = string_field(body, "email");
  auto password = string_field(body, "password");
  auto name = string_field(body, "name");
  for (const auto* f : {&email, &password, &name}) {
    if (!*f) return f->error();
  }
  if (!*email) return missing_field("email");
  if (!*password) return missing_field("password");
  if (with_name && !*name) return missing_field("name");
  return CredentialsBody{**email, **password, name->value_or("")};
}

core::Result<std::vector<std::string>> read_seat_list(const json::object& body, std::size_t max) {
  const auto* seats = body.if_contains("seats");
  if (!seats) return missing_field("seats");
  if (!seats->is_array() || seats->get_array().size() > max) {
    return core::invalid("invalid_field", "seats must be a list of seat ids like \"VIP-A-1\"");
  }
  std::vector<std::string> out;
  for (const auto& s : seats->get_array()) {
    if (!s.is_string() || s.get_string().size() > 40) {
      return core::invalid("invalid_field", "seats must be a list of seat ids like \"VIP-A-1\"");
    }
    out.emplace_back(s.get_string());
  }
  return out;
}

core::Result<core::SeatSelection> read_seat_selection(const json::object& body) {
  core::SeatSelection out;
  if (body.contains("seats")) {
    auto ids = read_seat_list(body, core::kMaxSeatsPerBlock);
    if (!ids) return ids.error();
    out.seat_ids = std::move(ids).value();
  }
  auto section = string_field(body, "section");
  if (!section) return section.error();
  out.section = section->value_or("");
  if (const auto* rows = body.if_contains("rows"); rows && !rows->is_null()) {
    const auto bad = core::invalid("invalid_field", "rows must be a list of row letters like \"A\"");
    if (!rows->is_array() || rows->get_array().size() > static_cast<std::size_t>(core::kMaxRowsPerSection)) return bad;
    for (const auto& r : rows->get_array()) {
      if (!r.is_string() || r.get_string().size() > 3) return bad;
      out.rows.emplace_back(r.get_string());
    }
  }
  return out;
}

core::Result<payments::Card> read_card(const json::object& body) {
  const auto* card = body.if_contains("card");
  if (!card || !card->is_object()) return missing_field("card");
  const auto& c = card->get_object();
  payments::Card out;
  for (auto [key, target] : {std::pair{"number", &out.number}, {"expiry", &out.expiry}, {"cvc", &out.cvc},
                             {"name", &out.name}}) {
    auto v = string_field(c, key);
    if (!v) return v.error();
    if (!*v || (*v)->size() > 100) return missing_field(std::string("card.") + key);
    *target = std::move(**v);
  }
  return out;
}

core::Result<core::BestSeatsRequest> read_best_seats(const json::object& body) {
  auto count = int_field(body, "count");
  auto tier = string_field(body, "tier");
  auto section = string_field(body, "section");
  if (!count) return count.error();
  if (!tier) return tier.error();
  if (!section) return section.error();
  if (!*count) return missing_field("count");
  return core::BestSeatsRequest{static_cast<int>(std::clamp<std::int64_t>(**count, -1, 1000)), tier->value_or(""),
                                section->value_or("")};
}

core::Result<std::vector<services::OfflineScan>> read_scans(const json::object& body) {
  const auto* scans = body.if_contains("scans");
  if (!scans || !scans->is_array() || scans->get_array().size() > kMaxSyncScans) {
    return core::invalid("invalid_field", "scans must be a list of at most 5000 {code, scannedAtMs}");
  }
  std::vector<services::OfflineScan> out;
  for (const auto& s : scans->get_array()) {
    const auto* o = s.if_object();
    const auto* code = o ? o->if_contains("code") : nullptr;
    const auto* at = o ? o->if_contains("scannedAtMs") : nullptr;
    if (!code || !code->is_string() || !at || !at->is_int64() || at->get_int64() <= 0) {
      return core::invalid("invalid_field",
                           "each scan needs code (text) and scannedAtMs (milliseconds since 1970)");
    }
    out.push_back({std::string(code->get_string()), at->get_int64()});
  }
  return out;
}

}  // namespace tw::api
