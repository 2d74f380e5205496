#include "auth/session_revocations.h"

#include <charconv>

namespace tw::auth {

std::string revocation_text(const Revocation& r) {
  return r.token_hash.empty() ? "u:" + std::to_string(r.user_id) : "s:" + r.token_hash;
}

Revocation parse_revocation(std::string_view text) {
  Revocation r;
  if (text.starts_with("s:")) {
    r.token_hash = std::string(text.substr(2));
  } else if (text.starts_with("u:")) {
    const auto digits = text.substr(2);
    std::from_chars(digits.data(), digits.data() + digits.size(), r.user_id);
  }
  return r;
}

}  // namespace tw::auth
