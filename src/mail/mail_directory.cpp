#include "mail/mail_directory.h"

#include <filesystem>
#include <fstream>

namespace tw::mail {

std::string MailDirectory::path_for(const std::string& message_id) const {
  std::string name;
  for (char c : message_id) name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '_';
  return dir_ + "/" + name + ".eml";
}

// Not a coroutine itself: the work and what it needs go to the pool whole.
Task<core::Status> MailDirectory::send(MailMessage message) {
  return pool_.run([path = path_for(message.message_id), text = to_rfc5322(message), dir = dir_]() -> core::Status {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (std::filesystem::exists(path, ec)) return core::Ok{};
    const auto partial = path + ".partial";
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out.flush()) return core::unavailable("mail_unwritable", "cannot write " + partial);
    }
    std::filesystem::rename(partial, path, ec);
    if (ec) return core::unavailable("mail_unwritable", "cannot write " + path + ": " + ec.message());
    return core::Ok{};
  });
}

}  // namespace tw::mail
