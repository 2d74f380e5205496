#include "core/access_code.h"

#include <gtest/gtest.h>

#include <set>

#include "core/event.h"

namespace tw::core {
namespace {

Layout hall() {
  Layout layout{"Hall", {}, {}};
  layout.sections.push_back(SectionSpec{"F", "Floor", "ga", 2, 3, 40'00, {}});
  layout.sections.push_back(SectionSpec{"B", "Balcony", "bal", 1, 2, 25'00, {0, 5, 0}});
  return layout;
}

TEST(AccessCode, ReadsCodesAsPeopleTypeThem) {
  EXPECT_EQ(normalize_code("abcde-fghjk"), "ABCDEFGHJK");
  EXPECT_EQ(normalize_code(" Fan Club 2027 "), "FANCLUB2027");
  EXPECT_FALSE(normalize_code("AB1"));                  // too short
  EXPECT_FALSE(normalize_code("VIP!"));                 // not a letter or digit
  EXPECT_FALSE(normalize_code(std::string(33, 'A')));   // too long
  EXPECT_FALSE(normalize_code("CAFÉ1"));                // letters of ASCII only
  EXPECT_EQ(printed_code("ABCDEFGHJK"), "ABCDE-FGHJK");
  EXPECT_EQ(printed_code("FANCLUB"), "FANCLUB");
}

TEST(AccessCode, GeneratedCodesAreDistinctAndWithoutLookAlikes) {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto c = generate_code();
    ASSERT_EQ(c.size(), static_cast<std::size_t>(kGeneratedCodeLength));
    EXPECT_EQ(c.find_first_of("01OIL"), std::string::npos) << c;
    EXPECT_EQ(normalize_code(c), c);
    seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(AccessCode, RulesNameOnlyWhatTheEventHas) {
  CodeRules r;
  EXPECT_TRUE(validate_code_rules(r, hall()).ok());
  r.tiers = {"ga"};
  r.sections = {"B"};
  EXPECT_TRUE(validate_code_rules(r, hall()).ok());
  EXPECT_EQ(unlocked_words(r), "tier ga and section B");
  for (auto bad : {CodeRules{.max_uses = 0}, CodeRules{.allotment = -1}, CodeRules{.tiers = {"vip"}},
                   CodeRules{.sections = {"Z"}}, CodeRules{.valid_from_ms = 2000, .valid_until_ms = 1000},
                   CodeRules{.label = std::string(61, 'x')}}) {
    auto st = validate_code_rules(bad, hall());
    EXPECT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, "invalid_codes");
  }
}

TEST(AccessCode, UnlocksItsTiersAndSectionsOrEverySeat) {
  const auto layout = hall();
  EXPECT_TRUE(unlocks({}, layout.sections[0]));
  EXPECT_EQ(unlocked_words({}), "every seat");
  CodeRules floor{.tiers = {"ga"}};
  EXPECT_TRUE(unlocks(floor, layout.sections[0]));
  EXPECT_FALSE(unlocks(floor, layout.sections[1]));
  CodeRules balcony{.sections = {"B"}};
  EXPECT_FALSE(unlocks(balcony, layout.sections[0]));
  EXPECT_TRUE(unlocks(balcony, layout.sections[1]));
}

TEST(AccessCode, AUseIsAllowedWithinItsLimitsOnly) {
  const CodeRules r{.max_uses = 2, .valid_from_ms = 1000, .valid_until_ms = 5000, .allotment = 4};
  const AccessCode code{.id = "c"};
  EXPECT_TRUE(code_use_allowed(r, code, {1, 2}, 2, 2000).ok());
  EXPECT_EQ(code_use_allowed(r, code, {2, 0}, 1, 2000).error().code, "code_used_up");
  EXPECT_EQ(code_use_allowed(r, code, {0, 3}, 2, 2000).error().code, "code_allotment_reached");
  EXPECT_EQ(code_use_allowed(r, code, {0, 0}, 1, 999).error().code, "code_not_valid_now");
  EXPECT_EQ(code_use_allowed(r, code, {0, 0}, 1, 5000).error().code, "code_not_valid_now");
  EXPECT_EQ(code_use_allowed(r, AccessCode{.revoked_at_ms = 1}, {0, 0}, 1, 2000).error().code, "code_revoked");
  EXPECT_TRUE(code_use_allowed(CodeRules{}, code, {0, 500}, 8, 0).ok()) << "no allotment: no cap";
}

TEST(SalePhase, APresaleComesBeforeThePublicSale) {
  EventDraft e;
  EXPECT_EQ(sale_phase(e, 100), SalePhase::kPublic);
  e.on_sale_at = ZonedTime{200, 0};
  EXPECT_EQ(sale_phase(e, 100), SalePhase::kNotYet);
  e.presale_at = ZonedTime{150, 0};
  EXPECT_EQ(sale_phase(e, 100), SalePhase::kNotYet);
  EXPECT_EQ(sale_phase(e, 150), SalePhase::kPresale);
  EXPECT_EQ(sale_phase(e, 200), SalePhase::kPublic);
}

}  // namespace
}  // namespace tw::core
