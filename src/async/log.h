#pragma once
// The application's log: one JSON object per line, {"time","level","msg",...fields}, every value
// escaped. Debug and info lines go to stdout (scripts wait for "listening" there); warnings and
// errors go to stderr. Lines below the level set (--log-level, default info) are not written.
// Requests are logged apart, by http/access_log.h.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/error.h"

namespace tw {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// "debug", "info", "warning" or "error".
std::optional<LogLevel> parse_log_level(std::string_view name);
// Lines below `lowest` are dropped from now on (the process's setting).
void set_log_level(LogLevel lowest);
bool log_enabled(LogLevel level);

// One field of a line: a string (quoted) or a number.
struct LogField {
  std::string_view name;
  std::variant<std::string_view, std::int64_t> value;
};

void log_line(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {});
// An info line written whatever the level: the server's start ("listening", which scripts and
// tests wait for) and stop.
void log_milestone(std::string_view msg, std::initializer_list<LogField> fields = {});

// Problems a service handles but an operator should hear of (an inventory update that failed
// after the database committed, a refund the processor refused): an error line naming what
// failed, the error's code and message, and what it concerned.
void log_problem(std::string_view what, const core::Error& e, std::string_view subject = {});

}  // namespace tw
