#include "tickets/ticket_pdf.h"

#include <gtest/gtest.h>

namespace tw::tickets {
namespace {

TicketArt pdf_art(std::string seat) {
  return TicketArt{"The Eras Tour", "Taylor Swift", "MetLife Stadium", "Sun 18 Apr 2027, 19:00", "VIP Floor",
                   "A", std::move(seat), "vip", "$660.00", "Fan", "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
                   "TW1.AAAA", "#A855F7", ""};
}

// cairo writes each page object's dictionary in the clear: count them.
int page_objects(const std::string& pdf) {
  int pages = 0;
  for (std::size_t at = pdf.find("/Type /Page"); at != std::string::npos; at = pdf.find("/Type /Page", at + 1)) {
    if (pdf.compare(at, 12, "/Type /Pages") != 0) ++pages;
  }
  return pages;
}

TEST(TicketPdf, IsADocumentWithAPagePerTicket) {
  auto pdf = render_tickets_pdf({pdf_art("1"), pdf_art("2"), pdf_art("3")}, "Tickets: The Eras Tour");
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf->rfind("%%EOF"), std::string::npos);
  EXPECT_EQ(page_objects(*pdf), 3);
}

TEST(TicketPdf, NoTicketsIsAnErrorNotAnEmptyDocument) {
  auto pdf = render_tickets_pdf({}, "nothing");
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().kind, core::ErrorKind::kInvalid);
}

TEST(TicketPdf, AStampedTicketNeedsNoCode) {
  auto a = pdf_art("1");
  a.stamp = "CANCELLED";
  a.code.clear();
  EXPECT_TRUE(render_tickets_pdf({a}, "t"));
}

}  // namespace
}  // namespace tw::tickets
