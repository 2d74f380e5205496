#include "store/seat_ids_json.h"

#include <boost/json.hpp>

namespace tw::store {

std::string seat_ids_to_json(const std::vector<std::string>& ids) {
  boost::json::array a;
  for (const auto& id : ids) a.emplace_back(id);
  return boost::json::serialize(a);
}

std::vector<std::string> seat_ids_from_json(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.get_array()) {
    if (e.is_string()) out.emplace_back(e.get_string());
  }
  return out;
}

}  // namespace tw::store
