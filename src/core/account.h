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
  // Accounts made by an admin or a command start verified; a fan's sign-up does not.
  bool email_verified = false;
};

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  std::string password_hash;
  Role role = Role::kUser;
  bool disabled = false;
  std::int64_t created_at = 0;
  // Whether the fan showed the address is theirs (followed an emailed link); an unverified
  // account may browse and hold, and (unless the site allows it) not buy.
  bool email_verified = false;
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
  std::optional<std::string> name;  // already normalised
  // A new password's hash: setting it ends every session of the account but `keep_session`
  // (a token hash; empty ends them all), in the same transaction.
  std::optional<std::string> password_hash;
  std::string keep_session;
};

struct Session {
  std::string token_hash;  // hex SHA-256 of the token; the token itself is never stored
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
  std::int64_t absolute_expires_at = 0;
  // What the account page shows of the device: the browser's User-Agent (cut to 256 bytes) and
  // the address it signed in from.
  std::string user_agent;
  std::string client_ip;
};

// A password reset link: only its token's hash is kept. It works once, until `expires_at`.
struct PasswordReset {
  std::string token_hash;  // hex SHA-256 of the token
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;  // UTC seconds
  std::int64_t expires_at = 0;
};

// A link that proves an address is the fan's: for a new account, its own address; for a change
// of address, the new one, which takes effect only when the link is followed. Only its token's
// hash is kept; it works once, until `expires_at`.
struct EmailVerification {
  std::string token_hash;  // hex SHA-256 of the token
  std::int64_t user_id = 0;
  std::string email;  // the address the link proves, normalised
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

// A followed verification link: the account as it is now, and its address before (equal to
// user.email unless the link changed it).
struct VerifiedEmail {
  User user;
  std::string previous_email;
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
