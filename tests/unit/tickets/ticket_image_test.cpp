#include "tickets/ticket_image.h"

#include <gtest/gtest.h>

namespace tw::tickets {
namespace {

std::uint32_t big_endian(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

TicketArt art() {
  return TicketArt{"The Eras Tour", "Taylor Swift", "MetLife Stadium", "Sun 18 Apr 2027, 19:00", "VIP Floor",
                   "A", "12", "vip", "$660.00", "Fan", "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
                   "TW1.AAAA", "#A855F7", ""};
}

TEST(TicketImage, IsAPngOfTheFixedSize) {
  auto png = render_ticket_png(art());
  ASSERT_TRUE(png);
  EXPECT_EQ(png->substr(1, 3), "PNG");
  EXPECT_EQ(big_endian(*png, 16), static_cast<std::uint32_t>(kTicketImageWidth));
  EXPECT_EQ(big_endian(*png, 20), static_cast<std::uint32_t>(kTicketImageHeight));
}

// Names wider than their box are cut with an ellipsis; this once looped forever on a holder
// name as short as "Grace Hopper".
TEST(TicketImage, LongAndNonAsciiTextIsCutNotLoopedOn) {
  auto a = art();
  a.holder = "Grace Hopper";
  a.section = "Ünterrang Süd-Ost Block Ω";
  a.event_name = std::string(300, 'W');
  a.venue = "Estádio do Maracanã, Rio de Janeiro, Brasil — Setor Norte, Portão 18, Acesso Leste";
  EXPECT_TRUE(render_ticket_png(a));
}

TEST(TicketImage, UnusableTicketsAreStampedWithoutAQrCode) {
  auto a = art();
  a.stamp = "USED";
  a.code.clear();
  EXPECT_TRUE(render_ticket_png(a)) << "no code is needed once stamped";
}

}  // namespace
}  // namespace tw::tickets
