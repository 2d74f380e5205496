#pragma once
// The request a handler sees: already read, bounded and decoded. Free of Beast so handler files
// stay cheap to compile.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tw::metrics {
class Histogram;
class StatusCounts;
}  // namespace tw::metrics

namespace tw::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // upper case, e.g. "GET"; HEAD is routed as GET
  std::string target;  // as received, e.g. "/api/events?q=tay"
  std::string path;    // percent-decoded path without the query
  Fields query;        // decoded query parameters, in order
  Fields headers;      // names in lower case
  std::string body;
  std::string remote_address;
  std::string request_id;
  Fields params;  // path parameters captured by the router, e.g. {"slug", "coldplay"}
  bool keep_alive = true;
  // Where this request's answer is counted, by route template: set by the router.
  metrics::StatusCounts* answers = nullptr;
  metrics::Histogram* latency = nullptr;

  // First header with this name (case-insensitive), if any.
  std::optional<std::string_view> header(std::string_view name) const;
  // First query parameter with this name, if any.
  std::optional<std::string_view> query_param(std::string_view name) const;
  // A path parameter the route declared; empty when absent.
  std::string_view param(std::string_view name) const;
};

}  // namespace tw::http
