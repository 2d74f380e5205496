#include "store/records.h"

namespace tw::store {

const char* role_name(Role r) {
  switch (r) {
    case Role::kUser: return "user";
    case Role::kStaff: return "staff";
    case Role::kAdmin: return "admin";
  }
  return "user";
}

std::optional<Role> parse_role(std::string_view s) {
  if (s == "user") return Role::kUser;
  if (s == "staff") return Role::kStaff;
  if (s == "admin") return Role::kAdmin;
  return std::nullopt;
}

}  // namespace tw::store
