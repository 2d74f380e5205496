#pragma once
// MailTransport port: how an email leaves TicketWar. Embedded adapter: MailDirectory (one .eml
// file per message, var/mail by default). Scale-out adapter: SmtpTransport (--smtp URL). Both
// are also what the tests use (a directory; an SMTP sink the test starts).
#include "async/task.h"
#include "core/result.h"
#include "mail/mail_message.h"

namespace tw::mail {

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Sends the message. kUnavailable when the mail server cannot take it now (try again later).
  virtual Task<core::Status> send(MailMessage message) = 0;
  // Removes the copies kept of messages to `address` (a deleted account's receipts). A transport
  // that keeps none (SMTP hands them on) has nothing to remove.
  virtual Task<core::Status> forget_recipient(std::string address) {
    (void)address;
    co_return core::Ok{};
  }
};

}  // namespace tw::mail
