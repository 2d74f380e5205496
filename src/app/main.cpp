// ticketwar: parses the command line and hands over to the composition root.
#include <cstdio>
#include <cstdlib>

#include "app/app.h"
#include "app/config.h"
#include "app/version.h"

int main(int argc, char** argv) {
  using namespace tw::app;
  auto config = parse_config(std::vector<std::string>(argv + 1, argv + argc), [](const char* n) { return std::getenv(n); });
  if (!config) {
    std::fprintf(stderr, "ticketwar: %s\n", config.error().message.c_str());
    return 2;
  }
  switch (config->command) {
    case Command::kHelp: std::fputs(help_text().c_str(), stdout); return 0;
    case Command::kVersion: std::printf("ticketwar %s\n", kVersion); return 0;
    case Command::kMigrate: return migrate(*config);
    case Command::kSeed: return seed(*config);
    case Command::kAdmin: return admin(*config);
    case Command::kBenchUsers: return bench_users(*config);
    case Command::kEvents: return events(*config);
    case Command::kBackup: return backup(*config);
    case Command::kRestore: return restore(*config);
    case Command::kServe: return serve(*config);
  }
  return 0;
}
