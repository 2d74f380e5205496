// The API description (web/api/openapi.json) against the routes and docs/api.md. The server checks
// its real router against the description at start-up (tests/integration/api_description_test.cpp
// asserts it finds nothing); this checks the comparison itself, and that the prose names every
// described operation.
#include "api/api_description.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <regex>
#include <sstream>

namespace tw::api {
namespace {

std::string read_repo_file(const std::string& path) {
  std::ifstream in(std::string(TW_SOURCE_DIR) + "/" + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

constexpr const char* kSpec = R"({"openapi":"3.1.0","paths":{
  "/api/events":{"get":{}},"/api/events/{slug}":{"get":{},"put":{}}}})";

}  // namespace

TEST(ApiDescription, AgreeingRoutesAndDescriptionHaveNoMismatch) {
  std::vector<http::RouteName> routes{{"GET", "/api/events"}, {"GET", "/api/events/{slug}"}, {"PUT", "/api/events/{slug}"}};
  EXPECT_TRUE(description_mismatches(routes, kSpec).empty());
  // A parameter's name is the route's own: OpenAPI has one name per path.
  routes[2] = {"PUT", "/api/events/{id}"};
  EXPECT_TRUE(description_mismatches(routes, kSpec).empty());
}

TEST(ApiDescription, NamesRoutesNotDescribedAndDescriptionsNotRouted) {
  std::vector<http::RouteName> routes{{"GET", "/api/events"}, {"GET", "/api/events/{slug}"}, {"DELETE", "/api/holds/{id}"}};
  const auto wrong = description_mismatches(routes, kSpec);
  ASSERT_EQ(wrong.size(), 2u);
  EXPECT_EQ(wrong[0], "DELETE /api/holds/{id} is routed but not described");
  EXPECT_EQ(wrong[1], "PUT /api/events/{slug} is described but not routed");
  EXPECT_EQ(description_mismatches(routes, "{not json").size(), 1u);
}

TEST(ApiDescription, DocsApiMdNamesEveryDescribedOperation) {
  const auto spec = boost::json::parse(read_repo_file("web/api/openapi.json")).as_object();
  // Parameters by any name: the prose says `PUT /api/events/{id}` where the path is /api/events/{slug}.
  const std::regex param(R"(\{[A-Za-z]+\})");
  const auto prose = std::regex_replace(read_repo_file("docs/api.md"), param, "{}");
  int n = 0;
  for (const auto& [path, ops] : spec.at("paths").as_object()) {
    for (const auto& [method, op] : ops.as_object()) {
      std::string m(method);
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const auto name = m + " " + std::regex_replace(std::string(path), param, "{}");
      EXPECT_NE(prose.find(name), std::string::npos) << name << " is described but docs/api.md does not name it";
      EXPECT_TRUE(op.as_object().contains("operationId")) << name;
      EXPECT_FALSE(op.as_object().at("responses").as_object().empty()) << name;
      ++n;
    }
  }
  EXPECT_GE(n, 70);
  EXPECT_EQ(spec.at("openapi").as_string(), "3.1.0");
}

}  // namespace tw::api
