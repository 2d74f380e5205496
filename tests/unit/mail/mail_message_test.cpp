// The RFC 5322 form of TicketWar's emails: 7-bit clean, names that cannot inject headers.
#include "mail/mail_message.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tw::mail {
namespace {

MailMessage message() {
  MailMessage m{{"TicketWar", "tickets@ticketwar.local"}, {"Dana Desktop", "dana@example.test"},
                "Your tickets for Eras", "receipt-1@ticketwar", 1'795'716'000, "Hi Dana,\nline two\n"};
  m.attachments.push_back({"ticket-A-1.png", "image/png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(300, 'x')});
  return m;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  for (auto end = text.find("\r\n"); end != std::string::npos; at = end + 2, end = text.find("\r\n", at)) {
    out.push_back(text.substr(at, end - at));
  }
  EXPECT_EQ(at, text.size()) << "every line ends with CRLF";
  return out;
}

TEST(MailMessage, IsSevenBitWithShortCrlfLinesAndTheHeadersMailNeeds) {
  const auto text = to_rfc5322(message());
  for (const auto& l : lines(text)) {
    EXPECT_LE(l.size(), 998u);
    EXPECT_EQ(l.find('\n'), std::string::npos);
  }
  for (unsigned char c : text) EXPECT_LT(c, 0x80);
  EXPECT_NE(text.find("From: \"TicketWar\" <tickets@ticketwar.local>\r\n"), std::string::npos);
  EXPECT_NE(text.find("To: \"Dana Desktop\" <dana@example.test>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Subject: Your tickets for Eras\r\n"), std::string::npos);
  EXPECT_NE(text.find("Date: Thu, 26 Nov 2026 18:00:00 +0000\r\n"), std::string::npos) << text.substr(0, 300);
  EXPECT_NE(text.find("Message-ID: <receipt-1@ticketwar>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Type: image/png; name=\"ticket-A-1.png\""), std::string::npos);
  EXPECT_NE(text.find(base64_lines("Hi Dana,\r\nline two\r\n")), std::string::npos) << "text with CRLF, base64";
}

TEST(MailMessage, ANameWithLineBreaksCannotAddAHeader) {
  auto m = message();
  m.to.name = "Eve\r\nBcc: everyone@example.test";
  m.subject = "Hi\nX-Injected: yes";
  const auto text = to_rfc5322(m);
  for (const auto& l : lines(text)) {
    EXPECT_FALSE(l.starts_with("Bcc:")) << l;
    EXPECT_FALSE(l.starts_with("X-Injected:")) << l;
  }
}

TEST(MailMessage, UnicodeHeadersAreEncodedWordsOfWholeCharacters) {
  auto m = message();
  m.to.name = "Zoë Ångström";
  m.subject = std::string(30, 'x') + " für Björk — Reykjavík Harpa, Sat 1 May 2027";
  const auto text = to_rfc5322(m);
  EXPECT_NE(text.find("To: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(text.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(text.find("?=\r\n =?UTF-8?B?"), std::string::npos) << "a long subject folds into several words";
}

TEST(MailMessage, Base64LinesAreAtMost76Characters) {
  const auto encoded = base64_lines(std::string(1000, '\xff'));
  for (const auto& l : lines(encoded)) EXPECT_LE(l.size(), 76u);
  EXPECT_EQ(base64_lines("hi"), "aGk=\r\n");
}

}  // namespace
}  // namespace tw::mail
