#include "support/local_cluster.h"

#include <filesystem>
#include <fstream>

#include "support/child_process.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace tw::testing {
namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

LocalCluster::LocalCluster(const std::string& serve_flags, int instances)
    : dir_(make_temp_dir()), port_(free_loopback_port()) {
  up_ = script("up --instances " + std::to_string(instances) + " --port " + std::to_string(port_) + " --tls-port " +
               std::to_string(free_loopback_port()) + " --no-rate-limit -- " + serve_flags);
}

LocalCluster::~LocalCluster() {
  script("down");
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::read_symlink(dir_ + "/run", ec), ec);
  std::filesystem::remove_all(dir_, ec);
}

std::string LocalCluster::script(std::string args) const {
  const auto serve_flags = args.find(" -- ");  // --dir must come before them
  args.insert(serve_flags == std::string::npos ? args.size() : serve_flags, " --dir " + dir_);
  return run_command("TICKETWAR_BIN=" TW_BINARY " " TW_SOURCE_DIR "/deploy/local-cluster " + args + " 2>&1; echo exit $?");
}

std::uint16_t LocalCluster::instance_port(int i) const {
  return static_cast<std::uint16_t>(std::stoi(trimmed(read_file(dir_ + "/instance-" + std::to_string(i) + ".port"))));
}

std::string LocalCluster::database_url() const { return trimmed(read_file(dir_ + "/database-url")); }

std::string LocalCluster::reader_dir() const {
  std::ofstream(dir_ + "/test-database-url") << database_url();
  return dir_;
}

}  // namespace tw::testing
