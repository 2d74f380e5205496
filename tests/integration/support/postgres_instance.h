#pragma once
// The PostgreSQL the tests use. Under ctest, one instance serves the whole run (the `postgres`
// fixture, tests/postgres_fixture.sh, named by TW_TEST_POSTGRES); a test binary run by hand, or
// a fault test that needs a server to itself, starts a private one: initdb into a temporary
// directory, pg_ctl on a Unix socket of its own (no TCP port to collide on), as an unprivileged
// user when the tests run as root (PostgreSQL refuses to run as root), stopped at the end. Each
// test takes a database of its own from it.
//
// Tests run against PostgreSQL when TW_TEST_DATABASE=postgres (ctest sets it for the
// integration_pg_tests binary); ServerProcess then starts every server on a fresh database here.
#include <string>

namespace tw::testing {

bool on_postgres();

class PostgresInstance {
 public:
  // The run's shared instance (TW_TEST_POSTGRES), else this binary's own, started on first use.
  static PostgresInstance& shared();
  // A private instance, for tests that stop and start it.
  PostgresInstance();
  ~PostgresInstance();
  PostgresInstance(const PostgresInstance&) = delete;

  // A new, empty database; its libpq URL.
  std::string create_database();
  // Stops and starts the server on the same data (fault tests); `fast` lets it shut down
  // cleanly, else it is stopped immediately (as a crash would).
  void restart(bool fast);
  void stop();
  void start();
  // Stops (SIGSTOP) or resumes the server's processes: a database that hangs, neither answering
  // nor refusing.
  void freeze(bool frozen);
  std::string url(const std::string& database) const;

 private:
  explicit PostgresInstance(std::string existing);
  std::string pg_ctl(const std::string& args) const;

  std::string bin_;   // the PostgreSQL server programs
  std::string dir_;   // data and socket live here
  std::string as_;    // "setpriv ..." prefix when running as root
  int databases_ = 0;
  bool running_ = false;
  bool owned_ = true;  // started here, so stopped here
};

}  // namespace tw::testing
