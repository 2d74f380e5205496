#include "async/log.h"

#include <cstdio>

#include "core/utf8.h"

namespace tw {
namespace {

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "error";
}

std::string value_text(const std::variant<std::string_view, std::int64_t>& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  return core::json_quote(std::get<std::string_view>(v));
}

}  // namespace

void log_line(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  std::string line = std::string("{\"level\":\"") + level_name(level) + "\",\"msg\":" + core::json_quote(msg);
  for (const auto& f : fields) line += "," + core::json_quote(f.name) + ":" + value_text(f.value);
  line += "}\n";
  // One write per line, so lines from several threads never interleave.
  std::FILE* out = level == LogLevel::kInfo ? stdout : stderr;
  std::fwrite(line.data(), 1, line.size(), out);
  if (out == stdout) std::fflush(stdout);
}

void log_problem(std::string_view what, const core::Error& e, std::string_view subject) {
  if (subject.empty()) {
    log_line(LogLevel::kError, what, {{"code", e.code}, {"error", e.message}});
  } else {
    log_line(LogLevel::kError, what, {{"code", e.code}, {"error", e.message}, {"subject", subject}});
  }
}

}  // namespace tw
