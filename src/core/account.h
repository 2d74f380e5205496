#pragma once
// Accounts: who may sign in, with which role, and their sessions.
// States are enums; state_name / parse_* give the words the API and the database both spell
// them with (core/state_words.cpp), and a store that reads a word it does not know fails there.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tw::core {

enum class Role { kUser, kStaff, kAdmin };

struct NewUser {
  std::string email;  // already normalised
  std::string name;
  std::string password_hash;
  Role role = Role::kUser;
};

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  std::string password_hash;
  Role role = Role::kUser;
  bool disabled = false;
  std::int64_t created_at = 0;
};

struct UserQuery {
  std::string email_contains;  // empty = all
  int limit = 50;
  std::optional<std::int64_t> after_id;
};

struct UserPage {
  std::vector<User> users;
  std::optional<std::int64_t> next_after_id;
};

struct UserChange {
  std::optional<Role> role;
  std::optional<bool> disabled;
};

struct Session {
  std::string token_hash;  // hex SHA-256 of the token; the token itself is never stored
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
  std::int64_t absolute_expires_at = 0;
};

// A password reset link: only its token's hash is kept. It works once, until `expires_at`.
struct PasswordReset {
  std::string token_hash;  // hex SHA-256 of the token
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;  // UTC seconds
  std::int64_t expires_at = 0;
};

struct SessionWithUser {
  Session session;
  User user;
};

// Whom an account counts as for ticket limits: the first account of its mailbox (core/mailbox.h).
struct AccountPerson {
  std::int64_t user_id = 0;
  std::int64_t person_id = 0;
};

const char* role_name(Role r);
std::optional<Role> parse_role(std::string_view s);

}  // namespace tw::core
