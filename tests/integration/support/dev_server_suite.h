#pragma once
// A test suite over one `--dev` server (demo data, the dev admin signed in), started once for the
// suite and stopped after it, with the questions organisers' tests ask it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "support/api_client.h"
#include "support/server_process.h"

namespace tw::testing {

class DevServerSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--dev"});
    admin_ = sign_in(port(), kDevAdminEmail, kDevAdminPassword);
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }

  // The activity log's entries of `type` for event `id`, once there are `n` (the log is written
  // by a consumer, a moment after the change).
  static boost::json::array audit(const std::string& id, const std::string& type, std::size_t n) {
    boost::json::array entries;
    for (int i = 0; i < 150 && entries.size() < n; ++i) {
      entries = http_get(port(), "/api/admin/audit?type=" + type + "&event=" + id, bearer(admin_))
                    .json().at("entries").as_array();
      if (entries.size() < n) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return entries;
  }

  static inline std::unique_ptr<ServerProcess> server_;
  static inline TestUser admin_;
};

}  // namespace tw::testing
