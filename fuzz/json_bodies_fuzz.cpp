// Every JSON request body: the same bytes are read as each kind of body a client can send
// (api/request_bodies.h, api/event_body.h). Any input must give a value or a 4xx error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/event_body.h"
#include "api/json_body.h"
#include "api/request_bodies.h"

namespace {
template <class R>
void judge(const R& r) {
  if (!r.ok() && r.error().kind == tw::core::ErrorKind::kInternal) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tw::http::Request req;
  req.method = "POST";
  req.headers = {{"content-type", "application/json"}};
  req.body.assign(reinterpret_cast<const char*>(data), size);
  auto body = tw::api::json_object_body(req);
  judge(body);
  if (!body) return 0;
  judge(tw::api::read_credentials(*body, true));
  judge(tw::api::read_credentials(*body, false));
  judge(tw::api::read_seat_list(*body));
  judge(tw::api::read_card(*body));
  judge(tw::api::read_best_seats(*body));
  judge(tw::api::read_scans(*body));
  judge(tw::api::read_event_draft(*body, tw::core::EventDraft{}, true));
  judge(tw::api::read_event_draft(*body, tw::core::EventDraft{}, false));
  for (const char* currency : {"USD", "KRW", "BHD"}) {
    auto layout = tw::api::read_layout_field(*body, currency);
    judge(layout);
  }
  for (const char* key : {"holdId", "email", "code", "gate", "role"}) judge(tw::api::string_field(*body, key));
  judge(tw::api::int_field(*body, "eventId"));
  judge(tw::api::bool_field(*body, "disabled"));
  return 0;
}
