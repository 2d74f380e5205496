#include "core/mailbox.h"

#include <algorithm>
#include <cctype>

namespace tw::core {

namespace {

bool is_gmail(std::string_view domain) { return domain == "gmail.com" || domain == "googlemail.com"; }

}  // namespace

std::string mailbox_of(std::string_view email) {
  std::string e(email);
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto at = e.rfind('@');
  if (at == std::string::npos) return e;
  std::string local = e.substr(0, at);
  std::string domain = e.substr(at + 1);
  // A '+' that starts the local part is its name, not a tag.
  if (const auto plus = local.find('+', 1); plus != std::string::npos) local.resize(plus);
  if (is_gmail(domain)) {
    std::erase(local, '.');
    domain = "gmail.com";
  }
  return local + "@" + domain;
}

}  // namespace tw::core
