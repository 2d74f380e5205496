#include "core/event.h"

#include <gtest/gtest.h>

namespace tw::core {
namespace {
EventDraft valid_draft() {
  EventDraft d;
  d.slug = "coldplay";
  d.name = "Coldplay";
  d.artist = "Coldplay";
  d.venue = "Wembley";
  d.starts_at = parse_iso8601("2027-01-01T20:00:00Z").value();
  d.color = "#112233";
  return d;
}
}  // namespace

TEST(EventDraft, AValidDraftPasses) { EXPECT_TRUE(validate_event_draft(valid_draft()).ok()); }

TEST(EventDraft, EachRuleIsEnforced) {
  std::vector<std::function<void(EventDraft&)>> breakers = {
      [](EventDraft& d) { d.slug = "Bad Slug"; },        [](EventDraft& d) { d.name.clear(); },
      [](EventDraft& d) { d.artist = std::string(201, 'a'); }, [](EventDraft& d) { d.venue.clear(); },
      [](EventDraft& d) { d.color = "red"; },            [](EventDraft& d) { d.color = "#12345G"; },
      [](EventDraft& d) { d.image = "javascript:alert(1)"; }, [](EventDraft& d) { d.ticket_limit = 0; },
      [](EventDraft& d) { d.ticket_limit = 51; },        [](EventDraft& d) { d.hold_seconds = 0; },
      [](EventDraft& d) { d.description = std::string(5001, 'x'); },
      [](EventDraft& d) { d.presale_at = ZonedTime{100, 0}; },  // a presale needs a public on-sale
      [](EventDraft& d) { d.presale_at = ZonedTime{200, 0}, d.on_sale_at = ZonedTime{200, 0}; },
  };
  for (std::size_t i = 0; i < breakers.size(); ++i) {
    auto d = valid_draft();
    breakers[i](d);
    auto st = validate_event_draft(d);
    ASSERT_FALSE(st.ok()) << "rule " << i;
    EXPECT_EQ(st.error().code, "invalid_event");
  }
}

TEST(EventDraft, APresaleBeforeThePublicSalePasses) {
  auto d = valid_draft();
  d.presale_at = ZonedTime{100, 0};
  d.on_sale_at = ZonedTime{200, 0};
  EXPECT_TRUE(validate_event_draft(d).ok());
}

}  // namespace tw::core
