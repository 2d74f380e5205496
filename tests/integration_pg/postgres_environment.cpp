// Makes integration_pg_tests run its suites on a cluster's engines, PostgreSQL and Redis (each
// server keeps its seats in Redis): set before any test runs. Under
// ctest the run's shared PostgreSQL (the `postgres` fixture in TW_TEST_POSTGRES_DIR) is used when
// its socket is there; run by hand, the binary starts a private one.
#include <cstdlib>
#include <filesystem>

namespace {
const bool kOnPostgres = [] {
  setenv("TW_TEST_DATABASE", "postgres", 0);
  setenv("TW_TEST_INVENTORY", "redis", 0);
  // The fixture's directory is a link to the server's, under /tmp; the socket path is the short one.
  std::error_code ec;
  const auto dir = std::filesystem::canonical(TW_TEST_POSTGRES_DIR, ec);
  if (!ec && std::filesystem::exists(dir / ".s.PGSQL.5432")) setenv("TW_TEST_POSTGRES", dir.c_str(), 0);
  return true;
}();
}  // namespace
