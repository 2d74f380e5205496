#include "support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/child_process.h"
#include "support/postgres_instance.h"
#include "support/redis_instance.h"

namespace tw::testing {
namespace {

pid_t spawn(std::vector<std::string> args, const std::string& out_path, const std::string& err_path) {
  // TW_TEST_BINARY runs the tests against another build (to see a test fail on an old one).
  const char* other = std::getenv("TW_TEST_BINARY");
  args.insert(args.begin(), other && *other ? other : TW_BINARY);
  return start_program(args, out_path, err_path);
}

// On PostgreSQL (TW_TEST_DATABASE=postgres) a data directory has a database of its own, named
// in DATA_DIR/test-database-url: made with the directory, found again when a test restarts a
// server on it or runs a command over it.
constexpr const char* kDatabaseUrlFile = "/test-database-url";

// The value of the last `flag` (a later flag wins, as in ticketwar's own parsing).
std::string value_after(const std::vector<std::string>& args, const std::string& flag) {
  for (std::size_t i = args.size(); i-- > 1;) {
    if (args[i - 1] == flag) return args[i];
  }
  return "";
}

std::vector<std::string> with_test_database(std::vector<std::string> args) {
  if (!on_postgres() || !value_after(args, "--database").empty()) return args;
  const auto dir = value_after(args, "--data-dir");
  if (dir.empty()) return args;
  auto url = read_file(dir + kDatabaseUrlFile);
  if (url.empty()) {
    url = PostgresInstance::shared().create_database();
    std::ofstream(dir + kDatabaseUrlFile) << url;
  }
  args.insert(args.end(), {"--database", url});
  return args;
}

// With TW_TEST_INVENTORY=redis a data directory keeps its seats in the binary's shared Redis,
// under a key prefix of its own named in DATA_DIR/test-inventory-url (the cluster's engines).
constexpr const char* kInventoryUrlFile = "/test-inventory-url";

std::vector<std::string> with_test_inventory(std::vector<std::string> args) {
  if (!on_redis_inventory() || args.empty()) return args;
  if (args[0] != "serve" && args[0] != "events") return args;  // events replay reaches the streams
  if (!value_after(args, "--inventory").empty()) return args;
  const auto dir = value_after(args, "--data-dir");
  if (dir.empty()) return args;
  auto url = read_file(dir + kInventoryUrlFile);
  if (url.empty()) {
    auto& redis = RedisInstance::shared();
    url = redis.url(redis.new_prefix());
    std::ofstream(dir + kInventoryUrlFile) << url;
  }
  args.insert(args.end(), {"--inventory", url});
  return args;
}

std::vector<std::string> with_test_engines(std::vector<std::string> args) {
  return with_test_inventory(with_test_database(std::move(args)));
}

}  // namespace

bool on_redis_inventory() {
  const char* inventory = std::getenv("TW_TEST_INVENTORY");
  return inventory && std::string(inventory) == "redis";
}

std::string run_command(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "ticketwar-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ServerProcess::ServerProcess(std::vector<std::string> extra_args) : data_dir_(make_temp_dir()) {
  std::vector<std::string> args = {"serve", "--port", "0", "--data-dir", data_dir_, "--threads", "2", "--workers", "2"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  args = with_test_engines(std::move(args));
  pid_ = spawn(args, data_dir_ + "/stdout.log", data_dir_ + "/stderr.log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string out = stdout_text();
    const auto listening = out.find("\"msg\":\"listening\"");
    const auto port_at = out.find("\"port\":", listening == std::string::npos ? out.size() : listening);
    if (port_at != std::string::npos && out.find('\n', port_at) != std::string::npos) {
      port_ = static_cast<std::uint16_t>(std::stoi(out.substr(port_at + 7)));
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("server exited during start-up: " + stderr_text());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("server did not start listening within 60 s: " + stderr_text());
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) terminate(std::chrono::seconds(10));
  std::error_code ec;
  if (std::getenv("TW_KEEP_TEST_DATA") == nullptr) std::filesystem::remove_all(data_dir_, ec);
}

std::string ServerProcess::database_url() const {
  const auto url = read_file(data_dir_ + kDatabaseUrlFile);
  return url.empty() ? "sqlite:" + data_dir_ + "/ticketwar.db" : url;
}

std::string ServerProcess::stdout_text() const { return read_file(data_dir_ + "/stdout.log"); }
std::string ServerProcess::stderr_text() const { return read_file(data_dir_ + "/stderr.log"); }

int ServerProcess::terminate(std::chrono::milliseconds limit) {
  const int code = stop_program(pid_, SIGTERM, limit);
  pid_ = -1;
  return code;
}

void ServerProcess::kill_now() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

CommandResult run_binary(const std::vector<std::string>& args) {
  const std::string dir = make_temp_dir();
  const pid_t pid = spawn(with_test_engines(args), dir + "/out", dir + "/err");
  CommandResult r;
  r.exit_code = wait_exit(pid, std::chrono::seconds(60));
  r.out = read_file(dir + "/out");
  r.err = read_file(dir + "/err");
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return r;
}

}  // namespace tw::testing
