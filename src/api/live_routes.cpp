// GET /api/events/{slug}/live: seat changes as server-sent events. Server-sent events rather
// than WebSocket: updates flow one way, EventSource reconnects by itself, and it passes nginx
// as a plain HTTP response. Messages (docs/api.md, "Live seat updates"):
//   event: snapshot  data: the /seats answer     (first, when `since` is missing or unknown)
//   event: delta     data: {"version","changes":[[seatIndex,state],...]}
// and a comment line every 15 s of quiet so proxies keep the connection open.
#include <boost/json.hpp>
#include <charconv>

#include "api/booking_json.h"
#include "api/context.h"
#include "api/error_response.h"
#include "api/routes.h"
#include "async/sleep.h"
#include "http/body_stream.h"
#include "services/seat_feed.h"

namespace tw::api {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr auto kPoll = 100ms;
constexpr auto kKeepAlive = 15s;

std::string event_message(std::string_view type, std::uint64_t version, std::string_view data) {
  std::string out = "id: " + std::to_string(version) + "\nevent: ";
  out.append(type).append("\ndata: ").append(data).append("\n\n");
  return out;
}

std::string delta_json(std::uint64_t version, const std::vector<services::SeatChange>& changes) {
  std::string out = "{\"version\":" + std::to_string(version) + ",\"changes\":[";
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (i) out += ',';
    out += '[' + std::to_string(changes[i].seat) + ',' + std::to_string(static_cast<int>(changes[i].state)) +
           ']';
  }
  return out + "]}";
}

// The message bringing a client up to date, or nothing when it already is.
std::string catchup_message(const services::SeatCatchup& c) {
  if (c.resync) {
    return event_message("snapshot", c.version, seats_json(c.event_id, c.version, *c.seats));
  }
  if (c.changes.empty()) return {};
  return event_message("delta", c.version, delta_json(c.version, c.changes));
}

class SeatStream final : public http::BodyStream {
 public:
  SeatStream(services::SeatFeed& feed, std::string slug, const services::SeatCatchup& first)
      : feed_(feed),
        slug_(std::move(slug)),
        version_(first.version),
        pending_("retry: 2000\n\n" + catchup_message(first)) {}

  Task<std::optional<std::string>> next(const std::atomic<bool>& stop) override {
    if (!pending_.empty()) co_return std::exchange(pending_, {});
    auto quiet = 0ms;
    while (!stop.load()) {
      co_await sleep_for(kPoll);
      auto c = co_await feed_.since(slug_, version_);
      if (!c) co_return std::nullopt;  // the event is gone
      version_ = c->version;
      if (auto message = catchup_message(*c); !message.empty()) co_return message;
      quiet += kPoll;
      if (quiet >= kKeepAlive) co_return std::string(": keep-alive\n\n");
    }
    co_return std::nullopt;
  }

 private:
  services::SeatFeed& feed_;
  std::string slug_;
  std::uint64_t version_;
  std::string pending_;
};

// `since` from the query, else EventSource's Last-Event-ID; 0 (unknown) when neither is given.
std::optional<std::uint64_t> read_since(const http::Request& req) {
  auto text = req.query_param("since");
  if (!text) text = req.header("last-event-id");
  if (!text || text->empty()) return 0;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc{} || end != text->data() + text->size()) return std::nullopt;
  return v;
}

}  // namespace

void add_live_routes(http::Router& router, services::SeatFeed& feed) {
  router.add("GET", "/api/events/{slug}/live", [&feed](http::Request& req) -> Task<http::Response> {
    const auto since = read_since(req);
    if (!since) {
      co_return http::Response::error(400, "invalid_parameter", "since must be a version number from /seats");
    }
    std::string slug(req.param("slug"));
    auto first = co_await feed.since(slug, *since);
    if (!first) co_return error_response(first.error());
    http::Response res;
    res.content_type = "text/event-stream";
    res.stream = std::make_shared<SeatStream>(feed, std::move(slug), *first);
    co_return res.with_header("Cache-Control", "no-cache").with_header("X-Accel-Buffering", "no");
  });
}

}  // namespace tw::api
