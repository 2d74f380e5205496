#include "api/latest_answers.h"

#include <cstdio>

namespace tw::api {

std::string body_etag(std::string_view prefix, std::string_view body) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(body)));
  return "\"" + std::string(prefix) + "-" + hex + "\"";
}

}  // namespace tw::api
