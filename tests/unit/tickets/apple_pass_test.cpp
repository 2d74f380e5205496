#include "tickets/apple_pass.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tw::tickets {
namespace {

PassFacts facts() {
  PassFacts f;
  f.serial = "t-1.1000";
  f.web_service_url = "https://tickets.example/api/wallet";
  f.auth_token = "0123456789abcdef0123";
  f.event_name = "The Eras Tour";
  f.artist = "Taylor Swift";
  f.venue = "MetLife Stadium";
  f.when = "Sun 18 Apr 2027, 19:00";
  f.starts_at = *core::parse_iso8601("2027-04-18T19:00:00-04:00");
  f.section = "VIP Floor";
  f.row = "A";
  f.seat = "12";
  f.holder = "Fan";
  f.code = "TW1.AAAA";
  f.color = "#A855F7";
  return f;
}

TEST(ApplePass, PassJsonCarriesTheTicketAndItsCode) {
  const auto pass = boost::json::parse(pass_json(facts(), "pass.example", "TEAM")).as_object();
  EXPECT_EQ(pass.at("passTypeIdentifier"), "pass.example");
  EXPECT_EQ(pass.at("teamIdentifier"), "TEAM");
  EXPECT_EQ(pass.at("serialNumber"), "t-1.1000");
  EXPECT_EQ(pass.at("relevantDate"), "2027-04-18T19:00:00-04:00");
  EXPECT_EQ(pass.at("backgroundColor"), "rgb(168,85,247)");
  EXPECT_EQ(pass.at("barcodes").at(0).at("message"), "TW1.AAAA");
  EXPECT_EQ(pass.at("webServiceURL"), "https://tickets.example/api/wallet");
  EXPECT_EQ(pass.at("voided"), false);
}

TEST(ApplePass, AVoidPassHasNoCodeAndAPassWithoutAServiceNoToken) {
  auto f = facts();
  f.voided = true;
  f.web_service_url.clear();
  const auto pass = boost::json::parse(pass_json(f, "pass.example", "TEAM")).as_object();
  EXPECT_EQ(pass.at("voided"), true);
  EXPECT_FALSE(pass.contains("barcodes"));
  EXPECT_FALSE(pass.contains("webServiceURL"));
  EXPECT_FALSE(pass.contains("authenticationToken"));
}

}  // namespace
}  // namespace tw::tickets
