// GET /api/openapi.json and /api/docs (issue 35): the server's routes and its description agree
// (it names any difference at start-up), and real answers match the JSON Schemas the description
// gives them, checked by the jsonschema package (Draft 2020-12, OpenAPI 3.1's dialect).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "support/api_client.h"
#include "support/server_process.h"

namespace tw::testing {
namespace {

namespace json = boost::json;

constexpr const char* kSchemaEvent = "taylor-swift-eras";

// Reads the description and the samples ([{method, path, status, body}]); prints one line per
// sample whose body does not match its response's schema, then "checked N".
constexpr const char* kValidate = R"(
import json, sys
from jsonschema import Draft202012Validator, RefResolver
doc = json.load(open(sys.argv[1]))
samples = json.load(open(sys.argv[2]))
resolver = RefResolver('', doc)
n = 0
for s in samples:
    op = doc['paths'][s['path']][s['method']]
    resp = op['responses'].get(str(s['status']))
    if resp is None:
        print('UNDESCRIBED STATUS', s['method'], s['path'], s['status']); continue
    if '$ref' in resp:
        resp = resolver.resolve(resp['$ref'])[1]
    schema = resp['content']['application/json']['schema']
    for e in Draft202012Validator(schema, resolver=resolver).iter_errors(s['body']):
        print('MISMATCH', s['method'], s['path'], s['status'], e.message)
    n += 1
print('checked', n)
)";

struct Sample {
  std::string method, path;
  HttpResult answer;
};

}  // namespace

TEST(ApiDescription, DescribesEveryRouteAndIsServedForToolsAndPeople) {
  ServerProcess server;
  EXPECT_EQ(server.stderr_text().find("out of step"), std::string::npos) << server.stderr_text();
  auto spec = http_get(server.port(), "/api/openapi.json");
  ASSERT_EQ(spec.status, 200);
  EXPECT_EQ(spec.json().at("openapi").as_string(), "3.1.0");
  EXPECT_GE(spec.json().at("paths").as_object().size(), 60u);
  auto page = http_get(server.port(), "/api/docs");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("<code>/api/events/{slug}/holds</code>"), std::string::npos);
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
  EXPECT_NE(page.header("content-security-policy").find("default-src 'none'"), std::string::npos);
}

TEST(ApiDescription, RealAnswersMatchTheirSchemas) {
  ServerProcess server;
  const auto port = server.port();
  auto fan = sign_up(port, "schema");
  const std::string e = std::string("/api/events/") + kSchemaEvent;
  std::vector<Sample> samples;
  auto keep = [&](std::string method, std::string path, HttpResult r) {
    samples.push_back({std::move(method), std::move(path), std::move(r)});
  };
  keep("get", "/api/health", http_get(port, "/api/health"));
  keep("get", "/api/ready", http_get(port, "/api/ready"));
  keep("get", "/api/events", http_get(port, "/api/events?limit=3"));
  keep("get", "/api/events/{slug}", http_get(port, e));
  keep("get", "/api/events/{slug}", http_get(port, "/api/events/no-such-show"));
  keep("get", "/api/events/{slug}/seatmap", http_get(port, e + "/seatmap"));
  keep("get", "/api/events/{slug}/seats", http_get(port, e + "/seats"));
  keep("get", "/api/events/{slug}/queue", http_get(port, e + "/queue"));
  keep("get", "/api/auth/session", http_get(port, "/api/auth/session", bearer(fan)));
  auto hold = http_request(port, "POST", e + "/holds", seats_body({"STD-H-1", "STD-H-2"}), bearer(fan));
  const std::string hold_id(hold.json().at("holdId").as_string());
  keep("post", "/api/events/{slug}/holds", hold);
  keep("post", "/api/events/{slug}/holds", http_request(port, "POST", e + "/holds", seats_body({"NOPE-1"}), bearer(fan)));
  keep("get", "/api/holds/{id}", http_get(port, "/api/holds/" + hold_id, bearer(fan)));
  keep("get", "/api/holds", http_get(port, "/api/holds?event=" + std::string(kSchemaEvent), bearer(fan)));
  auto headers = bearer(fan);
  headers["Idempotency-Key"] = "schema-1";
  auto order = http_request(port, "POST", "/api/checkout", checkout_body(hold_id, kApprove), headers);
  keep("post", "/api/checkout", order);
  keep("get", "/api/orders/{id}",
       http_get(port, "/api/orders/" + std::string(order.json().at("orderId").as_string()), bearer(fan)));
  auto tickets = http_get(port, "/api/tickets", bearer(fan));
  keep("get", "/api/tickets", tickets);
  keep("get", "/api/tickets/{id}",
       http_get(port, "/api/tickets/" + std::string(tickets.json().at("tickets").at(0).at("id").as_string()), bearer(fan)));

  json::array out;
  for (const auto& s : samples) {
    ASSERT_FALSE(s.answer.body.empty()) << s.method << " " << s.path;
    out.push_back(json::object{{"method", s.method}, {"path", s.path}, {"status", s.answer.status},
                               {"body", json::parse(s.answer.body)}});
  }
  const std::string dir = make_temp_dir();
  std::ofstream(dir + "/spec.json") << http_get(port, "/api/openapi.json").body;
  std::ofstream(dir + "/samples.json") << json::serialize(out);
  std::ofstream(dir + "/validate.py") << kValidate;
  const auto report = run_command("/usr/bin/python3 " + dir + "/validate.py " + dir + "/spec.json " + dir +
                                  "/samples.json 2>&1");
  std::filesystem::remove_all(dir);
  EXPECT_NE(report.find("checked " + std::to_string(samples.size())), std::string::npos) << report;
  EXPECT_EQ(report.find("MISMATCH"), std::string::npos) << report;
  EXPECT_EQ(report.find("UNDESCRIBED"), std::string::npos) << report;
}

}  // namespace tw::testing
