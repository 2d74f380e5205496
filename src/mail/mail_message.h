#pragma once
// An email as TicketWar sends it (receipts, notices), and its RFC 5322 form: MIME multipart with
// a UTF-8 text part and attachments, each base64. Header values are encoded words when they are
// not plain ASCII, and can never carry a line break (no header injection from names).
#include <cstdint>
#include <string>
#include <vector>

namespace tw::mail {

struct Mailbox {
  std::string name;     // display name, any UTF-8; may be empty
  std::string address;  // user@host
};

struct Attachment {
  std::string filename;
  std::string content_type;  // e.g. "image/png"
  std::string data;
};

struct MailMessage {
  Mailbox from;
  Mailbox to;
  std::string subject;
  std::string message_id;  // without angle brackets; the same message always has the same id
  std::int64_t date_s = 0;  // Unix time
  std::string text;         // the body, UTF-8, lines separated by \n
  std::vector<Attachment> attachments;
};

// The message as it goes over SMTP or into a .eml file: CRLF line ends, 7-bit clean.
std::string to_rfc5322(const MailMessage& m);

// Base64 in lines of at most 76 characters, each ended by CRLF (RFC 2045).
std::string base64_lines(const std::string& data);

// "Dana" for "Dana Desktop": how messages and pages greet a person.
std::string first_name(const std::string& full_name);
// How a message to this person opens: "Hi Dana,\n\n" for "Dana Desktop".
std::string hello(const std::string& full_name);

}  // namespace tw::mail
