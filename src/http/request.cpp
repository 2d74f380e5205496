#include "http/request.h"

#include <strings.h>

namespace tw::http {
namespace {
std::optional<std::string_view> find(const Fields& fields, std::string_view name, bool ignore_case) {
  for (const auto& [k, v] : fields) {
    if (k.size() == name.size() &&
        (ignore_case ? strncasecmp(k.data(), name.data(), k.size()) == 0 : k == name)) {
      return std::string_view(v);
    }
  }
  return std::nullopt;
}
}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const { return find(headers, name, true); }

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  return find(query, name, false);
}

std::string_view Request::param(std::string_view name) const { return find(params, name, false).value_or(""); }

}  // namespace tw::http
