// A ticket outside the site (issue 34, item 7): the printable PDF, one page per ticket, whose QR
// codes scan (pdftoppm renders the pages, zbarimg reads them); an order's PDF with every ticket
// its buyer still holds; the calendar entry, read back with python3-icalendar.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "support/api_client.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace tw::testing {
namespace json = boost::json;

namespace {

// A scratch directory removed with the object.
struct DocumentsDir {
  std::filesystem::path path;
  DocumentsDir() : path(std::filesystem::temp_directory_path() / ("tw-documents-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~DocumentsDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& bytes) const {
    const auto file = (path / name).string();
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }
};

// The QR codes zbarimg reads on the PDF's pages, as a set.
std::multiset<std::string> codes_on_pages(const DocumentsDir& dir, const std::string& pdf_file) {
  run_command("rm -f '" + dir.path.string() + "'/page-*.png; pdftoppm -r 150 -png '" + pdf_file + "' '" +
              dir.path.string() + "/page'");
  std::multiset<std::string> codes;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
    if (entry.path().filename().string().rfind("page-", 0) != 0) continue;
    std::istringstream lines(run_command("zbarimg --quiet --raw '" + entry.path().string() + "' 2>/dev/null"));
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) codes.insert(line);
    }
  }
  return codes;
}

int pages_of(const std::string& pdf_file) {
  const auto info = run_command("pdfinfo '" + pdf_file + "' | awk '/^Pages:/ {print $2}'");
  return std::atoi(info.c_str());
}

}  // namespace

class TicketDocuments : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--dev", "--public-url", "https://tickets.example"});
  }
  static void TearDownTestSuite() { server_.reset(); }
  static std::uint16_t port() { return server_->port(); }
  static std::string code_of(const TestUser& u, const std::string& ticket) {
    auto r = http_get(port(), "/api/tickets/" + ticket, bearer(u));
    EXPECT_EQ(r.status, 200) << r.body;
    return std::string(r.json().at("code").as_string());
  }
  // Buys `seats` in one order; the order's id and its tickets' ids.
  static std::pair<std::string, std::vector<std::string>> buy(const TestUser& u, const std::string& slug,
                                                              const std::vector<std::string>& seats) {
    auto h = bearer(u);
    h["Content-Type"] = "application/json";
    auto hold = http_request(port(), "POST", "/api/events/" + slug + "/holds", seats_body(seats), h);
    EXPECT_EQ(hold.status, 201) << hold.body;
    h["Idempotency-Key"] = "docs-" + u.email;
    const auto hold_json = hold.json();
    auto order = http_request(port(), "POST", "/api/checkout",
                              checkout_body(std::string(hold_json.at("holdId").as_string()), "4242424242424242"), h);
    EXPECT_EQ(order.status, 201) << order.body;
    const auto order_json = order.json();
    std::vector<std::string> tickets;
    for (const auto& t : order_json.at("tickets").as_array()) tickets.emplace_back(t.at("id").as_string());
    return {std::string(order_json.at("orderId").as_string()), tickets};
  }
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(TicketDocuments, ATicketsPdfIsOnePageWhoseQrCodeScansAsTheTicketsCode) {
  DocumentsDir dir;
  auto fan = sign_up(port(), "pdf");
  const auto ticket = buy_ticket(port(), fan, "taylor-swift-eras", "VIP-C-4");
  auto pdf = http_get(port(), "/api/tickets/" + ticket + "/ticket.pdf", bearer(fan));
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.header("content-type"), "application/pdf");
  EXPECT_NE(pdf.header("content-disposition").find("ticket-" + ticket + ".pdf"), std::string::npos);
  ASSERT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  const auto file = dir.write("ticket.pdf", pdf.body);
  EXPECT_EQ(pages_of(file), 1);
  EXPECT_EQ(codes_on_pages(dir, file), std::multiset<std::string>{code_of(fan, ticket)});
}

