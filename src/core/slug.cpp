#include "core/slug.h"

namespace tw::core {
namespace {
bool is_slug_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
}  // namespace

bool is_valid_slug(std::string_view s) {
  if (s.empty() || s.size() > kMaxSlugLength || s.front() == '-' || s.back() == '-') return false;
  char prev = 0;
  for (char c : s) {
    if (c == '-' ? prev == '-' : !is_slug_char(c)) return false;
    prev = c;
  }
  return true;
}

std::string slugify(std::string_view title) {
  std::string out;
  for (char c : title) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (is_slug_char(c)) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() >= kMaxSlugLength) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace tw::core
