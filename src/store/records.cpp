#include "store/records.h"

namespace tw::store {

std::string join_types(const std::vector<std::string>& types) {
  std::string out;
  for (const auto& t : types) out += (out.empty() ? "" : ",") + t;
  return out;
}

std::vector<std::string> split_types(std::string_view column) {
  std::vector<std::string> out;
  while (!column.empty()) {
    const auto comma = column.find(',');
    out.emplace_back(column.substr(0, comma));
    column = comma == std::string_view::npos ? std::string_view() : column.substr(comma + 1);
  }
  return out;
}

}  // namespace tw::store
