#include "support/mail_reader.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

namespace tw::testing {

std::vector<std::pair<std::string, std::string>> mime_parts(const std::string& message) {
  const auto marker = message.find("boundary=\"");
  if (marker == std::string::npos) return {};
  const auto start = marker + 10;
  const auto boundary = "--" + message.substr(start, message.find('"', start) - start);
  std::vector<std::pair<std::string, std::string>> parts;
  for (auto at = message.find(boundary + "\r\n"); at != std::string::npos;) {
    const auto begin = at + boundary.size() + 2;
    const auto end = message.find(boundary, begin);
    if (end == std::string::npos) break;
    const auto part = message.substr(begin, end - begin);
    const auto blank = part.find("\r\n\r\n");
    std::string b64;
    for (char c : part.substr(blank + 4)) {
      if (c != '\r' && c != '\n') b64 += c;
    }
    std::string decoded(b64.size(), '\0');
    std::size_t n = 0;
    sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(), b64.data(), b64.size(),
                      nullptr, &n, nullptr, sodium_base64_VARIANT_ORIGINAL);
    decoded.resize(n);
    parts.emplace_back(part.substr(0, blank), decoded);
    at = message.compare(end, boundary.size() + 2, boundary + "--") == 0 ? std::string::npos : end;
  }
  return parts;
}

std::vector<std::string> mail_files(const std::string& dir, const std::string& prefix) {
  std::vector<std::pair<std::filesystem::file_time_type, std::string>> found;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().filename().string().rfind(prefix, 0) == 0) found.emplace_back(e.last_write_time(), e.path().string());
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& [when, path] : found) out.push_back(std::move(path));
  return out;
}

std::string link_token(const std::string& dir, const std::string& prefix, const std::string& email,
                       const std::string& page) {
  const auto files = mail_files(dir, prefix);
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    std::ifstream in(*it, std::ios::binary);
    const std::string eml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (eml.find("<" + email + ">") == std::string::npos) continue;
    const auto parts = mime_parts(eml);
    if (parts.empty()) continue;
    const auto& text = parts.front().second;
    const auto marker = page + "?token=";
    const auto at = text.find(marker);
    if (at == std::string::npos) return {};
    const auto start = at + marker.size();
    return text.substr(start, text.find_first_of("\r\n", start) - start);
  }
  return {};
}

std::string wait_for_file(const std::string& path) {
  for (int i = 0; i < 600 && !std::filesystem::exists(path); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace tw::testing
