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

namespace {

// Whether the message in this file is addressed to `address`: its To: header (with the lines
// it is folded onto), before the body.
bool addressed_to(const std::filesystem::path& file, const std::string& address) {
  std::ifstream in(file, std::ios::binary);
  std::string line, to;
  bool in_to = false;
  while (std::getline(in, line) && line != "\r" && !line.empty()) {
    const bool folded = line[0] == ' ' || line[0] == '\t';
    if (!folded) in_to = line.rfind("To:", 0) == 0;
    if (in_to) to += line;
  }
  return to.find("<" + address + ">") != std::string::npos;
}

}  // namespace

Task<core::Status> MailDirectory::forget_recipient(std::string address) {
  return pool_.run([dir = dir_, address = std::move(address)]() -> core::Status {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() != ".eml" || !addressed_to(entry.path(), address)) continue;
      std::filesystem::remove(entry.path(), ec);
      if (ec) return core::unavailable("mail_unwritable", "cannot remove " + entry.path().string() + ": " + ec.message());
    }
    return core::Ok{};  // no directory: nothing was kept
  });
}

}  // namespace tw::mail
