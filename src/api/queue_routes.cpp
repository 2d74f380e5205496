// The waiting room (services/waiting_room.h, docs/waiting-room.md): a fan joins, sees their place
// (as JSON, or live as server-sent events) and, once let in, the pass that holds and checkouts of
// the sale need; anyone reads the room's draw to check it; admins configure, pause, resume and
// close a room and watch it from the control room.
#include <boost/json.hpp>

#include "api/context.h"
#include "api/error_response.h"
#include "api/event_body.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "api/request_auth.h"
#include "api/routes.h"
#include "async/sleep.h"
#include "core/iso_time.h"
#include "http/body_stream.h"
#include "services/accounts.h"
#include "services/catalog.h"
#include "services/waiting_room.h"

namespace tw::api {
namespace json = boost::json;
namespace {

json::value time_or_null(std::int64_t ms) { return ms ? json::value(core::format_utc_ms(ms)) : json::value(nullptr); }

// Where the caller stands, in one word.
const char* fan_state(const services::QueueView& v) {
  if (!v.settings.enabled && !v.place) return "no_waiting_room";
  if (!v.place) return "not_queued";
  const auto& p = *v.place;
  switch (p.state) {
    case core::QueueEntryState::kWaiting:
      if (v.sold_out) return "sold_out";
      if (p.turn == 0) return "pre_queue";
      return v.paused ? "paused" : "waiting";
    case core::QueueEntryState::kAdmitted: return v.pass.empty() ? "done" : "admitted";
    case core::QueueEntryState::kDone: return "done";
  }
  return "done";
}

json::object view_json(const services::QueueView& v) {
  json::object o{{"eventId", v.event_id},
                 {"event", v.slug},
                 {"eventName", v.event_name},
                 {"enabled", v.settings.enabled},
                 {"admitPerMinute", v.settings.admit_per_minute},
                 {"maxActive", v.settings.max_active},
                 {"passMinutes", v.settings.pass_minutes},
                 {"proofOfWork", v.settings.proof_of_work},
                 {"opensAt", v.opens_at ? json::value(core::format_iso8601(*v.opens_at)) : json::value(nullptr)},
                 {"open", v.open},
                 {"drawn", v.drawn},
                 {"paused", v.paused},
                 {"closing", v.closing},
                 {"soldOut", v.sold_out},
                 {"commitment", v.commitment},
                 {"waiting", v.waiting},
                 {"active", v.active},
                 {"admittedPerMinute", v.admitted_per_minute},
                 {"state", fan_state(v)}};
  if (v.place) {
    const auto& p = *v.place;
    o["queueId"] = p.id;
    o["joinedAt"] = core::format_utc_ms(p.joined_at_ms);
    o["position"] = p.turn ? json::value(p.turn) : json::value(nullptr);
    o["ahead"] = p.state == core::QueueEntryState::kWaiting && p.turn ? json::value(v.ahead) : json::value(nullptr);
    o["waitSeconds"] = v.wait_seconds >= 0 ? json::value(v.wait_seconds) : json::value(nullptr);
    o["admittedAt"] = time_or_null(p.admitted_at_ms);
    o["passExpiresAt"] = time_or_null(p.pass_expires_ms);
  }
  o["pass"] = v.pass.empty() ? json::value(nullptr) : json::value(v.pass);
  if (!v.puzzle.empty()) o["puzzle"] = {{"challenge", v.puzzle}, {"difficulty", v.settings.proof_of_work}};
  return o;
}

// The caller, if signed in: the queue's read side is public, a fan's place is their own.
Task<std::optional<services::Principal>> caller_of(const QueueServices& ctx, const http::Request& req) {
  auto caller = co_await authenticate(req, ctx.accounts);
  if (!caller) co_return std::nullopt;
  co_return caller->principal;
}

// The fan's view as server-sent events: a "place" message whenever it changes (checked every
// second; the stream also keeps a fan let in counted as present).
class PlaceStream final : public http::BodyStream {
 public:
  PlaceStream(const QueueServices& ctx, std::string slug, services::Principal who)
      : ctx_(ctx), slug_(std::move(slug)), who_(std::move(who)) {}

