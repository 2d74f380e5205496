#include "async/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>

#include "core/iso_time.h"
#include "core/utf8.h"

namespace tw {
namespace {

std::atomic<LogLevel> lowest_level{LogLevel::kInfo};

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
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

std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (auto level : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning, LogLevel::kError}) {
    if (name == level_name(level)) return level;
  }
  return std::nullopt;
}

void set_log_level(LogLevel lowest) { lowest_level.store(lowest, std::memory_order_relaxed); }

bool log_enabled(LogLevel level) { return level >= lowest_level.load(std::memory_order_relaxed); }

namespace {

void write_line(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  // Appended piece by piece: GCC 12 warns (wrongly, -Wstringop-overflow) about `"literal" +
  // std::string&&` here in a Release build.
  std::string line = "{\"time\":\"";
  line += core::format_utc_millis(now_ms);
  line += "\",\"level\":\"";
  line += level_name(level);
  line += "\",\"msg\":";
  line += core::json_quote(msg);
  for (const auto& f : fields) {
    line += ',';
    line += core::json_quote(f.name);
    line += ':';
    line += value_text(f.value);
  }
  line += "}\n";
  // One write per line, so lines from several threads never interleave.
  std::FILE* out = level <= LogLevel::kInfo ? stdout : stderr;
  std::fwrite(line.data(), 1, line.size(), out);
  if (out == stdout) std::fflush(stdout);
}

}  // namespace

void log_line(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  if (log_enabled(level)) write_line(level, msg, fields);
}

void log_milestone(std::string_view msg, std::initializer_list<LogField> fields) {
  write_line(LogLevel::kInfo, msg, fields);
}

void log_problem(std::string_view what, const core::Error& e, std::string_view subject) {
  if (subject.empty()) {
    log_line(LogLevel::kError, what, {{"code", e.code}, {"error", e.message}});
  } else {
    log_line(LogLevel::kError, what, {{"code", e.code}, {"error", e.message}, {"subject", subject}});
  }
}

}  // namespace tw
