#pragma once
// Reads a test server's database directly, whichever adapter it runs on (the SQLite file in its
// data directory, or the PostgreSQL database ServerProcess made for it), for tests that check
// the books after the server is gone. SQL uses $1, $2 … placeholders; answers are text.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tw::testing {

class DatabaseReader {
 public:
  explicit DatabaseReader(const std::string& data_dir);
  ~DatabaseReader();
  std::vector<std::vector<std::string>> rows(const std::string& sql, const std::vector<std::string>& params = {});
  std::int64_t number(const std::string& sql, const std::vector<std::string>& params = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw::testing
