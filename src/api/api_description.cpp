#include "api/api_description.h"

#include "core/xml_text.h"

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <set>

namespace tw::api {
namespace {

namespace json = boost::json;

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string who_may(const json::object& op) {
  const auto* security = op.if_contains("security");
  if (!security || !security->is_array() || security->as_array().empty()) return "anyone";
  return "signed in";
}

// One section per tag, in the document's order; each operation with its method, path, summary,
// who may call it and its answers.
std::string docs_page(const json::object& doc) {
  const auto info = doc.at("info").as_object();
  std::string body;
  for (const auto& tag : doc.at("tags").as_array()) {
    const std::string name(tag.at("name").as_string());
    std::string rows;
    for (const auto& [path, ops] : doc.at("paths").as_object()) {
      for (const auto& [method, op_value] : ops.as_object()) {
        const auto& op = op_value.as_object();
        const auto& tags = op.at("tags").as_array();
        if (tags.empty() || tags[0].as_string() != name) continue;
        std::string answers;
        for (const auto& [status, _] : op.at("responses").as_object()) answers += (answers.empty() ? "" : ", ") + std::string(status);
        std::string about = text_of(op, "summary");
        if (const auto more = text_of(op, "description"); !more.empty()) about += ". " + more;
        rows += "<tr><td><code>" + upper(std::string(method)) + "</code></td><td><code>" + core::xml_escaped(path) +
                "</code></td><td>" + core::xml_escaped(about) + "</td><td>" + who_may(op) + "</td><td>" + answers +
                "</td></tr>\n";
      }
    }
    if (rows.empty()) continue;
    body += "<section class=\"panel\"><h2>" + core::xml_escaped(name) +
            "</h2>\n<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"" + core::xml_escaped(name) +
            "\"><table><thead><tr><th scope=\"col\">Method</th><th scope=\"col\">Path</th><th scope=\"col\">What it "
            "does</th><th scope=\"col\">Who</th><th scope=\"col\">Answers</th></tr></thead><tbody>\n" +
            rows + "</tbody></table></div></section>\n";
  }
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\"><title>" +
         core::xml_escaped(text_of(info, "title")) + " · TicketWar</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head>"
         "<body><main id=\"main\"><section class=\"panel\"><h1>" +
         core::xml_escaped(text_of(info, "title")) + " " + core::xml_escaped(text_of(info, "version")) + "</h1><p>" +
         core::xml_escaped(text_of(info, "description")) +
         "</p><p>Machine-readable: <a href=\"/api/openapi.json\">/api/openapi.json</a> (OpenAPI 3.1).</p></section>\n" +
         body + "</main></body></html>\n";
}

// "GET /api/events/{}": a path parameter's name is the route's own business (the router captures
// any), and OpenAPI takes one name per path, so "/api/events/{slug}" and "/api/events/{id}" are
// one path there.
std::string shape_of(std::string_view method, std::string_view path) {
  std::string out = upper(std::string(method)) + " ";
  bool in_param = false;
  for (char c : path) {
    if (c == '{') in_param = true, out += "{}";
    else if (c == '}') in_param = false;
    else if (!in_param) out += c;
  }
  return out;
}

}  // namespace

void add_api_description_routes(http::Router& router, std::string_view openapi_json) {
  auto spec = std::make_shared<const std::string>(openapi_json);
  router.add("GET", "/api/openapi.json", [spec](http::Request&) -> Task<http::Response> {
    co_return http::Response::json(200, spec).with_header("Cache-Control", "no-cache");
  });
  std::shared_ptr<const std::string> page;
  try {
    page = std::make_shared<const std::string>(docs_page(json::parse(openapi_json).as_object()));
  } catch (const std::exception& e) {
    page = std::make_shared<const std::string>(std::string("<!doctype html><title>API</title><p>The API description "
                                                           "could not be read: ") + core::xml_escaped(e.what()));
  }
  router.add("GET", "/api/docs", [page](http::Request&) -> Task<http::Response> {
    http::Response r;
    r.status = 200;
    r.content_type = "text/html; charset=utf-8";
    r.shared_body = page;
    r.with_header("Cache-Control", "no-cache");
    // Its own policy: a stylesheet of this site, nothing else (no script at all).
    r.with_header("Content-Security-Policy", "default-src 'none'; style-src 'self'; frame-ancestors 'none'");
    co_return r;
  });
}

std::vector<std::string> description_mismatches(const std::vector<http::RouteName>& routes,
                                                std::string_view openapi_json) {
  std::map<std::string, std::string> described;  // shape -> as written
  try {
    const auto doc = json::parse(openapi_json);
    for (const auto& [path, ops] : doc.at("paths").as_object()) {
      for (const auto& [method, _] : ops.as_object()) {
        described[shape_of(method, path)] = upper(std::string(method)) + " " + std::string(path);
      }
    }
  } catch (const std::exception& e) {
    return {std::string("the API description cannot be read: ") + e.what()};
  }
  std::vector<std::string> out;
  std::set<std::string> routed;
  for (const auto& r : routes) {
    const auto shape = shape_of(r.method, r.pattern);
    routed.insert(shape);
    if (!described.contains(shape)) out.push_back(r.method + " " + r.pattern + " is routed but not described");
  }
  for (const auto& [shape, written] : described) {
    if (!routed.contains(shape)) out.push_back(written + " is described but not routed");
  }
  return out;
}

}  // namespace tw::api
