#include "store/held_prices_text.h"

#include <charconv>

namespace tw::store {

std::string held_prices_to_text(const std::vector<core::Cents>& prices) {
  std::string out;
  for (const auto p : prices) out.append(out.empty() ? "" : ",").append(std::to_string(p));
  return out;
}

std::vector<core::Cents> held_prices_from_text(std::string_view text) {
  std::vector<core::Cents> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto part = text.substr(0, comma);
    core::Cents value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size() || value <= 0) return {};
    out.push_back(value);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace tw::store
