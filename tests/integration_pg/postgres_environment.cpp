// Makes integration_pg_tests run its suites on PostgreSQL: set before any test runs. Under
// ctest the run's shared PostgreSQL (the `postgres` fixture in TW_TEST_POSTGRES_DIR) is used when
// its socket is there; run by hand, the binary starts a private one.
#include <cstdlib>
#include <filesystem>

namespace {
const bool kOnPostgres = [] {
  setenv("TW_TEST_DATABASE", "postgres", 0);
  if (std::filesystem::exists(TW_TEST_POSTGRES_DIR "/.s.PGSQL.5432")) setenv("TW_TEST_POSTGRES", TW_TEST_POSTGRES_DIR, 0);
  return true;
}();
}  // namespace
