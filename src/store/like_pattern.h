#pragma once
// A LIKE pattern for a substring search, the text's own wildcards escaped (with '\', which both
// adapters' queries name as the escape character).
#include <string>

namespace tw::store {

inline std::string like_pattern(const std::string& text) {
  std::string p = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') p += '\\';
    p += ch;
  }
  return p + "%";
}

}  // namespace tw::store
