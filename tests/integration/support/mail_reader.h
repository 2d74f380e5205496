#pragma once
// Reading the .eml files a server writes (receipts, password reset links).
#include <string>
#include <utility>
#include <vector>

namespace tw::testing {

// The parts of a MIME message, each as {headers, decoded body} (bodies are base64).
std::vector<std::pair<std::string, std::string>> mime_parts(const std::string& message);
// The files in `dir` whose names start with `prefix`, newest last (by name when written together).
std::vector<std::string> mail_files(const std::string& dir, const std::string& prefix);
// The token of the newest link to `page` ("/reset-password", "/verify-email") in a message from
// `dir` whose file name starts with `prefix` and that went to `email`; empty when there is none.
std::string link_token(const std::string& dir, const std::string& prefix, const std::string& email,
                       const std::string& page);

// The file at `path` once it exists, waiting up to 30 s (receipts draw their ticket images on a
// lowest-priority thread, which a busy machine can hold back for seconds); empty if it never came.
std::string wait_for_file(const std::string& path);

}  // namespace tw::testing
