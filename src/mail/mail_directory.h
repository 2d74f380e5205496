#pragma once
// MailDirectory: writes each message to DIR/<message id>.eml (written whole, then renamed into
// place, on the worker pool). A message whose file is already there is not written again, so
// sending the same receipt twice leaves one file.
#include <string>

#include "async/worker_pool.h"
#include "mail/mail_transport.h"

namespace tw::mail {

class MailDirectory final : public MailTransport {
 public:
  MailDirectory(std::string dir, WorkerPool& pool) : dir_(std::move(dir)), pool_(pool) {}
  Task<core::Status> send(MailMessage message) override;
  // Deletes every file whose To: header names `address`.
  Task<core::Status> forget_recipient(std::string address) override;

  // The file a message with this id is written to.
  std::string path_for(const std::string& message_id) const;

 private:
  std::string dir_;
  WorkerPool& pool_;
};

}  // namespace tw::mail
