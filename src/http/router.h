#pragma once
// Maps method + path to a handler. Patterns are literal segments and {name} captures:
// "/api/events/{slug}/seatmap". A path that matches some route but not the method gets 405
// with Allow; no match at all goes to the fallback, or gets 404. Thread-safe for dispatch once routes are added.
#include <functional>
#include <string>
#include <vector>

#include "async/task.h"
#include "http/request.h"
#include "http/response.h"

namespace tw::http {

using Handler = std::function<Task<Response>(Request&)>;

// A route as registered: "GET", "/api/events/{slug}".
struct RouteName {
  std::string method;
  std::string pattern;
};

class Router {
 public:
  // Registers a route; HEAD requests are served by the GET route.
  void add(std::string method, std::string_view pattern, Handler handler);
  Task<Response> dispatch(Request& request) const;
  // Answers paths no route matches (for example the web app's files); the default is 404.
  void set_fallback(Handler handler);
  // Every route, in the order added (for the API description's check, api/api_description.h).
  std::vector<RouteName> routes() const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" marks a capture
    Handler handler;
    std::string pattern;
    metrics::StatusCounts* answers;  // its requests, by route template (metrics/registry.h)
    metrics::Histogram* latency;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& parts, Fields& params);
  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace tw::http
