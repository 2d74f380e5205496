#pragma once
// SmtpTransport: sends each message to an SMTP server with libcurl (smtp:// or smtps://, with
// user:password@ in the URL when the server wants a login), on the worker pool: libcurl's easy
// interface blocks, and no I/O thread may wait on a mail server. A message sent again after a
// crash arrives twice with the same Message-ID, which mail clients show once.
#include <chrono>
#include <string>

#include "async/worker_pool.h"
#include "mail/mail_transport.h"

namespace tw::mail {

class SmtpTransport final : public MailTransport {
 public:
  SmtpTransport(std::string url, WorkerPool& pool, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  Task<core::Status> send(MailMessage message) override;

 private:
  std::string url_;
  WorkerPool& pool_;
  std::chrono::milliseconds timeout_;
};

// Whether `url` is one SmtpTransport takes (smtp:// or smtps:// with a host).
bool is_smtp_url(std::string_view url);

}  // namespace tw::mail
