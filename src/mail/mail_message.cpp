#include "mail/mail_message.h"

#include <sodium.h>

#include <algorithm>
#include <ctime>

#include "core/encoding.h"

namespace tw::mail {
namespace {

// Line breaks and other controls never reach a header.
std::string one_line(std::string s) {
  std::replace_if(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }, ' ');
  return s;
}

bool plain_ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

// RFC 2047 encoded word when needed; one word per 45 bytes so no line grows past 76.
std::string header_text(const std::string& value) {
  const auto s = one_line(value);
  if (plain_ascii(s)) return s;
  std::string out;
  for (std::size_t at = 0; at < s.size();) {
    auto n = std::min<std::size_t>(45, s.size() - at);
    while (at + n < s.size() && (static_cast<unsigned char>(s[at + n]) & 0xC0) == 0x80) --n;  // whole characters
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + core::base64(s.substr(at, n)) + "?=";
    at += n;
  }
  return out;
}

std::string mailbox(const Mailbox& m) {
  // Appended, not `"<" + …`: g++ 12 at -O2 warns falsely (-Wstringop-overflow) about the latter.
  std::string address = "<";
  address.append(one_line(m.address)).append(">");
  if (m.name.empty()) return address;
  const auto name = one_line(m.name);
  if (!plain_ascii(name)) return header_text(name) + " " + address;
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" " + address;
}

std::string rfc5322_date(std::int64_t unix_s) {
  const auto t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

// A boundary that cannot occur in base64 text ('=' and '_' only in its name).
std::string boundary_for(const MailMessage& m) { return "=_tw_" + core::base64(m.message_id).substr(0, 24) + "_="; }

std::string text_with_crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    if (c != '\r') out += c;
  }
  return out;
}

}  // namespace

std::string base64_lines(const std::string& data) {
  const auto all = core::base64(data);
  std::string out;
  for (std::size_t at = 0; at < all.size(); at += 76) out += all.substr(at, 76) + "\r\n";
  return out;
}

std::string to_rfc5322(const MailMessage& m) {
  const auto boundary = boundary_for(m);
  std::string out;
  out += "From: " + mailbox(m.from) + "\r\n";
  out += "To: " + mailbox(m.to) + "\r\n";
  out += "Subject: " + header_text(m.subject) + "\r\n";
  out += "Date: " + rfc5322_date(m.date_s) + "\r\n";
  out += "Message-ID: <" + one_line(m.message_id) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += base64_lines(text_with_crlf(m.text));
  for (const auto& a : m.attachments) {
    const auto name = header_text(a.filename);
    out += "--" + boundary + "\r\n";
    out += "Content-Type: " + one_line(a.content_type) + "; name=\"" + name + "\"\r\n";
    out += "Content-Disposition: attachment; filename=\"" + name + "\"\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += base64_lines(a.data);
  }
  out += "--" + boundary + "--\r\n";
  return out;
}

std::string first_name(const std::string& full_name) { return full_name.substr(0, full_name.find(' ')); }

std::string hello(const std::string& full_name) { return "Hi " + first_name(full_name) + ",\n\n"; }

}  // namespace tw::mail
