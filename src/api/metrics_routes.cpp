// GET /metrics: the Prometheus text format, for operators' scrapers only (loopback, the
// configured address ranges, or the configured bearer token). The process's counters
// (metrics/registry.h: requests, holds, checkouts, payments, worker queues) and, read as it is
// scraped, what the services know now: seats per event, the event log's consumers, waiting rooms.
#include <sodium.h>

#include <string>

#include "api/error_response.h"
#include "api/routes.h"
#include "events/dispatcher.h"
#include "metrics/registry.h"
#include "services/catalog.h"
#include "services/seat_keeper.h"
#include "services/waiting_room.h"

namespace tw::api {
namespace {

using metrics::Sample;
using metrics::Type;

// The events with figures here: the first page of upcoming ones, which bounds the series count.
constexpr int kEventsShown = 100;

bool allowed(const MetricsServices& ctx, const http::Request& req) {
  if (!ctx.token.empty()) {
    const std::string expected = "Bearer " + ctx.token;
    const auto given = req.header("authorization").value_or("");
    if (given.size() == expected.size() && sodium_memcmp(given.data(), expected.data(), given.size()) == 0) {
      return true;
    }
  }
  for (const auto& range : ctx.allowed) {
    if (range.contains(req.remote_address)) return true;
  }
  return false;
}

Task<void> write_events(const MetricsServices& ctx, std::string& out) {
  core::EventQuery query;
  query.limit = kEventsShown;
  auto page = co_await ctx.catalog.list(std::move(query));
  if (!page) co_return;
  std::vector<Sample> seats, waiting, shopping, admitted;
  for (const auto& listing : (*page)->events) {
    const auto& e = listing.event;
    if (auto counts = co_await ctx.seats.counts(e.id)) {
      seats.push_back({{{"event", e.slug}, {"state", "available"}}, double(counts->available)});
      seats.push_back({{{"event", e.slug}, {"state", "held"}}, double(counts->held)});
      seats.push_back({{{"event", e.slug}, {"state", "sold"}}, double(counts->sold)});
    }
    if (!ctx.waiting_room.settings_of(e.id).value_or(core::WaitingRoomSettings{}).enabled) continue;
    auto room = co_await ctx.waiting_room.view(0, e.slug, "");
    if (!room) continue;
    waiting.push_back({{{"event", e.slug}}, double(room->waiting)});
    shopping.push_back({{{"event", e.slug}}, double(room->active)});
    admitted.push_back({{{"event", e.slug}}, room->admitted_per_minute});
  }
  metrics::write_family(out, "ticketwar_event_seats", "Seats of each upcoming event by state, now.", Type::kGauge, seats);
  metrics::write_family(out, "ticketwar_waiting_room_waiting", "Fans waiting in each waiting room, now.", Type::kGauge,
                        waiting);
  metrics::write_family(out, "ticketwar_waiting_room_shopping", "Fans let in and shopping, per waiting room, now.",
                        Type::kGauge, shopping);
  metrics::write_family(out, "ticketwar_waiting_room_admitted_per_minute",
                        "Fans let in over the last minute, per waiting room.", Type::kGauge, admitted);
}

Task<void> write_consumers(const MetricsServices& ctx, std::string& out) {
  auto all = co_await ctx.dispatcher.status();
  if (!all) co_return;
  if (ctx.relay) {
    if (auto relay = co_await ctx.relay->status()) all->insert(all->begin(), relay->begin(), relay->end());
  }
  std::vector<Sample> lag, failing, dead;
  for (const auto& c : *all) {
    lag.push_back({{{"consumer", c.name}}, double(c.position.lag())});
    failing.push_back({{{"consumer", c.name}}, double(c.failures)});
    dead.push_back({{{"consumer", c.name}}, double(c.dead_letters)});
  }
  metrics::write_family(out, "ticketwar_event_log_lag", "Events in the log a consumer has yet to handle.",
                        Type::kGauge, lag);
  metrics::write_family(out, "ticketwar_event_log_failing_rounds",
                        "Failed rounds in a row of a consumer; 0 when healthy.", Type::kGauge, failing);
  metrics::write_family(out, "ticketwar_event_log_dead_letters",
                        "Events a consumer set aside after repeated failures, still open.", Type::kGauge, dead);
}

Task<http::Response> scrape(const MetricsServices& ctx, const http::Request& req) {
  if (!allowed(ctx, req)) {
    co_return http::Response::error(403, "forbidden",
                                    "Metrics are served to the configured addresses or with the metrics token only");
  }
  std::string out = metrics::registry().text();
  co_await write_events(ctx, out);
  co_await write_consumers(ctx, out);
  metrics::write_process_metrics(out);
  http::Response res;
  res.status = 200;
  res.content_type = "text/plain; version=0.0.4; charset=utf-8";
  res.body = std::move(out);
  res.with_header("Cache-Control", "no-store");
  co_return res;
}

}  // namespace

void add_metrics_routes(http::Router& router, MetricsServices ctx) {
  router.add("GET", "/metrics", [ctx](http::Request& req) { return scrape(ctx, req); });
}

}  // namespace tw::api
