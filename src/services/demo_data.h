#pragma once
// The demo catalogue: the seed's six stadium shows and one arena-scale event, and the seeder
// that stores them and makes sure an admin account exists.
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/layout.h"
#include "store/account_store.h"
#include "store/event_store.h"

namespace tw::auth {
class PasswordHasher;
}

namespace tw::services {

struct DemoEvent {
  core::EventDraft draft;
  core::Layout layout;
};
std::vector<DemoEvent> demo_events();

inline constexpr const char* kAdminEmail = "admin@ticketwar.local";
// Only with --dev; production admins get a random password printed once.
inline constexpr const char* kDevAdminPassword = "ticketwar-dev-admin";

struct SeedReport {
  int events_created = 0;
  std::optional<std::string> admin_password;  // set when an admin account was created
};

// Stores the demo events that are missing (by slug) when `with_events`, and creates the admin
// account when no admin exists. Safe to run repeatedly.
class DemoData {
 public:
  DemoData(store::EventStore& events, store::AccountStore& accounts, auth::PasswordHasher& hasher, bool dev)
      : events_(events), accounts_(accounts), hasher_(hasher), dev_(dev) {}
  // seed_demo with these stores.
  Task<core::Result<SeedReport>> seed(bool with_events);

 private:
  store::EventStore& events_;
  store::AccountStore& accounts_;
  auth::PasswordHasher& hasher_;
  bool dev_;
};

Task<core::Result<SeedReport>> seed_demo(store::EventStore& events, store::AccountStore& accounts,
                                         auth::PasswordHasher& hasher, bool with_events, bool dev);

}  // namespace tw::services
