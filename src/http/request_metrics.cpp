#include "http/request_metrics.h"

#include <string>

namespace tw::http {

RouteMetrics route_metrics(std::string_view method, std::string_view pattern) {
  metrics::Labels labels{{"method", std::string(method)}, {"route", std::string(pattern)}};
  auto& r = metrics::registry();
  return {&r.status_counts("http_requests_total", "Requests answered, by method, route template and status.", labels),
          &r.histogram("http_request_duration_seconds",
                       "Time from a request's arrival to its answer's head being written, by route template, in "
                       "seconds.",
                       labels)};
}

metrics::Gauge& open_connections_gauge() {
  static auto& g = metrics::registry().gauge("http_open_connections", "Client connections open now.");
  return g;
}

metrics::Gauge& open_streams_gauge() {
  static auto& g =
      metrics::registry().gauge("http_open_streams", "Live-update streams (server-sent events) open now.");
  return g;
}

}  // namespace tw::http
