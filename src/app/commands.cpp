// The commands other than serve: migrate, seed, admin and bench-users (events is in
// event_commands.cpp). Each opens what it needs, does one thing and returns the exit code.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "app/app.h"
#include "app/run_task.h"
#include "app/startup.h"
#include "auth/password.h"
#include "auth/password_hasher.h"
#include "auth/session_token.h"
#include "services/accounts.h"
#include "services/ticket_keys.h"

namespace tw::app {

int migrate(const Config& config) {
  auto base = open_base(config);
  if (!base) return fail_to_start(base.error());
  std::fprintf(stderr, "ticketwar: database %s is up to date\n", config.database_label().c_str());
  return 0;
}

int seed(const Config& config) {
  auto base = open_base(config);
  if (!base) return fail_to_start(base.error());
  if (auto st = seed_and_report(*base, config, true); !st) return fail(st.error().message);
  return 0;
}

namespace {

std::string read_password_from_stdin() {
  if (::isatty(STDIN_FILENO)) return "";
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

int admin_create(Base& b, const Config& config) {
  auto role = core::parse_role(config.role);
  if (!role) return fail("--role must be user, staff or admin");
  std::string password = read_password_from_stdin();
  const bool generated = password.empty();
  if (generated) password = auth::random_password(20);
  auth::PasswordHasher hasher(*b.pool);
  services::Accounts accounts(*b.stores.accounts, hasher, *b.clock);
  auto user = run_task(accounts.create_user(config.email, password, config.name, *role));
  if (!user) return fail(user.error().message);
  std::printf("created %s %s (id %lld)\n", core::role_name(user->role), user->email.c_str(),
              static_cast<long long>(user->id));
  if (generated) std::printf("password: %s\n", password.c_str());
  return 0;
}

int admin_set_role(Base& b, const std::string& email, const std::string& role_text) {
  auto role = core::parse_role(role_text);
  if (!role) return fail("role must be user, staff or admin");
  auth::PasswordHasher hasher(*b.pool);
  services::Accounts accounts(*b.stores.accounts, hasher, *b.clock);
  auto user = run_task(accounts.find_by_email(email));
  if (!user) return fail(user.error().message);
  if (!user->has_value()) return fail("no account with email " + email);
  core::UserChange change;
  change.role = *role;
  auto updated = run_task(accounts.update_user(0, (*user)->id, change));
  if (!updated) return fail(updated.error().message);
  std::printf("%s is now %s\n", email.c_str(), core::role_name(*role));
  return 0;
}

int admin_rotate_ticket_key(Base& b) {
  services::TicketKeys keys(*b.stores.tickets, *b.clock);
  if (auto st = run_task(keys.rotate()); !st) return fail(st.error().message);
  std::printf("ticket codes are now signed with key %u; codes signed earlier stay valid\n", keys.signing_key_id());
  return 0;
}

}  // namespace

int admin(const Config& config) {
  const auto& w = config.admin_words;
  const bool create = w.size() == 1 && w[0] == "create";
  const bool set_role = w.size() == 3 && w[0] == "set-role";
  const bool rotate = w.size() == 1 && w[0] == "rotate-ticket-key";
  if (!create && !set_role && !rotate) {
    return config_error("usage: ticketwar admin create --email E --name N [--role R] | admin set-role EMAIL ROLE"
                " | admin rotate-ticket-key");
  }
  auto base = open_base(config);
  if (!base) return fail_to_start(base.error());
  if (rotate) return admin_rotate_ticket_key(*base);
  return create ? admin_create(*base, config) : admin_set_role(*base, w[1], w[2]);
}

// Load-test buyers, written straight to the store: signing 100,000 buyers in through argon2id
// would take hours and measure the wrong thing. They share one hash of a random password nobody
// knows, so they can only be used through the tokens printed here.
int bench_users(const Config& config) {
  const auto& w = config.admin_words;
  long long count = 0;
  if (w.size() != 1 || (count = std::atoll(w[0].c_str())) < 1 || count > 1'000'000) {
    return config_error("usage: ticketwar bench-users N (1-1000000)");
  }
  auto base = open_base(config);
  if (!base) return fail_to_start(base.error());
  auto hash = auth::hash_password(auth::random_password(32));
  if (!hash) return fail("could not hash");
  const std::string run = auth::random_password(6);
  std::vector<core::NewUser> users;
  for (long long i = 0; i < count; ++i) {
    users.push_back({"bench-" + run + "-" + std::to_string(i) + "@bench.invalid", "Buyer " + std::to_string(i), *hash,
                     core::Role::kUser, true});
  }
  auto created = run_task(base->stores.accounts->create_users(std::move(users)));
  if (!created) return fail(created.error().message);
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  std::vector<core::Session> sessions;
  std::string tokens;
  for (const auto& u : *created) {
    const auto token = auth::new_session_token();
    sessions.push_back({auth::token_hash(token), u.id, now, now, now + 86400, now + 86400});
    tokens += token + "\n";
  }
  if (auto st = run_task(base->stores.accounts->create_sessions(std::move(sessions))); !st) {
    return fail(st.error().message);
  }
  std::fwrite(tokens.data(), 1, tokens.size(), stdout);
  return 0;
}

}  // namespace tw::app
