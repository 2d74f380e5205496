#pragma once
// deploy/local-cluster over the test build — PostgreSQL, Redis, N instances, nginx — in a
// temporary directory, on free ports; `down` when the object goes (it stops exactly what `up`
// started, by PID).
#include <cstdint>
#include <string>

namespace tw::testing {

class LocalCluster {
 public:
  // `serve_flags` go to every instance.
  explicit LocalCluster(const std::string& serve_flags, int instances = 3);
  ~LocalCluster();
  LocalCluster(const LocalCluster&) = delete;
  LocalCluster& operator=(const LocalCluster&) = delete;

  // Runs a local-cluster command; what it printed (stderr too), ending with "exit N".
  std::string script(std::string args) const;
  bool started() const { return up_.ends_with("exit 0"); }
  const std::string& up_output() const { return up_; }
  // nginx's port.
  std::uint16_t port() const { return port_; }
  // Instance i's own port (from 1).
  std::uint16_t instance_port(int i) const;
  std::string database_url() const;
  std::string ledger() const { return dir_ + "/payment-processor.db"; }
  // A directory whose test-database-url names the cluster's database (for DatabaseReader).
  std::string reader_dir() const;

 private:
  std::string dir_;
  std::uint16_t port_;
  std::string up_;
};

}  // namespace tw::testing
