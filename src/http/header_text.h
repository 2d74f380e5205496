#pragma once
// Reading header values: the optional whitespace (spaces and tabs, RFC 9110 §5.6.3) around a
// value or an item of a comma-separated list.
#include <string_view>

namespace tw::http {

inline std::string_view trim_whitespace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace tw::http
