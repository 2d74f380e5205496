#pragma once
// Starts the real ticketwar binary on a free loopback port with a fresh data directory, and
// stops it with SIGTERM when the test is done.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tw::testing {

class ServerProcess {
 public:
  // Extra flags after "serve --port 0 --data-dir <tmp>".
  explicit ServerProcess(std::vector<std::string> extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& data_dir() const { return data_dir_; }
  // The database it serves from, as --database takes it (to start another server on it).
  std::string database_url() const;
  std::string stdout_text() const;
  std::string stderr_text() const;

  // Sends SIGTERM and waits up to `limit`; returns the exit code, or -1 if it had to be killed.
  int terminate(std::chrono::milliseconds limit);
  // SIGKILL, as a crash would: no shutdown code runs.
  void kill_now();

 private:
  std::string data_dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// Runs the binary to completion with these arguments; returns the exit code and its stderr.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult run_binary(const std::vector<std::string>& args);

// Runs a shell command; returns what it printed, without trailing newlines.
std::string run_command(const std::string& command);

// Whether the servers tests start keep seats in Redis (TW_TEST_INVENTORY=redis, as the
// PostgreSQL suite does), and so read the event log through its Redis streams.
bool on_redis_inventory();

std::string make_temp_dir();
std::string read_file(const std::string& path);

}  // namespace tw::testing
