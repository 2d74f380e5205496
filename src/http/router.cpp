#include "http/router.h"

#include "http/request_metrics.h"

namespace tw::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

void Router::add(std::string method, std::string_view pattern, Handler handler) {
  const auto counted = route_metrics(method, pattern);
  Route r{std::move(method), {}, std::move(handler), std::string(pattern), counted.answers, counted.latency};
  for (auto part : split_path(pattern)) r.segments.emplace_back(part);
  routes_.push_back(std::move(r));
}

void Router::set_fallback(Handler handler) { fallback_ = std::move(handler); }

std::vector<RouteName> Router::routes() const {
  std::vector<RouteName> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern});
  return out;
}

bool Router::match(const Route& route, const std::vector<std::string_view>& parts, Fields& params) {
  if (route.segments.size() != parts.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = route.segments[i];
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      if (parts[i].empty()) return false;
      params.emplace_back(seg.substr(1, seg.size() - 2), parts[i]);
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

Task<Response> Router::dispatch(Request& req) const {
  const auto parts = split_path(req.path);
  std::string_view method = req.method;
  if (method == "HEAD") method = "GET";
  std::string allow;
  Fields params;
  for (const auto& route : routes_) {
    if (!match(route, parts, params)) continue;
    if (route.method == method) {
      req.params = std::move(params);
      req.answers = route.answers;
      req.latency = route.latency;
      co_return co_await route.handler(req);
    }
    if (allow.find(route.method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + route.method;
  }
  if (allow.empty() && fallback_) {
    static const auto files = route_metrics("GET", "(web app)");
    req.answers = files.answers;
    req.latency = files.latency;
    co_return co_await fallback_(req);
  }
  if (allow.empty()) co_return Response::error(404, "not_found", "No such endpoint: " + req.path);
  if (allow.find("GET") != std::string::npos) allow += ", HEAD";
  co_return Response::error(405, "method_not_allowed", req.method + " is not allowed here; use " + allow)
      .with_header("Allow", allow);
}

}  // namespace tw::http
