#pragma once
// What the server counts of every request, in the process's metrics registry: answers by route
// template and status (http_requests_total), the time to the answer's head by route template
// (http_request_duration_seconds), and the connections and streams open now.
#include <string_view>

#include "metrics/registry.h"

namespace tw::http {

struct RouteMetrics {
  metrics::StatusCounts* answers;
  metrics::Histogram* latency;
};

// The metrics of one route template ("/api/events/{slug}"). Requests that reach no route
// (refused before routing, or matching none) are counted under "(none)".
RouteMetrics route_metrics(std::string_view method, std::string_view pattern);

metrics::Gauge& open_connections_gauge();
metrics::Gauge& open_streams_gauge();

}  // namespace tw::http
