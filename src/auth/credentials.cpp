#include "auth/credentials.h"

#include <algorithm>
#include <array>

namespace tw::auth {
namespace {

// The most common passwords of at least 8 characters in public breach corpora.
constexpr std::array<std::string_view, 40> kCommonPasswords = {
    "12345678",  "123456789", "1234567890", "password",  "password1", "password123", "qwertyuiop", "11111111",
    "iloveyou",  "sunshine",  "princess",   "football",  "baseball",  "welcome1",    "abc12345",   "admin123",
    "qwerty123", "1q2w3e4r",  "zaq12wsx",   "passw0rd",  "trustno1",  "superman",    "starwars",   "whatever",
    "00000000",  "88888888",  "87654321",   "letmein1",  "asdfghjkl", "qwertyui",    "1qaz2wsx",   "michael1",
    "charlie1",  "computer",  "internet",   "jennifer",  "11223344",  "123123123",   "ticketwar",  "changeme",
};

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

std::string lower(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

}  // namespace

core::Result<std::string> normalize_email(std::string_view raw) {
  std::string e = lower(trim(raw));
  const auto at = e.find('@');
  const auto dot = e.rfind('.');
  const bool ok = !e.empty() && e.size() <= 254 && at != std::string::npos && at > 0 &&
                  e.find('@', at + 1) == std::string::npos && dot != std::string::npos && dot > at + 1 &&
                  dot + 1 < e.size() && e.find(' ') == std::string::npos && !has_control(e);
  if (!ok) return core::invalid("invalid_email", "Enter a valid email address, like fan@example.com");
  return e;
}

core::Status check_password(std::string_view p) {
  if (p.size() < 8 || p.size() > 256) {
    return core::invalid("weak_password", "Passwords must be 8 to 256 characters long");
  }
  const std::string l = lower(std::string(p));
  if (std::find(kCommonPasswords.begin(), kCommonPasswords.end(), l) != kCommonPasswords.end()) {
    return core::invalid("weak_password", "That password is too common; choose another");
  }
  return core::Ok{};
}

core::Result<std::string> normalize_name(std::string_view raw) {
  std::string n = trim(raw);
  if (n.empty() || n.size() > 100 || has_control(n)) {
    return core::invalid("invalid_name", "Names must be 1 to 100 characters");
  }
  return n;
}

}  // namespace tw::auth
