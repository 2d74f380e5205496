#pragma once
// The demo catalogue: the seed's six stadium shows and one arena-scale event, and the seeder
// that stores them and makes sure an admin account exists.
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/layout.h"
#include "store/store.h"

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
Task<core::Result<SeedReport>> seed_demo(store::Store& store, auth::PasswordHasher& hasher, bool with_events,
                                         bool dev);

}  // namespace tw::services