  Task<std::optional<std::string>> next(const std::atomic<bool>& stop) override {
    int quiet = 0;
    while (!stop.load()) {
      if (!first_) co_await sleep_for(std::chrono::seconds(1));
      first_ = false;
      auto view = co_await ctx_.waiting_room.view(who_.user_id, slug_, who_.token_hash);
      if (!view) co_return std::nullopt;
      auto text = json::serialize(view_json(*view));
      if (text != last_) {
        last_ = text;
        co_return "event: place\ndata: " + text + "\n\n";
      }
      if (++quiet >= 15) co_return std::string(": keep-alive\n\n");
    }
    co_return std::nullopt;
  }

 private:
  QueueServices ctx_;
  std::string slug_;
  services::Principal who_;
  std::string last_;
  bool first_ = true;
};

Task<http::Response> view(const QueueServices& ctx, http::Request& req) {
  const auto who = co_await caller_of(ctx, req);
  // Named locals, not conditional temporaries inside co_await (g++ 12 mis-copies those).
  const std::int64_t user = who ? who->user_id : 0;
  std::string session = who ? who->token_hash : std::string();
  std::string slug(req.param("slug"));
  auto v = co_await ctx.waiting_room.view(user, std::move(slug), std::move(session));
  if (!v) co_return error_response(v.error());
  co_return http::Response::json(200, json::serialize(view_json(*v))).with_header("Cache-Control", "no-store");
}

// The body is empty, or carries the answer to the room's puzzle: {"challenge", "nonce"}.
core::Result<services::JoinProof> join_proof(const http::Request& req) {
  if (req.body.empty()) return services::JoinProof{};
  auto body = json_object_body(req);
  if (!body) return body.error();
  auto challenge = string_field(*body, "challenge");
  auto nonce = string_field(*body, "nonce");
  if (!challenge) return challenge.error();
  if (!nonce) return nonce.error();
  return services::JoinProof{challenge->value_or(""), nonce->value_or("")};
}

Task<http::Response> join(const QueueServices& ctx, http::Request& req, const services::Principal& p) {
  auto proof = join_proof(req);
  if (!proof) co_return error_response(proof.error());
  auto v = co_await ctx.waiting_room.join(p.user_id, std::string(req.param("slug")), p.token_hash,
                                          req.remote_address, std::move(*proof));
  if (!v) co_return error_response(v.error());
  co_return http::Response::json(200, json::serialize(view_json(*v))).with_header("Cache-Control", "no-store");
}

Task<http::Response> draw(const QueueServices& ctx, http::Request& req) {
  auto d = co_await ctx.waiting_room.published_draw(std::string(req.param("slug")));
  if (!d) co_return error_response(d.error());
  json::array entries;
  for (const auto& id : d->order) entries.emplace_back(id);
  json::object o{{"commitment", d->commitment},
                 {"seed", d->seed.empty() ? json::value(nullptr) : json::value(d->seed)},
                 {"drawnAt", time_or_null(d->drawn_at_ms)},
                 {"algorithm", "sha256-fisher-yates-v1"},
                 {"entries", std::move(entries)}};
  co_return http::Response::json(200, json::serialize(o)).with_header("Cache-Control", "no-cache");
}

Task<http::Response> control(const QueueServices& ctx, std::int64_t id) {
  auto c = co_await ctx.waiting_room.control(id);
  if (!c) co_return error_response(c.error());
  auto o = view_json(c->room);
  o["admittedTotal"] = c->admitted_total;
  o["done"] = c->done;
  o["seats"] = {{"available", c->seats.available}, {"held", c->seats.held}, {"sold", c->seats.sold}};
  o["soldPerMinute"] = c->sold_per_minute;
  o["sellOutSeconds"] = c->sell_out_seconds >= 0 ? json::value(c->sell_out_seconds) : json::value(nullptr);
  co_return http::Response::json(200, json::serialize(o)).with_header("Cache-Control", "no-store");
}

Task<http::Response> places(const QueueServices& ctx, const services::Principal& p) {
  json::array out;
  const auto places = co_await ctx.waiting_room.places_of(p.user_id);
  for (const auto& v : places) out.emplace_back(view_json(v));
  json::object o{{"places", std::move(out)}};
  co_return http::Response::json(200, json::serialize(o)).with_header("Cache-Control", "no-store");
}

}  // namespace

void add_queue_routes(http::Router& router, QueueServices ctx) {
  router.add("GET", "/api/events/{slug}/queue", [ctx](http::Request& req) { return view(ctx, req); });
  router.add("POST", "/api/events/{slug}/queue",
             for_callers(ctx.accounts, kAnyRole,
                         [ctx](http::Request& req, const services::Principal& p) { return join(ctx, req, p); }));
  router.add("GET", "/api/queues",
             for_callers(ctx.accounts, kAnyRole,
                         [ctx](http::Request&, const services::Principal& p) { return places(ctx, p); }));
  router.add("GET", "/api/events/{slug}/queue/draw", [ctx](http::Request& req) { return draw(ctx, req); });
  router.add("GET", "/api/events/{slug}/queue/live",
             for_callers(ctx.accounts, kAnyRole,
                         [ctx](http::Request& req, const services::Principal& p) -> Task<http::Response> {
                           std::string slug(req.param("slug"));
                           auto first = co_await ctx.waiting_room.view(p.user_id, slug, p.token_hash);
                           if (!first) co_return error_response(first.error());
                           http::Response res;
                           res.content_type = "text/event-stream";
                           res.stream = std::make_shared<PlaceStream>(ctx, std::move(slug), p);
                           co_return res.with_header("Cache-Control", "no-cache").with_header("X-Accel-Buffering", "no");
                         }));
  router.add("GET", "/api/admin/events/{id}/queue",
             for_callers(ctx.accounts, kAdminOnly, [ctx](http::Request& req, const services::Principal&) {
               const auto id = path_id(req, "id");
               return control(ctx, id.value_or(0));
             }));
  router.add("PUT", "/api/admin/events/{id}/queue",
             for_callers(ctx.accounts, kAdminOnly,
                         [ctx](http::Request& req, const services::Principal&) -> Task<http::Response> {
                           const auto id = path_id(req, "id");
                           if (!id) co_return no_such_event();
                           auto body = json_object_body(req);
                           if (!body) co_return error_response(body.error());
                           const json::value given(std::move(*body));
                           const auto current = ctx.waiting_room.settings_of(*id).value_or(core::WaitingRoomSettings{});
                           auto settings = read_waiting_room(given, current);
                           if (!settings) co_return error_response(settings.error());
                           auto configured = co_await ctx.waiting_room.configure(*id, *settings);
                           if (!configured) co_return error_response(configured.error());
                           co_return co_await control(ctx, *id);
                         }));
  for (const char* action : {"pause", "resume", "close"}) {
    router.add("POST", std::string("/api/admin/events/{id}/queue/") + action,
               for_callers(ctx.accounts, kAdminOnly,
                           [ctx, action = std::string(action)](http::Request& req,
                                                                const services::Principal&) -> Task<http::Response> {
                             const auto id = path_id(req, "id");
                             if (!id) co_return no_such_event();
                             core::Status st = core::Ok{};
                             if (action == "close") {
                               st = co_await ctx.waiting_room.close(*id);
                             } else {
                               st = co_await ctx.waiting_room.set_paused(*id, action == "pause");
                             }
                             if (!st) co_return error_response(st.error());
                             co_return co_await control(ctx, *id);
                           }));
  }
}

}  // namespace tw::api
