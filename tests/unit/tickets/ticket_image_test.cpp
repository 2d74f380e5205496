#include "tickets/ticket_image.h"

#include <cairo.h>
#include <gtest/gtest.h>

#include <memory>

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

// The PNG is written by our own libpng encoder (cairo's took 28 ms a ticket): what a reader
// decodes is what was drawn, channels in order: the header band in the event's colour
// (#A855F7), the body white.
TEST(TicketImage, DecodesToTheColoursDrawn) {
  auto png = render_ticket_png(art());
  ASSERT_TRUE(png);
  struct Reader {
    const std::string& bytes;
    std::size_t at = 0;
  } reader{*png};
  auto read = [](void* closure, unsigned char* data, unsigned int length) {
    auto& r = *static_cast<Reader*>(closure);
    if (r.bytes.size() - r.at < length) return CAIRO_STATUS_READ_ERROR;
    std::copy_n(r.bytes.data() + r.at, length, data);
    r.at += length;
    return CAIRO_STATUS_SUCCESS;
  };
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> decoded(
      cairo_image_surface_create_from_png_stream(read, &reader), &cairo_surface_destroy);
  ASSERT_EQ(cairo_surface_status(decoded.get()), CAIRO_STATUS_SUCCESS);
  ASSERT_EQ(cairo_image_surface_get_width(decoded.get()), kTicketImageWidth);
  const auto pixel = [&](int x, int y) {
    const auto* row = cairo_image_surface_get_data(decoded.get()) + y * cairo_image_surface_get_stride(decoded.get());
    return reinterpret_cast<const std::uint32_t*>(row)[x] & 0xFFFFFF;
  };
  EXPECT_EQ(pixel(5, 5), 0xA855F7u) << "the header band";
  EXPECT_EQ(pixel(kTicketImageWidth - 5, kTicketImageHeight - 5), 0xFFFFFFu) << "the body";
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