TEST_F(TicketDocuments, AnOrdersPdfHasAPagePerTicketTheBuyerStillHolds) {
  DocumentsDir dir;
  auto fan = sign_up(port(), "orderpdf");
  auto friend_ = sign_up(port(), "orderfriend");
  const auto [order, tickets] = buy(fan, "the-weeknd-after-hours", {"VIP-A-1", "VIP-A-2", "VIP-A-3"});
  ASSERT_EQ(tickets.size(), 3u);
  auto h = bearer(fan);
  h["Content-Type"] = "application/json";
  auto gave = http_request(port(), "POST", "/api/tickets/" + tickets[2] + "/transfer",
                           json_body({{"email", friend_.email}}), h);
  ASSERT_EQ(gave.status, 200) << gave.body;

  auto pdf = http_get(port(), "/api/orders/" + order + "/tickets.pdf", bearer(fan));
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  const auto file = dir.write("order.pdf", pdf.body);
  EXPECT_EQ(pages_of(file), 2) << "the ticket given away is no longer the buyer's to print";
  EXPECT_EQ(codes_on_pages(dir, file),
            (std::multiset<std::string>{code_of(fan, tickets[0]), code_of(fan, tickets[1])}));

  auto friends = http_get(port(), "/api/orders/" + order + "/tickets.pdf", bearer(friend_));
  ASSERT_EQ(friends.status, 200) << "the ticket they were given is theirs to print, alone";
  const auto friends_file = dir.write("friends.pdf", friends.body);
  EXPECT_EQ(pages_of(friends_file), 1);
  EXPECT_EQ(codes_on_pages(dir, friends_file), std::multiset<std::string>{code_of(friend_, tickets[2])});
  auto stranger = sign_up(port(), "orderstranger");
  EXPECT_EQ(http_get(port(), "/api/orders/" + order + "/tickets.pdf", bearer(stranger)).status, 404);
  EXPECT_EQ(http_get(port(), "/api/orders/" + order + "/tickets.pdf").status, 401);
}

TEST_F(TicketDocuments, SomeoneElsesTicketHasNoPdfOrCalendarEntry) {
  auto owner = sign_up(port(), "docowner");
  auto other = sign_up(port(), "docnosy");
  const auto ticket = buy_ticket(port(), owner, "taylor-swift-eras", "VIP-C-5");
  EXPECT_EQ(http_get(port(), "/api/tickets/" + ticket + "/ticket.pdf", bearer(other)).status, 404);
  EXPECT_EQ(http_get(port(), "/api/tickets/" + ticket + "/event.ics", bearer(other)).status, 404);
  EXPECT_EQ(http_get(port(), "/api/tickets/" + ticket + "/event.ics").status, 401);
  EXPECT_EQ(http_get(port(), "/api/tickets/no-such-ticket/ticket.pdf", bearer(owner)).status, 404);
}

TEST_F(TicketDocuments, TheCalendarEntryHasTheShowAtItsInstantInTheVenuesOffset) {
  DocumentsDir dir;
  auto fan = sign_up(port(), "ics");
  const auto ticket = buy_ticket(port(), fan, "ed-sheeran-mathematics", "VIP-A-9");
  auto ics = http_get(port(), "/api/tickets/" + ticket + "/event.ics", bearer(fan));
  ASSERT_EQ(ics.status, 200) << ics.body;
  EXPECT_EQ(ics.header("content-type"), "text/calendar; charset=utf-8");
  EXPECT_NE(ics.header("content-disposition").find("attachment"), std::string::npos);
  const auto file = dir.write("event.ics", ics.body);
  const auto script = dir.write("read.py", R"(import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
ev = [c for c in cal.walk('VEVENT')][0]
start = ev.decoded('DTSTART')
print(int(start.timestamp()))
print(int(start.utcoffset().total_seconds() // 60))
print(ev.get('SUMMARY'))
print(ev.get('LOCATION'))
print(ev.get('STATUS'))
print(ev.get('URL'))
print(ev.get('UID'))
print(ev.get('DESCRIPTION').replace('\n', ' | '))
)");
  std::istringstream lines(run_command("/usr/bin/python3 " + script + " " + file + " 2>&1"));
  std::vector<std::string> got;
  for (std::string line; std::getline(lines, line);) got.push_back(line);
  ASSERT_EQ(got.size(), 8u) << ics.body;
  EXPECT_EQ(got[0], "1814635800") << "2027-07-03T18:30:00+01:00";
  EXPECT_EQ(got[1], "60") << "in the venue's own offset";
  EXPECT_EQ(got[2], "Ed Sheeran: +-=\u00f7\u00d7 Tour");
  EXPECT_EQ(got[3], "Croke Park, Dublin") << "a comma survives its escaping";
  EXPECT_EQ(got[4], "CONFIRMED");
  EXPECT_EQ(got[5], "https://tickets.example/tickets/" + ticket);
  EXPECT_EQ(got[6], "ticket-" + ticket + "@ticketwar");
  EXPECT_NE(got[7].find("row A, seat 9"), std::string::npos) << got[7];
  for (std::size_t at = 0, next; at < ics.body.size(); at = next + 2) {
    next = ics.body.find("\r\n", at);
    ASSERT_NE(next, std::string::npos) << "every line ends in CRLF";
    EXPECT_LE(next - at, 75u) << "lines are folded at 75 octets";
  }
}

}  // namespace tw::testing
